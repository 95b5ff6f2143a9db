import { afterEach, describe, expect, it, vi } from 'vitest';
import { createModelGateway } from '../../sim/model-gateway.js';
import { HOUR, virtualWorld } from './helpers.js';

afterEach(() => {
  vi.useRealTimers();
});

/** Settles `work` with the SDK's retry sleeps (global setTimeout) on fake time; returns the fake ms spent. */
async function onFakeTimers<T>(start: () => Promise<T>): Promise<{ value: T; sleptMs: number }> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const began = Date.now();
  const work = start();
  let settled = false;
  work.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  while (!settled) await vi.runOnlyPendingTimersAsync();
  return { value: await work, sleptMs: Date.now() - began };
}

const request = (sourceImageId: string, name: string, token: string) => ({
  sourceImageId,
  sourceRegion: 'us-east-1',
  name,
  description: 'copy',
  encrypted: true,
  kmsKeyId: undefined,
  clientToken: token,
  imageTags: { app: 'web' },
  snapshotTags: { app: 'web' },
});

describe('model gateway (the production SDK gateway over the model transport)', () => {
  it('copies, describes, finds and cleans up like the SDK gateway would', async () => {
    const { model, clock } = virtualWorld();
    const source = model.seedImage({ region: 'us-east-1', name: 'web-base', sizeGiB: 20 });
    const eu = createModelGateway(model).forRegion('eu-west-1');
    const imageId = await eu.copyImage(request(source.imageId, 'web-copy', 'tok'));
    expect(await eu.copyImage(request(source.imageId, 'web-copy', 'tok'))).toBe(imageId);

    const [pending] = await eu.describeImages([imageId, 'ami-0123456789abcdef0']);
    expect(pending).toMatchObject({ imageId, state: 'pending', encrypted: true, tags: { app: 'web' } });
    expect(await eu.findOwnImages({ tags: { app: 'web' } })).toHaveLength(1);
    expect(await eu.findOwnImages({ name: 'other' })).toHaveLength(0);

    const snapshots = await eu.describeCopySnapshots([imageId]);
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]).toMatchObject({ destinationImageId: imageId, state: 'pending', volumeSizeGiB: 20 });
    expect(snapshots[0]?.progressPercent).toBeGreaterThanOrEqual(0);

    await clock.advance(2 * HOUR);
    expect((await eu.describeImages([imageId]))[0]?.state).toBe('available');
    await eu.deregisterImage(imageId);
    await eu.deleteSnapshot(snapshots[0]?.snapshotId ?? '');
    expect(model.images('eu-west-1')).toHaveLength(0);
    expect(model.snapshots('eu-west-1')).toHaveLength(0);
    expect(model.log.all().every((e) => e.via === 'gateway')).toBe(true);
  });

  it('lists regions with their opt-in status', async () => {
    const { model } = virtualWorld();
    const regions = await createModelGateway(model).forRegion('us-east-1').describeRegions();
    expect(regions).toContainEqual({ regionName: 'ap-east-1', optInStatus: 'not-opted-in' });
  });

  it("throws the SDK's own errors: name = AWS code, $metadata.httpStatusCode, $fault", async () => {
    const { model } = virtualWorld();
    model.faults.throttle(1);
    const eu = createModelGateway(model, { maxAttempts: 1 }).forRegion('eu-west-1');
    const error = await eu.describeImages(['ami-0123456789abcdef0']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).constructor.name).toBe('EC2ServiceException');
    expect(error).toMatchObject({
      name: 'RequestLimitExceeded',
      $fault: 'server',
      $metadata: { httpStatusCode: 503, attempts: 1, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    });
  });

  it("retries with the SDK's adaptive strategy, as production does (8 attempts by default)", async () => {
    const { model } = virtualWorld();
    model.faults.failNext('DescribeRegions', 2, 'RequestLimitExceeded');
    const gateway = createModelGateway(model);
    const { value: regions, sleptMs } = await onFakeTimers(() =>
      gateway.forRegion('us-east-1').describeRegions(),
    );
    expect(regions.length).toBeGreaterThan(10);
    expect(model.log.find({ action: 'DescribeRegions' }).map((e) => e.errorCode ?? 'ok')).toEqual([
      'RequestLimitExceeded',
      'RequestLimitExceeded',
      'ok',
    ]);
    // The SDK waited before retrying (on fake time here): two backoffs with jitter from its 1 s
    // throttling base (at most 1 s + 2 s), plus its adaptive rate limiter's wait for a token
    // once it has seen throttling (at most 2 s per attempt at its 0.5/s floor).
    expect(sleptMs).toBeGreaterThan(0);
    expect(sleptMs).toBeLessThanOrEqual(7000);

    model.faults.throttle(1, { actions: ['DescribeImages'] });
    const { value: error } = await onFakeTimers(() =>
      gateway
        .forRegion('eu-west-1')
        .describeImages(['ami-0123456789abcdef0'])
        .catch((e: unknown) => e),
    );
    expect(error).toMatchObject({ name: 'RequestLimitExceeded', $metadata: { attempts: 8 } });
    expect(model.log.count({ action: 'DescribeImages' })).toBe(8);
  });

  it("counts the SDK's retries of each region's Describe calls, answered or not (the waiter's sign of a spent budget)", async () => {
    const { model } = virtualWorld();
    const source = model.seedImage({ region: 'us-east-1', name: 'web-base', sizeGiB: 20 });
    const gateway = createModelGateway(model);
    const eu = gateway.forRegion('eu-west-1');
    const us = gateway.forRegion('us-west-2');
    const imageId = await eu.copyImage(request(source.imageId, 'web-copy', 'tok'));
    expect(eu.describeRetries?.()).toBe(0);

    model.faults.failNext('DescribeImages', 2, 'RequestLimitExceeded', 'eu-west-1');
    await onFakeTimers(() => eu.describeImages([imageId]));
    expect(eu.describeRetries?.()).toBe(2);
    model.faults.failNext('DescribeSnapshots', 1, 'InternalError', 'eu-west-1');
    await onFakeTimers(() => eu.describeCopySnapshots([imageId]));
    expect(eu.describeRetries?.()).toBe(3);
    // A call answered at once adds nothing; another region keeps its own count.
    await onFakeTimers(() => eu.describeImages([imageId]));
    expect(eu.describeRetries?.()).toBe(3);
    expect(us.describeRetries?.()).toBe(0);

    // A call that fails after every attempt counts its retries too.
    model.faults.throttle(1, { actions: ['DescribeImages'], regions: ['eu-west-1'] });
    await onFakeTimers(() => eu.describeImages([imageId]).catch((e: unknown) => e));
    expect(eu.describeRetries?.()).toBe(3 + 7);
  });

  it('a lost CopyImage response is retried by the SDK; the ClientToken gives back the same copy', async () => {
    const { model } = virtualWorld();
    const source = model.seedImage({ region: 'us-east-1', name: 'web-base' });
    model.faults.loseResponses('CopyImage', 1);
    const eu = createModelGateway(model).forRegion('eu-west-1');
    const imageId = await eu.copyImage(request(source.imageId, 'web-copy', 'tok'));
    expect(model.images('eu-west-1').map((i) => i.ImageId)).toEqual([imageId]);
    expect(model.log.find({ action: 'CopyImage' }).map((e) => e.outcome)).toEqual(['lost', 'ok']);
  });

  it('with one attempt, a lost CopyImage response surfaces as a network error while the copy exists', async () => {
    const { model } = virtualWorld();
    const source = model.seedImage({ region: 'us-east-1', name: 'web-base' });
    model.faults.loseResponses('CopyImage', 1);
    const eu = createModelGateway(model, { maxAttempts: 1 }).forRegion('eu-west-1');
    const error = await eu.copyImage(request(source.imageId, 'web-copy', 'tok')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ECONNRESET' });
    expect(model.images('eu-west-1')).toHaveLength(1);
    expect(await eu.copyImage(request(source.imageId, 'web-copy', 'tok'))).toBe(
      model.images('eu-west-1')[0]?.ImageId,
    );
  });

  it('does not retry errors that cannot succeed on retry', async () => {
    const { model } = virtualWorld();
    const eu = createModelGateway(model, { maxAttempts: 5 }).forRegion('eu-west-1');
    const error = await eu
      .copyImage(request('ami-0123456789abcdef0', 'web-copy', 'tok'))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'InvalidAMIID.NotFound',
      $metadata: { attempts: 1, httpStatusCode: 400 },
    });
  });
});
