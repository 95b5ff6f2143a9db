/**
 * Fault suite, part 3: problems with what is copied and where. A target region the account has
 * not opted into, a source that is not available, and a source deregistered in the middle of
 * the run (after one region's copy started, before the others).
 */
import { expect, it } from 'vitest';
import { amiIdsOutput, expectInvariants, imagesOutput } from '../../support/invariants.js';
import { figures, isMutating, logFigures, onCall, startScenario } from '../../support/scenario.js';
import { expectNoLeaks } from '../../support/secrets.js';

/** Registers the scenarios (inside the suite's concurrent describe). */
export function sourceAndRegionProblems(): void {
  it('a target region that is not opted in: stops before anything is created, naming the region', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1', 'ap-east-1', 'us-west-2'] });
    try {
      const run = await s.run();
      const f = figures(s.model);
      logFigures('region not opted in', run, f);
      expect(run.exitCode).toBe(1);
      expect(run.errorMessage).toMatch(/ap-east-1 is an opt-in region that is not enabled for this account/);
      expect(run.errorMessage).toContain('remove it from target-regions');
      expect(run.errorMessage).not.toMatch(/eu-west-1|us-west-2/);
      expect(f.mutating).toBe(0);
      expect(f.byAction.CopyImage).toBeUndefined();
      expect(JSON.parse(run.outputs['failed-regions'] ?? '')).toEqual([
        'eu-west-1',
        'ap-east-1',
        'us-west-2',
      ]);
      expect(amiIdsOutput(run)).toEqual({});
      expect(run.summary).toContain('Stopped before any copy was made');
      expectInvariants(s.model, s.mark, { copiesIn: [], runs: [run] });
      expectNoLeaks(run, s.model);
    } finally {
      await s.close();
    }
  });

  it('a source that is not available (failed): stops before any copy, quoting its state and reason', async () => {
    const s = await startScenario({
      source: {
        state: 'failed',
        stateReason: { code: 'Client.InternalError', message: 'Image creation failed' },
      },
    });
    try {
      const run = await s.run();
      const f = figures(s.model);
      logFigures('source failed', run, f);
      expect(run.exitCode).toBe(1);
      expect(run.errorMessage).toBe(
        `Source image ${s.world.sourceImageId} in us-east-1 is failed (Client.InternalError: Image creation failed); only an available image can be copied.`,
      );
      expect(f.mutating).toBe(0);
      expect(f.calls).toBe(1);
      expectInvariants(s.model, s.mark, { copiesIn: [], runs: [run] });
      expectNoLeaks(run, s.model);
    } finally {
      await s.close();
    }
  });

  it('a source still pending when the timeout runs out: stops before any copy, saying what to change', async () => {
    const s = await startScenario({ source: { state: 'pending' } });
    try {
      const run = await s.run({ inputs: s.inputs({ timeout: '10s' }) });
      const f = figures(s.model);
      expect(run.exitCode).toBe(1);
      expect(run.errorMessage).toContain('was still pending when the timeout ran out');
      expect(run.errorMessage).toContain('raise `timeout`');
      expect(f.mutating).toBe(0);
      expectInvariants(s.model, s.mark, { copiesIn: [], runs: [run] });
    } finally {
      await s.close();
    }
  });

  it('the source deregistered after the first copy started: that copy completes, the others fail naming the source', async () => {
    const s = await startScenario();
    try {
      let firstRegion = '';
      onCall(
        s.model,
        'after',
        (action) => action === 'CopyImage',
        (model) => {
          firstRegion = model.log.find({ action: 'CopyImage' })[0]?.region ?? '';
          model.store.images.delete(s.world.sourceImageId);
        },
      );
      const run = await s.run();
      const f = figures(s.model);
      logFigures('source deregistered mid-run', run, f);

      expect(run.exitCode).toBe(1);
      const others = s.targetRegions.filter((r) => r !== firstRegion);
      const reports = imagesOutput(run);
      expect(reports.find((r) => r.region === firstRegion)?.state).toBe('available');
      for (const region of others) {
        const report = reports.find((r) => r.region === region);
        expect(report).toMatchObject({ state: 'failed', imageId: null });
        expect(report?.reason).toContain('InvalidAMIID.NotFound');
        expect(report?.hint).toMatch(/source image .*no longer available/i);
        expect(run.errorMessage).toContain(`${region}: failed`);
      }
      expect(run.errorMessage).toContain(s.world.sourceImageId);
      expect(Object.keys(amiIdsOutput(run))).toContain(firstRegion);
      // No retries of a permanent refusal: one CopyImage per region.
      expect(s.model.log.find({ action: 'CopyImage' }).filter(isMutating)).toHaveLength(3);
      // The test itself deregistered the source (which ami-ids still names for its region).
      expectInvariants(s.model, s.mark, {
        copiesIn: [firstRegion],
        runs: [run],
        removedByTest: [s.world.sourceImageId],
      });
      expectNoLeaks(run, s.model);
    } finally {
      await s.close();
    }
  });
}
