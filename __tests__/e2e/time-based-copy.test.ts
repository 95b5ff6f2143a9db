/**
 * copy-completion-duration, end to end: CopyImage carries SnapshotCopyCompletionDurationMinutes
 * and the simulator completes the copy by then. That the waiter looks at the guaranteed time
 * is shown on virtual time in __tests__/waiter/copy-guarantee.test.ts: here the action's clock
 * is real and the simulator's runs 600 times faster, so "45 minutes" differ between them.
 */
import { describe, expect, it } from 'vitest';
import { amiIdsOutput, entries } from '../support/invariants.js';
import { startScenario } from '../support/scenario.js';

describe('bundle: time-based copy', () => {
  it('a 1 TiB image with copy-completion-duration: 45m is available about 45 minutes after its start', async () => {
    // 600 simulated seconds per real second: 45 minutes take 4.5 s (at standard speed it would be about 7 hours).
    // Progress stays at 0% until the copy is done.
    const s = await startScenario({
      scale: 600,
      targetRegions: ['eu-west-1'],
      source: { sizeGiB: 1024 },
      model: { progressProfile: 'zero-until-done' },
    });
    try {
      const run = await s.run({
        inputs: s.inputs({ 'copy-completion-duration': '45m', timeout: '6h', 'include-source': 'false' }),
      });
      expect(run.errorMessage).toBeUndefined();
      expect(run.exitCode).toBe(0);
      const copy = s.model.log.find({ action: 'CopyImage', outcome: 'ok' });
      expect(copy).toHaveLength(1);
      expect(copy[0]?.params?.SnapshotCopyCompletionDurationMinutes).toBe('45');
      const [image] = entries(run);
      expect(image?.state).toBe('available');
      const imageId = amiIdsOutput(run)['eu-west-1'] as string;
      const completed = s.model.completionTime('eu-west-1', imageId);
      const started = copy[0]?.clockTime ?? 0;
      expect((completed ?? Number.POSITIVE_INFINITY) - started).toBeLessThanOrEqual(45 * 60_000);
      expect(run.summary).toContain('Time-based copies: AWS completes each copy within 45 minutes');
    } finally {
      await s.close();
    }
  });
});
