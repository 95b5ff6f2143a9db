/**
 * The overall timeout: one region copies far slower than the others. The step gives up on it
 * at the timeout, fails naming it, keeps the copy running (on-timeout: keep), and the post
 * step leaves it alone. A rerun with the same inputs picks the pending copy up instead of
 * starting another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summaryNote, summaryRow } from '../report/summary-parts.js';
import { type ActionRun, runAction } from '../support/run-action.js';
import { callsSince, logMark } from '../support/sim-log.js';
import { startWorld, type World } from '../support/sim-world.js';

const TARGETS = ['eu-west-1', 'ap-southeast-1', 'us-west-2'];
const SLOW = 'us-west-2';
const TIMEOUT_MS = 3_000;

describe('bundle: a timeout with one slow region', () => {
  let world: World;
  let step: { main: ActionRun; post: ActionRun };
  let rerun: ActionRun;
  let slowImageId: string;
  let markBeforePost: number;
  let markBeforeRerun: number;

  beforeAll(async () => {
    // 1200× clock: a 50 GiB copy at the default 40 MiB/s takes ~1.2 s; at 1 MiB/s in the slow
    // region it takes ~14 simulated hours, ~43 s here: far beyond the timeout.
    world = await startWorld({ scale: 1200 });
    world.sim.model.setCopyThroughput(SLOW, 1);
    const inputs = {
      'source-ami-id': world.sourceImageId,
      'target-regions': TARGETS.join(' '),
      timeout: `${TIMEOUT_MS / 1000}s`,
    };
    const main = await runAction({ env: world.env, inputs });
    markBeforePost = logMark(world.sim.model);
    const post = await runAction({ env: world.env, inputs, phase: 'post', state: main.state });
    step = { main, post };
    slowImageId = world.sim.model.images(SLOW)[0]?.ImageId as string;
    markBeforeRerun = logMark(world.sim.model);
    rerun = await runAction({ env: { ...world.env, GITHUB_RUN_ATTEMPT: '2' }, inputs });
  });
  afterAll(() => world.close());

  it('stops at the timeout and fails naming the pending region', () => {
    const { main } = step;
    expect(main.exitCode).toBe(1);
    expect(main.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(main.durationMs).toBeLessThan(TIMEOUT_MS + 5_000);
    const message = main.errorMessage ?? '';
    expect(message).toContain('1 of 3 regions did not end available');
    expect(message).toContain(`${SLOW}: timed-out (${slowImageId})`);
    expect(message).toContain('The copy was kept and continues in AWS.');
    expect(message).toMatch(/Rerun with the same inputs to pick it up, or raise `timeout`/);
    expect(message).not.toContain('eu-west-1');
  });

  it('outputs the finished regions and reports the pending copy', () => {
    const { main } = step;
    const amiIds = JSON.parse(main.outputs['ami-ids'] ?? 'null') as Record<string, string>;
    expect(Object.keys(amiIds).sort()).toEqual(['ap-southeast-1', 'eu-west-1', 'us-east-1']);
    expect(JSON.parse(main.outputs['failed-regions'] ?? 'null')).toEqual([SLOW]);
    const record = (JSON.parse(main.outputs.images ?? '[]') as Record<string, unknown>[]).find(
      (i) => i.region === SLOW,
    );
    expect(record).toMatchObject({ imageId: slowImageId, state: 'timed-out', disposition: 'kept' });
    const row = summaryRow(main.summary, SLOW);
    expect(row).toContain(`\`${slowImageId}\``);
    expect(row).toContain('⌛ timed-out');
    expect(summaryNote(main.summary, row)).toContain('copy kept (still running in AWS)');
  });

  it('keeps the copy: still pending in the simulator, untouched by the post step', () => {
    expect(slowImageId).toMatch(/^ami-/);
    expect(world.sim.model.imageState(SLOW, slowImageId)).toBe('pending');
    expect(world.sim.model.log.count({ action: 'DeregisterImage' })).toBe(0);
    expect(world.sim.model.log.count({ action: 'DeleteSnapshot' })).toBe(0);
    expect(step.post.exitCode).toBe(0);
    expect(step.post.errorMessage).toBeUndefined();
    // The main step saw the copy through to its timeout: the post step has nothing to do.
    expect(markBeforeRerun).toBe(markBeforePost);
  });

  it('a rerun with the same inputs picks the pending copy up instead of copying again', () => {
    expect(callsSince(world.sim.model, markBeforeRerun, { action: 'CopyImage' })).toEqual([]);
    const record = (JSON.parse(rerun.outputs.images ?? '[]') as Record<string, unknown>[]).find(
      (i) => i.region === SLOW,
    );
    expect(record).toMatchObject({ imageId: slowImageId, origin: 'reused', state: 'timed-out' });
    expect(rerun.exitCode).toBe(1);
    expect(world.sim.model.images(SLOW)).toHaveLength(1);
  });
});
