/**
 * The runner cancels before any copy exists (issue 8, item 7): during preflight, and while the
 * source image is still pending. No mutating call may reach AWS after the cancel, and the run
 * says it was cancelled rather than "failed unexpectedly".
 */
import { expect, it } from 'vitest';
import { figures, startScenario } from '../../support/scenario.js';
import { calls, cancel, printFigures, start } from './helpers.js';

export function cancelEarly(): void {
  it('a cancel during preflight starts no copy and changes nothing', async () => {
    const s = await startScenario();
    try {
      // Each DescribeImages takes 0.8 s: preflight is still looking when the cancel comes.
      s.model.faults.latency(800, 'DescribeImages');
      const run = start(s);
      await calls(s.model, (e) => e.action === 'DescribeRegions', 1);
      cancel(run);
      const cancelled = await run.done;
      // Calls still in flight when the process left are answered into the void: let them land.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      printFigures('cancel during preflight', s, [cancelled]);
      expect(cancelled.exitCode).toBe(1);
      expect(cancelled.errorMessage).toMatch(/cancel/i);
      expect(cancelled.errorMessage).not.toContain('unexpectedly');
      expect(figures(s.model, s.mark.logLength).mutating).toBe(0);
      expect(s.model.log.count({ action: 'CopyImage' })).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('a cancel while the source image is still pending is reported as a cancel', async () => {
    const s = await startScenario({ source: { state: 'pending' } });
    try {
      const run = start(s);
      await calls(s.model, (e) => e.action === 'DescribeImages', 1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      cancel(run);
      const cancelled = await run.done;
      expect(cancelled.exitCode).toBe(1);
      expect(cancelled.errorMessage).toBe(
        'Cancelled: Cancelled while waiting for the source image to become available; no copy was made.',
      );
      expect(figures(s.model, s.mark.logLength).mutating).toBe(0);
    } finally {
      await s.close();
    }
  });
}
