/**
 * Fault suite, part 1: an unreliable EC2 API. Throttling in bursts, a CopyImage whose answer is
 * lost after AWS applied it, a stretch of 5xx while waiting, and a region paced after the SDK's
 * retries. Each run must complete with one copy per region, within a bounded number of calls.
 */
import { expect, it } from 'vitest';
import { amiIdsOutput, expectInvariants, imagesOutput } from '../../support/invariants.js';
import {
  afterCopies,
  figures,
  logFigures,
  onCall,
  startScenario,
  throttleInBursts,
} from '../../support/scenario.js';
import { expectNoLeaks } from '../../support/secrets.js';

const EIGHT_REGIONS = [
  'eu-west-1',
  'eu-west-2',
  'eu-central-1',
  'us-west-2',
  'us-east-2',
  'ap-southeast-2',
  'ap-northeast-1',
  'ca-central-1',
];

/** Registers the scenarios (inside the suite's concurrent describe). */
export function unreliableApi(): void {
  it('throttling on ~30% of calls, in bursts: completes within twice the calls of an undisturbed run', async () => {
    const [calm, stormy] = await Promise.all([
      startScenario({ targetRegions: EIGHT_REGIONS }),
      startScenario({ targetRegions: EIGHT_REGIONS }),
    ]);
    try {
      // Bursts: of every 10 calls, 3 in a row are refused (the first burst hits the first call).
      throttleInBursts(stormy.model, 3, 10);
      const [calmRun, stormyRun] = await Promise.all([calm.run(), stormy.run()]);
      const base = figures(calm.model);
      const storm = figures(stormy.model);
      logFigures('throttling baseline', calmRun, base);
      logFigures('throttling 30% in bursts', stormyRun, storm);

      expect(calmRun.exitCode).toBe(0);
      expect(stormyRun.exitCode).toBe(0);
      expect(stormyRun.errorMessage).toBeUndefined();
      const throttled = storm.errors.RequestLimitExceeded ?? 0;
      // The bursts really hit: about 30% of all calls were refused.
      expect(throttled / storm.calls).toBeGreaterThanOrEqual(0.25);
      expect(throttled / storm.calls).toBeLessThanOrEqual(0.35);
      // The budget: retries with backoff, no storm. At most twice the undisturbed run's calls,
      // and every refused call cost at most one extra call.
      expect(storm.calls).toBeLessThanOrEqual(2 * base.calls);
      expect(storm.calls - throttled).toBeLessThanOrEqual(base.calls + 8);
      const amis = amiIdsOutput(stormyRun);
      expect(Object.keys(amis).sort()).toEqual([...EIGHT_REGIONS, 'us-east-1'].sort());
      expectInvariants(stormy.model, stormy.mark, { copiesIn: EIGHT_REGIONS, runs: [stormyRun] });
      expectNoLeaks(stormyRun, stormy.model);
    } finally {
      await Promise.all([calm.close(), stormy.close()]);
    }
  });

  it('CopyImage applied but its answer lost twice: the retry with the same ClientToken gets the same image', async () => {
    const s = await startScenario();
    try {
      // The connection is reset after AWS applied the call, twice in eu-west-1, once elsewhere.
      s.model.faults.loseResponses('CopyImage', 2, 'eu-west-1');
      s.model.faults.loseResponses('CopyImage', 1, 'us-west-2');
      const run = await s.run();
      const f = figures(s.model);
      logFigures('lost CopyImage responses', run, f);

      expect(run.exitCode).toBe(0);
      expect(f.lost).toBe(3);
      const copyCalls = (region: string) => s.model.log.find({ action: 'CopyImage', region });
      expect(copyCalls('eu-west-1').map((e) => e.outcome)).toEqual(['lost', 'lost', 'ok']);
      expect(copyCalls('us-west-2').map((e) => e.outcome)).toEqual(['lost', 'ok']);
      // Every attempt carried the same token.
      const tokens = new Set(copyCalls('eu-west-1').map((e) => e.params.ClientToken));
      expect(tokens.size).toBe(1);
      expect([...tokens][0]).toMatch(/\S+/);
      const amis = amiIdsOutput(run);
      for (const region of s.targetRegions) {
        const [image] = s.model.images(region);
        expect(s.model.images(region)).toHaveLength(1);
        expect(amis[region]).toBe(image?.ImageId);
      }
      expectInvariants(s.model, s.mark, { copiesIn: s.targetRegions, runs: [run] });
      expectNoLeaks(run, s.model);
    } finally {
      await s.close();
    }
  });

  it('5xx on every DescribeImages for a stretch of the wait: the wait rides it out and completes', async () => {
    const s = await startScenario();
    try {
      let stretchStarted = 0;
      // From the first poll of the wait on, DescribeImages answers 500 for 8 real seconds.
      onCall(s.model, 'before', afterCopies('DescribeImages', s.targetRegions.length), (model) => {
        stretchStarted = model.log.all().length;
        model.faults.serverErrors('DescribeImages', 1, 'InternalError');
        setTimeout(() => model.faults.reset(), 8_000);
      });
      const run = await s.run();
      const f = figures(s.model);
      logFigures('5xx stretch on DescribeImages', run, f);

      expect(run.exitCode).toBe(0);
      expect(stretchStarted).toBeGreaterThan(0);
      const failed = s.model.log.find({ action: 'DescribeImages', errorCode: 'InternalError' });
      expect(failed.length).toBeGreaterThanOrEqual(s.targetRegions.length);
      // Bounded: per region, at most 8 attempts (the SDK's retries) per poll round, and rounds
      // backed off by 5 s and more: no more than 3 rounds fit in the 8-second stretch.
      expect(failed.length).toBeLessThanOrEqual(3 * 8 * s.targetRegions.length);
      expect(imagesOutput(run).map((r) => r.state)).toEqual(['available', 'available', 'available']);
      expect(Object.keys(amiIdsOutput(run))).toHaveLength(4);
      expectInvariants(s.model, s.mark, { copiesIn: s.targetRegions, runs: [run] });
      expectNoLeaks(run, s.model);
    } finally {
      await s.close();
    }
  });

  it("a region whose call got through only after SDK retries is paced: its next call waits, the other region's does not", async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1', 'us-west-2'] });
    try {
      // The wait's first snapshot read in eu-west-1 is refused 3 times; the SDK's own retries
      // get it through. Every copy is done by then, so each region asks DescribeImages next.
      onCall(s.model, 'before', afterCopies('DescribeSnapshots', 2), (model) =>
        model.faults.failNext('DescribeSnapshots', 3, 'RequestLimitExceeded', 'eu-west-1'),
      );
      const run = await s.run();
      expect(run.exitCode).toBe(0);
      expect(imagesOutput(run).map((r) => r.state)).toEqual(['available', 'available']);

      // The gap between a region's last snapshot attempt and its next DescribeImages (real ms).
      const gapAfterSnapshots = (region: string) => {
        const calls = s.model.log.find({ region });
        const read = calls.findLastIndex(
          (e, i) => e.action === 'DescribeSnapshots' && calls[i + 1]?.action === 'DescribeImages',
        );
        const [snapshots, images] = [calls[read], calls[read + 1]];
        if (!snapshots || !images)
          throw new Error(`no snapshot read followed by DescribeImages in ${region}`);
        return { ms: images.realTime - snapshots.realTime, refused: calls.filter((e) => e.errorCode).length };
      };
      const paced = gapAfterSnapshots('eu-west-1');
      const free = gapAfterSnapshots('us-west-2');
      expect(paced.refused).toBe(3);
      expect(free.refused).toBe(0);
      // The pace is at least 10 s, spread by the 10% jitter; the free region asks at once.
      expect(paced.ms).toBeGreaterThanOrEqual(9_000);
      expect(free.ms).toBeLessThan(3_000);
      const notices = run.stdout.split('\n').filter((line) => line.includes('spacing this region'));
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/^eu-west-1: a call got through only after 3 retries/);
      expectInvariants(s.model, s.mark, { copiesIn: s.targetRegions, runs: [run] });
    } finally {
      await s.close();
    }
  });
}
