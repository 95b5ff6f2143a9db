/**
 * Fault suite, part 2: copies that go wrong in AWS. One region's copy fails (a KMS problem
 * reported only later through StateReason), copies outlive the timeout (kept or deregistered,
 * then picked up by a rerun), and a destination's concurrent-copy quota is full of other copies.
 */
import { expect, it } from 'vitest';
import { regionText } from '../../report/summary-parts.js';
import { amiIdsOutput, expectInvariants, imagesOutput } from '../../support/invariants.js';
import { figures, logFigures, onCall, startScenario } from '../../support/scenario.js';
import { expectNoLeaks } from '../../support/secrets.js';

const KMS_REASON = {
  code: 'Client.InvalidKMSKey.InvalidState',
  message: 'The KMS key provided is in an incorrect state',
};

/** Registers the scenarios (inside the suite's concurrent describe). */
export function copiesThatGoWrong(): void {
  it('one region fails with a KMS StateReason: others complete, the step names region, reason and hint, the copy is removed', async () => {
    const s = await startScenario();
    try {
      s.model.faults.failCopies('ap-southeast-2', KMS_REASON, 0.4);
      const run = await s.run();
      logFigures('one region fails (KMS)', run, figures(s.model));

      expect(run.exitCode).toBe(1);
      const message = run.errorMessage ?? '';
      expect(message).toContain('ap-southeast-2');
      expect(message).toContain(KMS_REASON.code);
      expect(message).toContain(KMS_REASON.message);
      expect(message).toMatch(/KMS key exists and is enabled in ap-southeast-2/);
      expect(message).toContain('removed');
      expect(message).not.toMatch(/eu-west-1|us-west-2/);

      const amis = amiIdsOutput(run);
      expect(Object.keys(amis).sort()).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
      expect(JSON.parse(run.outputs['failed-regions'] ?? '')).toEqual(['ap-southeast-2']);
      const failed = imagesOutput(run).find((r) => r.region === 'ap-southeast-2');
      expect(failed).toMatchObject({ state: 'failed', disposition: 'removed' });
      expect(failed?.reason).toContain(KMS_REASON.code);
      expect(failed?.snapshotIds.length).toBeGreaterThan(0);
      // The failed copy and its snapshots are gone; the annotation carries the same words.
      expect(s.model.images('ap-southeast-2')).toEqual([]);
      expect(s.model.snapshots('ap-southeast-2')).toEqual([]);
      expect(run.stdout).toMatch(/::error title=ami-distribute%3A ap-southeast-2 failed::/);
      expect(run.summary).toContain('copy and snapshots removed');
      expectInvariants(s.model, s.mark, { copiesIn: s.targetRegions, runs: [run] });
      expectNoLeaks(run, s.model);
    } finally {
      await s.close();
    }
  });

  it('timeout: pending copies are kept and reported; a rerun with the same inputs picks them up without a new copy', async () => {
    // 200 GiB at 40 MiB/s: about 5,200 model seconds, 17 s real at scale 300.
    const s = await startScenario({ source: { sizeGiB: 200 } });
    try {
      const first = await s.run({ inputs: s.inputs({ timeout: '8s' }) });
      logFigures('timeout (keep)', first, figures(s.model));
      expect(first.exitCode).toBe(1);
      const message = first.errorMessage ?? '';
      for (const region of s.targetRegions) expect(message).toContain(`${region}: timed-out`);
      expect(message).toContain('continues in AWS');
      expect(message).toMatch(/Rerun with the same inputs/);
      const kept = imagesOutput(first);
      expect(kept.map((r) => [r.state, r.disposition])).toEqual([
        ['timed-out', 'kept'],
        ['timed-out', 'kept'],
        ['timed-out', 'kept'],
      ]);
      expect(JSON.parse(first.outputs['failed-regions'] ?? '')).toEqual([...s.targetRegions]);
      expect(amiIdsOutput(first)).toEqual({ 'us-east-1': s.world.sourceImageId });
      for (const report of kept)
        expect(s.model.imageState(report.region, report.imageId ?? '')).toBe('pending');
      expectInvariants(s.model, s.mark, { copiesIn: s.targetRegions, runs: [first] });

      const rerunFrom = s.model.log.all().length;
      const rerun = await s.run({ env: { GITHUB_RUN_ATTEMPT: '2' } });
      logFigures('rerun after timeout', rerun, figures(s.model, rerunFrom));
      expect(rerun.exitCode).toBe(0);
      expect(
        s.model.log
          .all()
          .slice(rerunFrom)
          .filter((e) => e.action === 'CopyImage'),
      ).toEqual([]);
      const picked = imagesOutput(rerun);
      expect(picked.map((r) => [r.region, r.imageId, r.origin, r.state])).toEqual(
        kept.map((r) => [r.region, r.imageId, 'reused', 'available']),
      );
      expectInvariants(s.model, s.mark, { copiesIn: s.targetRegions, runs: [first, rerun] });
      expectNoLeaks(first, s.model);
      expectNoLeaks(rerun, s.model);
    } finally {
      await s.close();
    }
  });

  it('timeout with on-timeout: deregister: pending copies and their snapshots are removed and reported', async () => {
    const s = await startScenario({ source: { sizeGiB: 200 } });
    try {
      const run = await s.run({ inputs: s.inputs({ timeout: '8s', 'on-timeout': 'deregister' }) });
      logFigures('timeout (deregister)', run, figures(s.model));
      expect(run.exitCode).toBe(1);
      for (const region of s.targetRegions) expect(run.errorMessage).toContain(`${region}: timed-out`);
      expect(run.errorMessage).toContain('The copy and its snapshots were removed.');
      expect(imagesOutput(run).map((r) => r.disposition)).toEqual(['removed', 'removed', 'removed']);
      for (const region of s.targetRegions) {
        expect(s.model.images(region)).toEqual([]);
        expect(s.model.snapshots(region)).toEqual([]);
      }
      expectInvariants(s.model, s.mark, { copiesIn: s.targetRegions, runs: [run] });
      expectNoLeaks(run, s.model);
    } finally {
      await s.close();
    }
  });

  it('concurrent-copy quota full of foreign copies: ours queue, complete, and the summary says they waited', async () => {
    const s = await startScenario({
      model: { copyQuota: { 'eu-west-1': 2, 'us-west-2': 1 } },
    });
    try {
      // Other copies hold the quota for about 10 real seconds (eu-west-1) and 15 (us-west-2)
      // from the run's preflight on (however slowly the process started on a loaded machine):
      // long enough that its CopyImage meets a full quota, short enough that the first
      // capacity retry (after 20 s) gets through.
      onCall(
        s.model,
        'before',
        (action) => action === 'DescribeRegions',
        (model) => {
          const now = model.clock.now();
          model.seedForeignCopies('eu-west-1', 2, { completesAt: now + 3_000_000 });
          model.seedForeignCopies('us-west-2', 1, { completesAt: now + 4_500_000 });
        },
      );
      const run = await s.run();
      const f = figures(s.model);
      logFigures('quota full of foreign copies', run, f);

      expect(run.exitCode).toBe(0);
      expect(
        s.model.log.count({ action: 'CopyImage', errorCode: 'ResourceLimitExceeded' }),
      ).toBeGreaterThanOrEqual(2);
      const reports = imagesOutput(run);
      const waited = (region: string) =>
        reports.find((r) => r.region === region)?.waitedForCapacitySeconds ?? 0;
      expect(waited('eu-west-1')).toBeGreaterThan(0);
      expect(waited('us-west-2')).toBeGreaterThan(0);
      expect(waited('ap-southeast-2')).toBe(0);
      expect(reports.every((r) => r.state === 'available')).toBe(true);
      expect(run.stdout).toContain('eu-west-1: concurrent-copy quota is full; the copy waits for capacity.');
      expect(regionText(run.summary, 'eu-west-1')).toMatch(/waited \d+s for copy capacity/);
      expect(regionText(run.summary, 'us-west-2')).toMatch(/waited \d+s for copy capacity/);
      expect(regionText(run.summary, 'ap-southeast-2')).not.toMatch(/waited/);
      expectInvariants(s.model, s.mark, { copiesIn: s.targetRegions, runs: [run] });
      expectNoLeaks(run, s.model);
    } finally {
      await s.close();
    }
  });
}
