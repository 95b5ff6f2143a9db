/**
 * The post-copy actions through @aws-sdk/client-ec2, once over HTTP and once over the
 * in-process model transport: the SDK must parse every answer and error, and the raw XML must
 * carry AWS's element names.
 */
import {
  CopyImageCommand,
  DeregisterImageCommand,
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  DescribeSnapshotAttributeCommand,
  DescribeSnapshotsCommand,
  DisableImageDeprecationCommand,
  DisableImageDeregistrationProtectionCommand,
  type EC2Client,
  EnableImageDeprecationCommand,
  EnableImageDeregistrationProtectionCommand,
  GetEbsDefaultKmsKeyIdCommand,
  GetImageBlockPublicAccessStateCommand,
  ModifyImageAttributeCommand,
  ModifySnapshotAttributeCommand,
} from '@aws-sdk/client-ec2';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { createModel, type SimModel, virtualClock } from '../../sim/model/index.js';
import { modelEc2Clients } from '../../sim/model-gateway.js';
import { ec2Client, rejection, signedPost, simulator } from './http-helpers.js';

const OTHER = '111122223333';
const ORG = 'arn:aws:organizations::123456789012:organization/o-abcdefghij';
const DAY = 86_400_000;

type Door = (model: SimModel) => Promise<{ client: (region: string) => EC2Client }>;

const doors: [string, Door][] = [
  [
    'HTTP',
    async (model) => {
      const sim = await simulator({ model });
      return { client: (region) => ec2Client(sim, region) };
    },
  ],
  ['in-process transport', async (model) => ({ client: modelEc2Clients(model, { maxAttempts: 1 }) })],
];

const statusOf = (error: Record<string, unknown>) =>
  (error.$metadata as { httpStatusCode?: number }).httpStatusCode;

describe.each(doors)('post-copy actions through the SDK (%s)', (_name, open) => {
  async function world() {
    const clock = virtualClock(Date.UTC(2026, 0, 1));
    const model = createModel({ clock, seed: 5, copyJitter: 0 });
    const image = model.seedImage({ region: 'us-east-1', name: 'web', sizeGiB: 100 });
    const { client } = await open(model);
    return { model, clock, image, us: client('us-east-1'), eu: client('eu-west-1') };
  }

  it('protects with cooldown, refuses DeregisterImage, reports disabled-until, answers DryRun with 412', async () => {
    const { clock, image, us } = await world();
    const ImageId = image.imageId;
    const enabled = await us.send(
      new EnableImageDeregistrationProtectionCommand({ ImageId, WithCooldown: true }),
    );
    expect(enabled.Return).toBe('enabled-with-cooldown');
    const described = await us.send(new DescribeImagesCommand({ ImageIds: [ImageId] }));
    expect(described.Images?.[0]?.DeregistrationProtection).toBe('enabled-with-cooldown');
    const refused = await rejection(us.send(new DeregisterImageCommand({ ImageId })));
    expect([refused.name, statusOf(refused)]).toEqual(['OperationNotPermitted', 400]);
    const disabled = await us.send(new DisableImageDeregistrationProtectionCommand({ ImageId }));
    const until = `disabled-until ${new Date(clock.now() + DAY).toISOString().replace('.000Z', 'Z')}`;
    expect(disabled.Return).toBe(until);
    const attribute = await us.send(
      new DescribeImageAttributeCommand({ ImageId, Attribute: 'deregistrationProtection' }),
    );
    expect(attribute.DeregistrationProtection).toEqual({ Value: until });
    const dry = await rejection(
      us.send(new EnableImageDeregistrationProtectionCommand({ ImageId, DryRun: true })),
    );
    expect([dry.name, statusOf(dry), dry.message]).toEqual([
      'DryRunOperation',
      412,
      'Request would have succeeded, but DryRun flag is set.',
    ]);
  });

  it('shares with accounts and organizations, refuses public sharing while blocked, shares a snapshot', async () => {
    const { model, image, us } = await world();
    const ImageId = image.imageId;
    const state = await us.send(new GetImageBlockPublicAccessStateCommand({}));
    expect([state.ImageBlockPublicAccessState, state.ManagedBy]).toEqual(['block-new-sharing', 'account']);
    await us.send(
      new ModifyImageAttributeCommand({
        ImageId,
        LaunchPermission: { Add: [{ UserId: OTHER }, { OrganizationArn: ORG }] },
      }),
    );
    const permissions = await us.send(
      new DescribeImageAttributeCommand({ ImageId, Attribute: 'launchPermission' }),
    );
    expect(permissions.LaunchPermissions).toEqual([{ UserId: OTHER }, { OrganizationArn: ORG }]);
    expect(permissions.ImageId).toBe(ImageId);
    const blocked = await rejection(
      us.send(new ModifyImageAttributeCommand({ ImageId, LaunchPermission: { Add: [{ Group: 'all' }] } })),
    );
    expect([blocked.name, statusOf(blocked)]).toEqual(['OperationNotPermitted', 400]);
    model.setImageBlockPublicAccess('us-east-1', 'unblocked');
    await us.send(
      new ModifyImageAttributeCommand({ ImageId, LaunchPermission: { Add: [{ Group: 'all' }] } }),
    );
    expect((await us.send(new DescribeImagesCommand({ ImageIds: [ImageId] }))).Images?.[0]?.Public).toBe(
      true,
    );

    const SnapshotId = image.snapshotIds[0] ?? '';
    await us.send(
      new ModifySnapshotAttributeCommand({
        SnapshotId,
        Attribute: 'createVolumePermission',
        CreateVolumePermission: { Add: [{ UserId: OTHER }] },
      }),
    );
    const volume = await us.send(
      new DescribeSnapshotAttributeCommand({ SnapshotId, Attribute: 'createVolumePermission' }),
    );
    expect([volume.SnapshotId, volume.CreateVolumePermissions]).toEqual([SnapshotId, [{ UserId: OTHER }]]);
  });

  it('GetEbsDefaultKmsKeyId answers alias/aws/ebs until the account names a key, which then encrypts copies', async () => {
    const { model, clock, image, eu } = await world();
    expect((await eu.send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId).toBe('alias/aws/ebs');
    const key = model.createKmsKey('eu-west-1', { aliases: ['alias/images'] });
    model.setEbsDefaultKmsKey('eu-west-1', key.arn);
    expect((await eu.send(new GetEbsDefaultKmsKeyIdCommand({}))).KmsKeyId).toBe(key.arn);
    const copy = await eu.send(
      new CopyImageCommand({
        SourceImageId: image.imageId,
        SourceRegion: 'us-east-1',
        Name: 'enc',
        Encrypted: true,
      }),
    );
    await clock.advance(DAY);
    const [described] =
      (await eu.send(new DescribeImagesCommand({ ImageIds: [copy.ImageId as string] }))).Images ?? [];
    expect(described?.State).toBe('available');
    expect(described?.BlockDeviceMappings?.[0]?.Ebs?.KmsKeyId).toBe(key.arn);
  });

  it('deprecates and undeprecates; a time-based copy reports its transfer type and finishes in time', async () => {
    const { model, clock, image, us, eu } = await world();
    const ImageId = image.imageId;
    const at = new Date(clock.now() + 7 * DAY + 20_000);
    expect((await us.send(new EnableImageDeprecationCommand({ ImageId, DeprecateAt: at }))).Return).toBe(
      true,
    );
    const deprecated = (await us.send(new DescribeImagesCommand({ ImageIds: [ImageId] }))).Images?.[0];
    expect(deprecated?.DeprecationTime).toBe(
      new Date(clock.now() + 7 * DAY).toISOString().replace('.000Z', 'Z'),
    );
    expect((await us.send(new DisableImageDeprecationCommand({ ImageId }))).Return).toBe(true);
    expect(
      (await us.send(new DescribeImagesCommand({ ImageIds: [ImageId] }))).Images?.[0]?.DeprecationTime,
    ).toBeUndefined();

    const copied = await eu.send(
      new CopyImageCommand({
        SourceImageId: ImageId,
        SourceRegion: 'us-east-1',
        Name: 'web-timed',
        SnapshotCopyCompletionDurationMinutes: 15,
      }),
    );
    const snapshots = await eu.send(
      new DescribeSnapshotsCommand({
        Filters: [{ Name: 'description', Values: [`Copied for DestinationAmi ${copied.ImageId} *`] }],
      }),
    );
    expect(snapshots.Snapshots?.[0]).toMatchObject({
      TransferType: 'time-based',
      CompletionDurationMinutes: 15,
    });
    expect(
      (model.completionTime('eu-west-1', copied.ImageId ?? '') ?? Infinity) - clock.now(),
    ).toBeLessThanOrEqual(15 * 60_000);
    const tooShort = await rejection(
      eu.send(
        new CopyImageCommand({
          SourceImageId: ImageId,
          SourceRegion: 'us-east-1',
          Name: 'web-odd',
          SnapshotCopyCompletionDurationMinutes: 25,
        }),
      ),
    );
    expect(tooShort.name).toBe('InvalidParameterValue');
  });
});

describe('post-copy answers on the wire', () => {
  const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false });

  it('uses AWS element names and refuses unknown parameters of the new actions', async () => {
    const clock = virtualClock(Date.UTC(2026, 0, 1));
    const sim = await simulator({ modelOptions: { clock } });
    const image = sim.model.seedImage({
      region: 'us-east-1',
      name: 'web',
      deregistrationProtection: 'without-cooldown',
    });
    const post = async (params: Record<string, string>) =>
      parser.parse(
        (
          await signedPost(sim.url, sim.model.defaultCredentials, 'us-east-1', 'ec2', {
            Version: '2016-11-15',
            ...params,
          })
        ).text,
      );
    const bpa = await post({ Action: 'GetImageBlockPublicAccessState' });
    expect(bpa.GetImageBlockPublicAccessStateResponse).toMatchObject({
      imageBlockPublicAccessState: 'block-new-sharing',
      managedBy: 'account',
    });
    await post({
      Action: 'ModifyImageAttribute',
      ImageId: image.imageId,
      'LaunchPermission.Add.1.UserId': OTHER,
    });
    const launch = await post({
      Action: 'DescribeImageAttribute',
      ImageId: image.imageId,
      Attribute: 'launchPermission',
    });
    expect(launch.DescribeImageAttributeResponse.launchPermission).toEqual({ item: { userId: OTHER } });
    await post({
      Action: 'ModifySnapshotAttribute',
      SnapshotId: image.snapshotIds[0] ?? '',
      OperationType: 'add',
      'UserId.1': OTHER,
    });
    const volume = await post({
      Action: 'DescribeSnapshotAttribute',
      SnapshotId: image.snapshotIds[0] ?? '',
      Attribute: 'createVolumePermission',
    });
    expect(volume.DescribeSnapshotAttributeResponse).toMatchObject({
      snapshotId: image.snapshotIds[0],
      createVolumePermission: { item: { userId: OTHER } },
    });
    await post({
      Action: 'EnableImageDeprecation',
      ImageId: image.imageId,
      DeprecateAt: '2026-02-01T10:00:00Z',
    });
    const described = await post({ Action: 'DescribeImages', 'ImageId.1': image.imageId });
    expect(described.DescribeImagesResponse.imagesSet.item).toMatchObject({
      deprecationTime: '2026-02-01T10:00:00Z',
      deregistrationProtection: 'enabled-without-cooldown',
    });
    const protectedAnswer = await post({
      Action: 'DisableImageDeregistrationProtection',
      ImageId: image.imageId,
    });
    expect(protectedAnswer.DisableImageDeregistrationProtectionResponse.return).toBe('disabled');
    const unknown = await post({
      Action: 'EnableImageDeregistrationProtection',
      ImageId: image.imageId,
      Cooldown: 'true',
    });
    expect(unknown.Response.Errors.Error.Code).toBe('UnknownParameter');
  });
});
