/** Model options the benchmark's harder workloads use: per-copy registration lag, 0% until done, EC2's token bucket. */
import { describe, expect, it } from 'vitest';
import { ec2, errorCode, MINUTE, virtualWorld } from './helpers.js';

function copies(options: Parameters<typeof virtualWorld>[0], n: number) {
  const { model, clock } = virtualWorld({ copyJitter: 0, copyOverheadSeconds: 60, ...options });
  const eu = ec2(model, 'eu-west-1');
  const ids = Array.from({ length: n }, (_, i) => {
    const source = model.seedImage({ region: 'us-east-1', name: `base-${i}`, sizeGiB: 8 });
    return eu.call<{ ImageId: string }>('CopyImage', {
      SourceImageId: source.imageId,
      SourceRegion: 'us-east-1',
      Name: `copy-${i}`,
    }).ImageId;
  });
  return { model, clock, eu, ids };
}

/** Registration lag of a copy: completion minus its (only) snapshot's completion. */
function lagOf(model: ReturnType<typeof virtualWorld>['model'], imageId: string): number {
  const image = model.imageRecord(imageId);
  const snapshotId = image?.blockDevices[0]?.snapshotId ?? '';
  const snapshot = model.store.snapshots.get(snapshotId);
  return (model.completionTime('eu-west-1', imageId) ?? 0) - (snapshot?.copy?.completesAt ?? 0);
}

describe('registration lag per copy', () => {
  it('is the same 30 s for every copy by default', () => {
    const { model, ids } = copies({}, 5);
    expect(ids.map((id) => lagOf(model, id))).toEqual([30_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('is drawn per copy from the given range, repeatably for a seed', () => {
    const range = [10_000, 120_000] as const;
    const first = copies({ registrationDelayRangeMs: range }, 20);
    const lags = first.ids.map((id) => lagOf(first.model, id));
    for (const lag of lags) {
      expect(lag).toBeGreaterThanOrEqual(10_000);
      expect(lag).toBeLessThanOrEqual(120_000);
    }
    expect(new Set(lags).size).toBeGreaterThan(15);
    const again = copies({ registrationDelayRangeMs: range }, 20);
    expect(again.ids.map((id) => lagOf(again.model, id))).toEqual(lags);
  });
});

describe("progress profile 'zero-until-done'", () => {
  it('reads 0% for the whole copy, then 100%', async () => {
    const { model, clock, ids } = copies({ progressProfile: 'zero-until-done' }, 1);
    const start = clock.now();
    const snapshotDone = (model.completionTime('eu-west-1', ids[0] ?? '') ?? 0) - 30_000;
    for (const fraction of [0.001, 0.5, 0.999]) {
      await clock.advanceTo(Math.floor(start + fraction * (snapshotDone - start)));
      expect(model.snapshots('eu-west-1')[0]?.Progress).toBe('0%');
    }
    await clock.advanceTo(snapshotDone);
    expect(model.snapshots('eu-west-1')[0]).toMatchObject({ Progress: '100%', State: 'completed' });
  });
});

describe('token-bucket throttling (EC2 style, per account and region)', () => {
  it('lets a full bucket through, then refuses until it refills; regions have their own buckets', async () => {
    const { model, clock } = virtualWorld();
    model.faults.tokenBucket({ capacity: 3, refillPerSecond: 1, actions: ['DescribeImages'] });
    const describe = (region: string) => () =>
      ec2(model, region).call('DescribeImages', { Owners: ['self'] });
    const eu = describe('eu-west-1');
    expect([eu, eu, eu].map((call) => errorCode(call))).toEqual(['no error', 'no error', 'no error']);
    expect(errorCode(eu)).toBe('RequestLimitExceeded');
    expect(errorCode(describe('us-west-2'))).toBe('no error');
    expect(errorCode(() => ec2(model, 'eu-west-1').call('DescribeRegions', {}))).toBe('no error');
    await clock.advance(999);
    expect(errorCode(eu)).toBe('RequestLimitExceeded');
    await clock.advance(1);
    expect(errorCode(eu)).toBe('no error');
    expect(errorCode(eu)).toBe('RequestLimitExceeded');
  });

  it("other pipelines' use leaves only the rest of the refill; a saturated account starts empty", async () => {
    const { model, clock } = virtualWorld();
    model.faults.tokenBucket({
      capacity: 10,
      refillPerSecond: 20,
      otherUsePerSecond: 19.9,
      initialTokens: 0,
    });
    const eu = () => ec2(model, 'eu-west-1').call('DescribeImages', { Owners: ['self'] });
    expect(errorCode(eu)).toBe('RequestLimitExceeded');
    let allowed = 0;
    for (let second = 0; second < 60; second++) {
      await clock.advance(1000);
      if (errorCode(eu) === 'no error') allowed++;
    }
    // 0.1 token per second is left for us: 6 calls in a minute get through.
    expect(allowed).toBe(6);
    await clock.advance(10 * MINUTE);
    expect(errorCode(eu)).toBe('no error');
  });
});
