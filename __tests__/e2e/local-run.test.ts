/**
 * The action outside GitHub's hosted runner: no GITHUB_STEP_SUMMARY (a local run, another CI,
 * an older GitHub Enterprise Server), Node 20 rather than the node24 of action.yml, and a
 * target list generated with a trailing comma. None of it may change the result.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_SPECS } from '../../src/report/output-names.js';
import { amiIdsOutput } from '../support/invariants.js';
import { ACTION_NODE, type ActionRun, runAction } from '../support/run-action.js';
import { startWorld, type World } from '../support/sim-world.js';

const NODE_MAJOR = Number(
  execFileSync(ACTION_NODE, ['-p', 'process.versions.node.split(".")[0]']).toString(),
);

describe('bundle: a successful run without GITHUB_STEP_SUMMARY, on the machine’s Node', () => {
  let world: World;
  let run: ActionRun;

  beforeAll(async () => {
    world = await startWorld({ scale: 1200 });
    run = await runAction({
      env: world.env,
      unsetEnv: ['GITHUB_STEP_SUMMARY'],
      inputs: {
        'source-ami-id': world.sourceImageId,
        'target-regions': 'eu-west-1, us-west-2,',
        timeout: '4s',
      },
    });
  });
  afterAll(() => world.close());

  it('succeeds: the missing summary is a warning, not a failure', () => {
    expect(run.exitCode).toBe(0);
    expect(run.errorMessage).toBeUndefined();
    expect(run.stdout).toMatch(/^::warning::The job summary was not written \(.*GITHUB_STEP_SUMMARY/m);
    expect(run.summary).toBe('');
  });

  it('writes each output exactly once, with the copies (a trailing comma in target-regions is fine)', () => {
    for (const { name } of OUTPUT_SPECS) {
      const headers = run.outputFile.split('\n').filter((line) => line.startsWith(`${name}<<`));
      expect(headers, name).toHaveLength(1);
    }
    expect(Object.keys(amiIdsOutput(run)).sort()).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
    expect(JSON.parse(run.outputs['failed-regions'] ?? '')).toEqual([]);
  });

  it('keeps the log free of the AWS SDK’s NodeVersionSupportWarning', () => {
    // The SDK emits it when the first client is made: this run made clients and copies.
    expect(world.sim.model.log.count({ action: 'CopyImage' })).toBe(2);
    expect(`${run.stdout}\n${run.stderr}`).not.toContain('NodeVersionSupportWarning');
    expect(run.stderr).toBe('');
  });

  it.runIf(NODE_MAJOR < 22)(
    'on Node < 22 the notice is real: a workflow that sets the SDK switch to false still gets it',
    async () => {
      const shown = await runAction({
        env: { ...world.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' },
        inputs: { 'source-ami-id': 'ami-0123456789abcdef0', 'target-regions': 'eu-west-1' },
      });
      expect(shown.exitCode).toBe(1);
      expect(shown.stderr).toContain('NodeVersionSupportWarning');
    },
  );
});
