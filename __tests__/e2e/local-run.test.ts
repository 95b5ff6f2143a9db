/**
 * The action outside GitHub's hosted runner: no GITHUB_STEP_SUMMARY (a local run, another CI,
 * an older GitHub Enterprise Server), and a target list generated with a trailing comma. Neither
 * may change the result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTPUT_SPECS } from '../../src/report/output-names.js';
import { amiIdsOutput } from '../support/invariants.js';
import { type ActionRun, runAction } from '../support/run-action.js';
import { startWorld, type World } from '../support/sim-world.js';

describe('bundle: a successful run without GITHUB_STEP_SUMMARY', () => {
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
});
