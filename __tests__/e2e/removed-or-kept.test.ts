/**
 * What the step says about a copy that did not end available must match what it did with it:
 * a timed-out copy removed by `on-timeout: deregister` does not "go on in AWS", and a failed
 * copy kept by `cleanup-failed: false` still holds its name, so a rerun cannot simply make a
 * new one. Each scenario has its own simulator; they run side by side.
 */
import { describe, expect, it } from 'vitest';
import { runAction } from '../support/run-action.js';
import { startWorld } from '../support/sim-world.js';

const TARGETS = ['eu-west-1', 'us-west-2'];
const UNLUCKY = 'us-west-2';

/** 1200× clock: healthy copies finish ~1.3 s after they start; the step's deadline is 3 s. */
async function world() {
  return startWorld({ scale: 1200 });
}

function recordOf(outputs: Record<string, string>, region: string): Record<string, unknown> | undefined {
  return (JSON.parse(outputs.images ?? '[]') as Record<string, unknown>[]).find((i) => i.region === region);
}

describe.concurrent('bundle: removed or kept copies are reported as such', () => {
  it('on-timeout: deregister removes the pending copy and does not promise it goes on', async () => {
    const w = await world();
    try {
      w.sim.model.setCopyThroughput(UNLUCKY, 1);
      const run = await runAction({
        env: w.env,
        inputs: {
          'source-ami-id': w.sourceImageId,
          'target-regions': TARGETS.join(' '),
          timeout: '3s',
          'on-timeout': 'deregister',
        },
      });
      expect(run.exitCode).toBe(1);
      const record = recordOf(run.outputs, UNLUCKY);
      expect(record).toMatchObject({ state: 'timed-out', disposition: 'removed' });
      expect(w.sim.model.images(UNLUCKY)).toEqual([]);
      expect(w.sim.model.snapshots(UNLUCKY)).toEqual([]);
      const message = run.errorMessage ?? '';
      expect(message).toContain(`${UNLUCKY}: timed-out`);
      expect(message).toContain('The copy and its snapshots were removed.');
      expect(message).not.toMatch(/goes on in AWS|pick it up/);
      expect(String(record?.hint)).not.toMatch(/goes on in AWS|pick it up/);
      expect(String(record?.hint)).toContain('timeout');
    } finally {
      await w.close();
    }
  });

  it('cleanup-failed: false keeps the failed copy, and the hint says a rerun needs it gone', async () => {
    const w = await world();
    try {
      w.sim.model.faults.failCopies(UNLUCKY, undefined, 0.3);
      const inputs = {
        'source-ami-id': w.sourceImageId,
        'target-regions': TARGETS.join(' '),
        timeout: '3s',
        'cleanup-failed': 'false',
      };
      const run = await runAction({ env: w.env, inputs });
      expect(run.exitCode).toBe(1);
      const record = recordOf(run.outputs, UNLUCKY);
      expect(record).toMatchObject({ state: 'failed', disposition: 'kept' });
      const failedId = record?.imageId as string;
      expect(w.sim.model.imageState(UNLUCKY, failedId)).toBe('failed');
      expect(String(record?.hint)).not.toMatch(/a rerun makes a new copy/);
      expect(String(record?.hint)).toMatch(/deregister/i);

      // What the hint warns about: the kept copy holds the name, so a rerun stops in preflight.
      w.sim.model.faults.reset();
      const rerun = await runAction({ env: { ...w.env, GITHUB_RUN_ATTEMPT: '2' }, inputs });
      expect(rerun.exitCode).toBe(1);
      expect(rerun.errorMessage).toContain(`${UNLUCKY}: the name`);
      expect(rerun.errorMessage).toContain(failedId);
      expect(w.sim.model.log.count({ action: 'CopyImage' })).toBe(2);
    } finally {
      await w.close();
    }
  });
});
