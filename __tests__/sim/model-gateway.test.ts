import { describe, expect, it } from 'vitest';
import { createModelGateway } from '../../sim/model-gateway.js';
import { HOUR, virtualWorld } from './helpers.js';

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

describe('model gateway (Ec2Access over the model)', () => {
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

  it('throws SDK-shaped errors: name = AWS code, $metadata.httpStatusCode, $fault', async () => {
    const { model } = virtualWorld();
    model.faults.throttle(1);
    const eu = createModelGateway(model).forRegion('eu-west-1');
    const error = await eu.describeImages(['ami-0123456789abcdef0']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'RequestLimitExceeded',
      $fault: 'server',
      $metadata: { httpStatusCode: 503, attempts: 1 },
    });
  });

  it('retries retryable faults on the model clock when asked to, like the SDK', async () => {
    const { model, clock } = virtualWorld();
    model.faults.failNext('DescribeRegions', 2, 'RequestLimitExceeded');
    const gateway = createModelGateway(model, { maxAttempts: 3, retryDelayMs: () => 1000 });
    const started = clock.now();
    const pending = gateway.forRegion('us-east-1').describeRegions();
    await clock.advance(1000);
    await clock.advance(1000);
    expect((await pending).length).toBeGreaterThan(10);
    expect(clock.now() - started).toBe(2000);
    expect(model.log.count({ action: 'DescribeRegions' })).toBe(3);
  });

  it('a lost CopyImage response surfaces as a network error while the copy exists', async () => {
    const { model } = virtualWorld();
    const source = model.seedImage({ region: 'us-east-1', name: 'web-base' });
    model.faults.loseResponses('CopyImage', 1);
    const eu = createModelGateway(model).forRegion('eu-west-1');
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
