/**
 * Fault suite, part 4: the runner cancels the job mid-wait (SIGINT, then SIGTERM). The main step
 * must stop within 5 seconds, write what it knows (outputs, summary) and save the copies it
 * started; the post step then reports the copies left running, or deregisters them with
 * `on-cancel: deregister`.
 */
import type { ChildProcess } from 'node:child_process';
import { expect, it } from 'vitest';
import { amiIdsOutput, expectInvariants, imagesOutput } from '../../support/invariants.js';
import type { ActionRun } from '../../support/run-action.js';
import { figures, logFigures, type Scenario, startScenario, whenLogged } from '../../support/scenario.js';
import { expectNoLeaks } from '../../support/secrets.js';

interface CancelledRun {
  readonly run: ActionRun;
  /** Real ms from SIGINT to the process's exit. */
  readonly stopMs: number;
}

/** Runs the main step and cancels it like the runner, once every copy has started. */
async function runAndCancel(s: Scenario, inputs: Record<string, string>): Promise<CancelledRun> {
  let child: ChildProcess | undefined;
  let sigintAt = 0;
  const running = s.run({ inputs, onSpawn: (c) => (child = c) });
  await whenLogged(s.model, (e) => e.action === 'CopyImage' && e.outcome === 'ok', {
    count: s.targetRegions.length,
  });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  sigintAt = Date.now();
  child?.kill('SIGINT');
  // The runner escalates to SIGTERM; here right away, while the step is still settling.
  setTimeout(() => child?.kill('SIGTERM'), 50).unref();
  const run = await running;
  return { run, stopMs: Date.now() - sigintAt };
}

interface StartedCopy {
  readonly region: string;
  readonly imageId: string;
}

function expectCancelledMainStep(s: Scenario, { run, stopMs }: CancelledRun): StartedCopy[] {
  expect(stopMs).toBeLessThan(5_000);
  expect(run.exitCode).toBe(1);
  expect(run.stdout).toContain('::warning::Received SIGINT: stopping; copies already started are reported.');
  // The copies it started are saved for the post step, and reported.
  const started = JSON.parse(run.state['started-copies'] ?? '[]') as StartedCopy[];
  expect(started.map((c) => c.region).sort()).toEqual([...s.targetRegions].sort());
  for (const copy of started) {
    expect(s.model.imageState(copy.region, copy.imageId)).toBe('pending');
    expect(run.summary).toContain(copy.imageId);
    expect(run.errorMessage).toContain(copy.imageId);
  }
  expect(run.errorMessage).toMatch(/cancel/i);
  // Outputs are written: nothing usable yet, every target listed as not available.
  expect(amiIdsOutput(run)).toEqual({ 'us-east-1': s.world.sourceImageId });
  expect(JSON.parse(run.outputs['failed-regions'] ?? '')).toEqual([...s.targetRegions]);
  expect(imagesOutput(run).map((r) => r.state)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  expect(run.state.isPost).toBe('true');
  return started;
}

/** Registers the scenarios (inside the suite's concurrent describe). */
export function cancellation(): void {
  it('SIGINT then SIGTERM mid-wait: stops within 5 s, reports and saves the copies; the post step reports them running', async () => {
    // 300 GiB: the copies run for about 26 real seconds at scale 300, well past the cancel.
    const s = await startScenario({ source: { sizeGiB: 300 } });
    try {
      const cancelled = await runAndCancel(s, s.inputs());
      logFigures('cancel (main step)', cancelled.run, figures(s.model));
      const started = expectCancelledMainStep(s, cancelled);

      const postFrom = s.model.log.all().length;
      const post = await s.run({ phase: 'post', state: cancelled.run.state });
      logFigures('cancel (post, keep)', post, figures(s.model, postFrom));
      expect(post.exitCode).toBe(0);
      for (const copy of started) {
        expect(post.stdout).toContain(
          `::warning::${copy.region}: ${copy.imageId} is still copying and was kept (on-cancel: keep); a rerun picks it up.`,
        );
        expect(s.model.imageState(copy.region, copy.imageId)).toBe('pending');
      }
      expect(figures(s.model, postFrom).mutating).toBe(0);
      expectInvariants(s.model, s.mark, {
        copiesIn: s.targetRegions,
        runs: [cancelled.run, post],
        keptElsewhere: started.map((c) => c.imageId),
      });
      expectNoLeaks(cancelled.run, s.model);
      expectNoLeaks(post, s.model);
    } finally {
      await s.close();
    }
  });

  it('with on-cancel: deregister the post step deregisters the copies left running and deletes their snapshots', async () => {
    const s = await startScenario({ source: { sizeGiB: 300 } });
    try {
      const inputs = s.inputs({ 'on-cancel': 'deregister' });
      const cancelled = await runAndCancel(s, inputs);
      const started = expectCancelledMainStep(s, cancelled);
      // The main step says what the post step will do, not that the copies go on.
      expect(cancelled.run.errorMessage).toContain('The post step deregisters the copy');
      expect(cancelled.run.errorMessage).not.toContain('continues in AWS');
      expect(cancelled.run.summary).toContain('the post step deregisters the copy');

      const postFrom = s.model.log.all().length;
      const post = await s.run({ phase: 'post', inputs, state: cancelled.run.state });
      const f = figures(s.model, postFrom);
      logFigures('cancel (post, deregister)', post, f);
      expect(post.exitCode).toBe(0);
      for (const copy of started) {
        expect(post.stdout).toContain(`${copy.region}: ${copy.imageId} removed (on-cancel: deregister).`);
        expect(s.model.images(copy.region)).toEqual([]);
        expect(s.model.snapshots(copy.region)).toEqual([]);
      }
      expect(f.byAction.DeregisterImage).toBe(3);
      expectInvariants(s.model, s.mark, {
        copiesIn: s.targetRegions,
        runs: [cancelled.run, post],
        removedElsewhere: started.map((c) => c.imageId),
      });
      expectNoLeaks(post, s.model);
    } finally {
      await s.close();
    }
  });

  it('a cancel while CopyImage calls hang: gives up after the grace, and the rerun adopts the copies AWS made anyway', async () => {
    const s = await startScenario();
    try {
      // Every CopyImage answer takes 10 real seconds; AWS (the model) applies it at the end.
      s.model.faults.latency(10_000, 'CopyImage');
      let child: ChildProcess | undefined;
      const running = s.run({ onSpawn: (c) => (child = c) });
      await whenLogged(s.model, (e) => e.action === 'DescribeImages', { count: 7 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const sigintAt = Date.now();
      child?.kill('SIGINT');
      const run = await running;
      const stopMs = Date.now() - sigintAt;
      logFigures('cancel during hanging CopyImage', run, figures(s.model));
      expect(stopMs).toBeGreaterThanOrEqual(2_900);
      expect(stopMs).toBeLessThan(5_000);
      expect(run.exitCode).toBe(1);
      expect(run.errorMessage).toBe('Cancelled. Copies started and left running: []');
      expect(run.summary).toContain('Cancelled.');
      expect(JSON.parse(run.outputs['failed-regions'] ?? '')).toEqual([...s.targetRegions]);

      // The calls in flight were applied after the step ended: copies nobody has reported yet.
      await whenLogged(s.model, (e) => e.action === 'CopyImage' && e.outcome === 'ok', { count: 3 });
      s.model.faults.reset();
      const rerunFrom = s.model.log.all().length;
      const rerun = await s.run({ env: { GITHUB_RUN_ATTEMPT: '2' } });
      logFigures('rerun after cancel during hanging CopyImage', rerun, figures(s.model, rerunFrom));
      expect(rerun.exitCode).toBe(0);
      expect(figures(s.model, rerunFrom).byAction.CopyImage).toBeUndefined();
      expect(imagesOutput(rerun).map((r) => r.origin)).toEqual(['reused', 'reused', 'reused']);
      expectInvariants(s.model, s.mark, { copiesIn: s.targetRegions, runs: [run, rerun] });
    } finally {
      await s.close();
    }
  });

  it('a cancel before any copy started leaves nothing for the post step to do', async () => {
    // The quota is full for the whole run, so the copies stay queued until the cancel.
    const s = await startScenario({ model: { copyQuota: 1 } });
    try {
      for (const region of s.targetRegions)
        s.model.seedForeignCopies(region, 1, { durationMs: 10 * 3600_000 });
      let child: ChildProcess | undefined;
      const running = s.run({ onSpawn: (c) => (child = c) });
      await whenLogged(s.model, (e) => e.errorCode === 'ResourceLimitExceeded', { count: 3 });
      const sigintAt = Date.now();
      child?.kill('SIGINT');
      const run = await running;
      expect(Date.now() - sigintAt).toBeLessThan(5_000);
      expect(run.exitCode).toBe(1);
      expect(JSON.parse(run.state['started-copies'] ?? '[]')).toEqual([]);
      const post = await s.run({ phase: 'post', state: run.state });
      expect(post.exitCode).toBe(0);
      expect(post.stdout).not.toContain('Copies left by the cancelled run');
      expectInvariants(s.model, s.mark, { copiesIn: [], runs: [run, post] });
    } finally {
      await s.close();
    }
  });
}
