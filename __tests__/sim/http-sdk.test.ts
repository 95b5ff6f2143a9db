import {
  CopyImageCommand,
  CreateTagsCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  DescribeRegionsCommand,
  DescribeSnapshotsCommand,
  EnableImageDeprecationCommand,
  ModifyImageAttributeCommand,
  ModifySnapshotAttributeCommand,
  waitUntilImageAvailable,
} from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { virtualClock } from '../../sim/model/index.js';
import { ec2Client, rejection, simulator } from './http-helpers.js';

async function world(options: Parameters<typeof simulator>[0] = {}) {
  const clock = virtualClock(Date.UTC(2026, 0, 1));
  const sim = await simulator({ modelOptions: { clock, seed: 7, copyJitter: 0 }, ...options });
  const source = sim.model.seedImage({
    region: 'us-east-1',
    name: 'web-base',
    sizeGiB: 30,
    tags: { team: 'platform' },
    description: 'base',
  });
  return { sim, clock, source, eu: ec2Client(sim, 'eu-west-1'), us: ec2Client(sim, 'us-east-1') };
}

describe('HTTP layer driven by @aws-sdk/client-ec2', () => {
  it('copies an image with tags at creation, reports progress, and completes on the clock', async () => {
    const { sim, clock, source, eu } = await world();
    sim.model.createKmsKey('eu-west-1', { aliases: ['alias/app'] });
    const { ImageId } = await eu.send(
      new CopyImageCommand({
        SourceImageId: source.imageId,
        SourceRegion: 'us-east-1',
        Name: 'web-base-copy',
        Description: 'copied',
        Encrypted: true,
        KmsKeyId: 'alias/app',
        ClientToken: 'token-1',
        CopyImageTags: true,
        TagSpecifications: [
          { ResourceType: 'image', Tags: [{ Key: 'env', Value: 'prod' }] },
          { ResourceType: 'snapshot', Tags: [{ Key: 'snap', Value: 'yes' }] },
        ],
      }),
    );
    expect(ImageId).toMatch(/^ami-0[0-9a-f]{16}$/);
    const again = await eu.send(
      new CopyImageCommand({
        SourceImageId: source.imageId,
        SourceRegion: 'us-east-1',
        Name: 'web-base-copy',
        Description: 'copied',
        Encrypted: true,
        KmsKeyId: 'alias/app',
        ClientToken: 'token-1',
        CopyImageTags: true,
        TagSpecifications: [
          { ResourceType: 'image', Tags: [{ Key: 'env', Value: 'prod' }] },
          { ResourceType: 'snapshot', Tags: [{ Key: 'snap', Value: 'yes' }] },
        ],
      }),
    );
    expect(again.ImageId).toBe(ImageId);

    const pending = (await eu.send(new DescribeImagesCommand({ ImageIds: [ImageId ?? ''] }))).Images?.[0];
    expect(pending).toMatchObject({
      ImageId,
      Name: 'web-base-copy',
      State: 'pending',
      Description: 'copied',
      OwnerId: sim.model.defaultAccountId,
      SourceImageId: source.imageId,
      SourceImageRegion: 'us-east-1',
    });
    expect(pending?.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'team', Value: 'platform' },
        { Key: 'env', Value: 'prod' },
      ]),
    );
    expect(pending?.BlockDeviceMappings?.[0]?.Ebs).toMatchObject({ VolumeSize: 30, Encrypted: true });

    const snapshots = (
      await eu.send(
        new DescribeSnapshotsCommand({
          OwnerIds: ['self'],
          Filters: [{ Name: 'description', Values: [`Copied for DestinationAmi ${ImageId} *`] }],
        }),
      )
    ).Snapshots;
    expect(snapshots).toHaveLength(1);
    expect(snapshots?.[0]).toMatchObject({
      State: 'pending',
      Progress: '0%',
      Encrypted: true,
      Tags: [{ Key: 'snap', Value: 'yes' }],
    });
    expect(snapshots?.[0]?.KmsKeyId).toMatch(/^arn:aws:kms:eu-west-1:\d{12}:key\//);
    expect(snapshots?.[0]?.StartTime).toBeInstanceOf(Date);

    await clock.advanceTo(sim.model.completionTime('eu-west-1', ImageId ?? '') ?? 0);
    const waited = await waitUntilImageAvailable(
      { client: eu, maxWaitTime: 5, minDelay: 1, maxDelay: 1 },
      { ImageIds: [ImageId ?? ''] },
    );
    expect(waited.state).toBe('SUCCESS');
    const done = (
      await eu.send(new DescribeSnapshotsCommand({ SnapshotIds: [snapshots?.[0]?.SnapshotId ?? ''] }))
    ).Snapshots?.[0];
    expect(done).toMatchObject({ State: 'completed', Progress: '100%' });
  });

  it('describes regions with opt-in status and filters images by wildcards', async () => {
    const { us, source } = await world();
    const regions = (await us.send(new DescribeRegionsCommand({ AllRegions: true }))).Regions ?? [];
    expect(regions.find((r) => r.RegionName === 'ap-east-1')).toMatchObject({
      OptInStatus: 'not-opted-in',
      Endpoint: 'ec2.ap-east-1.amazonaws.com',
    });
    const found = await us.send(
      new DescribeImagesCommand({
        Owners: ['self'],
        Filters: [
          { Name: 'name', Values: ['web-*'] },
          { Name: 'tag:team', Values: ['plat?orm'] },
          { Name: 'state', Values: ['available'] },
        ],
      }),
    );
    expect(found.Images?.map((i) => i.ImageId)).toEqual([source.imageId]);
    const none = await us.send(
      new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'tag-key', Values: ['nope'] }] }),
    );
    expect(none.Images).toEqual([]);
  });

  it('tags, shares, deprecates, deregisters and deletes over HTTP', async () => {
    const { sim, clock, us, source } = await world();
    sim.model.setImageBlockPublicAccess('us-east-1', 'unblocked');
    await us.send(
      new CreateTagsCommand({ Resources: [source.imageId], Tags: [{ Key: 'extra', Value: '1' }] }),
    );
    expect(sim.model.tagsOf(source.imageId)).toMatchObject({ team: 'platform', extra: '1' });
    await us.send(
      new ModifyImageAttributeCommand({
        ImageId: source.imageId,
        LaunchPermission: { Add: [{ UserId: '111122223333' }, { Group: 'all' }] },
      }),
    );
    const attribute = await us.send(
      new DescribeImageAttributeCommand({ ImageId: source.imageId, Attribute: 'launchPermission' }),
    );
    expect(attribute.LaunchPermissions).toEqual([{ UserId: '111122223333' }, { Group: 'all' }]);
    await us.send(
      new ModifySnapshotAttributeCommand({
        SnapshotId: source.snapshotIds[0],
        Attribute: 'createVolumePermission',
        OperationType: 'add',
        UserIds: ['111122223333'],
      }),
    );
    const deprecation = await us.send(
      new EnableImageDeprecationCommand({
        ImageId: source.imageId,
        DeprecateAt: new Date(clock.now() + 86_400_000),
      }),
    );
    expect(deprecation.Return).toBe(true);
    expect(sim.model.image(source.imageId)?.DeprecationTime).toBe(
      new Date(clock.now() + 86_400_000).toISOString().replace('.000Z', 'Z'),
    );
    const deregistered = await us.send(
      new DeregisterImageCommand({ ImageId: source.imageId, DeleteAssociatedSnapshots: true }),
    );
    expect(deregistered.Return).toBe(true);
    expect(deregistered.DeleteSnapshotResults).toEqual([
      { SnapshotId: source.snapshotIds[0], ReturnCode: 'success' },
    ]);
    const gone = await rejection(us.send(new DeleteSnapshotCommand({ SnapshotId: source.snapshotIds[0] })));
    expect(gone.name).toBe('InvalidSnapshot.NotFound');
  });

  it('surfaces AWS errors with the right name and HTTP status', async () => {
    const { sim, us, eu, source } = await world();
    const copy = (input: Partial<ConstructorParameters<typeof CopyImageCommand>[0]> = {}) =>
      eu.send(
        new CopyImageCommand({
          SourceImageId: source.imageId,
          SourceRegion: 'us-east-1',
          Name: 'copy-x',
          ...input,
        }),
      );
    const cases: [Promise<unknown>, string, number][] = [
      [
        us.send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] })),
        'InvalidAMIID.NotFound',
        400,
      ],
      [copy({ Name: 'x' }), 'InvalidAMIName.Malformed', 400],
      [copy({ DryRun: true }), 'DryRunOperation', 412],
      [copy({ KmsKeyId: 'alias/aws/ebs' }), 'InvalidParameterDependency', 400],
    ];
    for (const [promise, name, status] of cases) {
      const error = await rejection(promise);
      expect([error.name, (error.$metadata as { httpStatusCode: number }).httpStatusCode]).toEqual([
        name,
        status,
      ]);
    }
    await copy({ ClientToken: 'same' });
    const mismatch = await rejection(copy({ ClientToken: 'same', Description: 'different' }));
    expect(mismatch.name).toBe('IdempotentParameterMismatch');
    const duplicate = await rejection(copy({ ClientToken: 'other' }));
    expect(duplicate.name).toBe('InvalidAMIName.Duplicate');
    expect(duplicate.message).toMatch(/already in use by AMI ami-/);

    sim.model.faults
      .failNext('DescribeImages', 1, 'RequestLimitExceeded')
      .failNext('DescribeImages', 1, 'InternalError');
    const throttled = await rejection(us.send(new DescribeImagesCommand({})));
    expect([throttled.name, (throttled.$metadata as { httpStatusCode: number }).httpStatusCode]).toEqual([
      'RequestLimitExceeded',
      503,
    ]);
    const internal = await rejection(us.send(new DescribeImagesCommand({})));
    expect([internal.name, (internal.$metadata as { httpStatusCode: number }).httpStatusCode]).toEqual([
      'InternalError',
      500,
    ]);
  });

  it('the SDK retries throttling by itself; the log shows every attempt', async () => {
    const { sim } = await world();
    sim.model.faults.failNext('DescribeRegions', 2, 'RequestLimitExceeded');
    const retrying = ec2Client(sim, 'us-east-1', { maxAttempts: 3 });
    const answer = await retrying.send(new DescribeRegionsCommand({}));
    expect(answer.Regions?.length).toBeGreaterThan(10);
    expect(answer.$metadata.attempts).toBe(3);
    expect(sim.model.log.find({ action: 'DescribeRegions' }).map((e) => e.errorCode ?? 'ok')).toEqual([
      'RequestLimitExceeded',
      'RequestLimitExceeded',
      'ok',
    ]);
  });

  it('denies by policy with UnauthorizedOperation 403 and refuses disabled regions with AuthFailure', async () => {
    const { sim, eu } = await world();
    sim.model.setPolicy(sim.model.defaultCredentials.accessKeyId, {
      Statement: [{ Effect: 'Allow', Action: ['ec2:Describe*'], Resource: '*' }],
    });
    const denied = await rejection(
      eu.send(new CreateTagsCommand({ Resources: ['ami-0123456789abcdef0'], Tags: [] })),
    );
    expect([denied.name, (denied.$metadata as { httpStatusCode: number }).httpStatusCode]).toEqual([
      'UnauthorizedOperation',
      403,
    ]);
    const disabled = await rejection(ec2Client(sim, 'me-south-1').send(new DescribeImagesCommand({})));
    expect(disabled.name).toBe('AuthFailure');
  });

  it('verifies SigV4: a wrong secret or unknown key is AuthFailure, and is logged', async () => {
    const { sim } = await world();
    const wrong = await rejection(
      ec2Client(sim, 'us-east-1', { secretAccessKey: 'not-the-secret' }).send(new DescribeRegionsCommand({})),
    );
    expect([wrong.name, (wrong.$metadata as { httpStatusCode: number }).httpStatusCode]).toEqual([
      'AuthFailure',
      401,
    ]);
    const unknown = await rejection(
      ec2Client(sim, 'us-east-1', { accessKeyId: 'AKIAUNKNOWNKEY000000' }).send(
        new DescribeRegionsCommand({}),
      ),
    );
    expect(unknown.name).toBe('AuthFailure');
    expect(sim.model.log.find({ errorCode: 'AuthFailure' })).toHaveLength(2);
  });

  it('a lost response: the SDK sees a network error, the copy exists, a retry with the same token gets it back', async () => {
    const { sim, eu, source } = await world();
    sim.model.faults.loseResponses('CopyImage', 1);
    const input = {
      SourceImageId: source.imageId,
      SourceRegion: 'us-east-1',
      Name: 'lost-copy',
      ClientToken: 'lost-1',
    };
    const error = await rejection(eu.send(new CopyImageCommand(input)));
    expect(error.name).not.toMatch(/^Invalid/);
    expect(sim.model.images('eu-west-1')).toHaveLength(1);
    const retried = await eu.send(new CopyImageCommand(input));
    expect(retried.ImageId).toBe(sim.model.images('eu-west-1')[0]?.ImageId);
  });

  it('adds the configured latency to every answer', async () => {
    const { sim } = await world({ latencyMs: 150 });
    const started = Date.now();
    await ec2Client(sim, 'us-east-1').send(new DescribeRegionsCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('holds the first matching call before the model runs it, until released; other calls pass', async () => {
    const { sim, source, eu } = await world();
    const hold = sim.model.faults.hold(
      (call) => call.action === 'DescribeImages' && call.region === 'eu-west-1',
    );
    const held = eu.send(new DescribeImagesCommand({ Owners: ['self'] }));
    await hold.reached;
    // Meanwhile: another region's call passes, and a copy lands that the held call will see.
    const us = await ec2Client(sim, 'us-east-1').send(
      new DescribeImagesCommand({ ImageIds: [source.imageId] }),
    );
    expect(us.Images).toHaveLength(1);
    const { ImageId } = await eu.send(
      new CopyImageCommand({ SourceImageId: source.imageId, SourceRegion: 'us-east-1', Name: 'held-copy' }),
    );
    const logged = sim.model.log
      .all()
      .filter((e) => e.action === 'DescribeImages' && e.region === 'eu-west-1');
    expect(logged).toHaveLength(0);
    hold.release();
    expect((await held).Images?.map((i) => i.ImageId)).toEqual([ImageId]);
    // Caught once: the next matching call is not held.
    expect((await eu.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images).toHaveLength(1);
  });
});
