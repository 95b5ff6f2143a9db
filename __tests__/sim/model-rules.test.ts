import { describe, expect, it } from 'vitest';
import { ec2, errorCode, HOUR, virtualWorld } from './helpers.js';

describe('describe operations in the model', () => {
  it('DescribeImages filters by name, state, tag:Key and tag-key with * and ? wildcards', () => {
    const { model } = virtualWorld();
    model.seedImage({ region: 'us-east-1', name: 'web-base-1', tags: { team: 'platform' } });
    model.seedImage({ region: 'us-east-1', name: 'web-base-2', tags: { team: 'data', env: 'prod' } });
    model.seedImage({ region: 'us-east-1', name: 'db-base', state: 'failed' });
    const us = ec2(model, 'us-east-1');
    const names = (filters: object[]) =>
      us
        .call<{ Images: { Name: string }[] }>('DescribeImages', { Owners: ['self'], Filters: filters })
        .Images.map((i) => i.Name)
        .sort();
    expect(names([{ Name: 'name', Values: ['web-*'] }])).toEqual(['web-base-1', 'web-base-2']);
    expect(names([{ Name: 'name', Values: ['web-base-?'] }])).toEqual(['web-base-1', 'web-base-2']);
    expect(names([{ Name: 'state', Values: ['failed'] }])).toEqual(['db-base']);
    expect(names([{ Name: 'tag:team', Values: ['plat*'] }])).toEqual(['web-base-1']);
    expect(names([{ Name: 'tag-key', Values: ['env'] }])).toEqual(['web-base-2']);
    expect(
      names([
        { Name: 'name', Values: ['web-*'] },
        { Name: 'tag:team', Values: ['data'] },
      ]),
    ).toEqual(['web-base-2']);
    expect(errorCode(() => names([{ Name: 'bogus', Values: ['x'] }]))).toBe('InvalidParameterValue');
  });

  it('DescribeImages by id refuses unknown ids, and images are per region', () => {
    const { model } = virtualWorld();
    const image = model.seedImage({ region: 'us-east-1', name: 'web-base' });
    expect(
      ec2(model, 'us-east-1').call<{ Images: unknown[] }>('DescribeImages', { ImageIds: [image.imageId] })
        .Images,
    ).toHaveLength(1);
    expect(
      errorCode(() => ec2(model, 'eu-west-1').call('DescribeImages', { ImageIds: [image.imageId] })),
    ).toBe('InvalidAMIID.NotFound');
  });

  it('shows another account shared images without the owner tags, and Owners=self hides them', () => {
    const { model } = virtualWorld();
    const shared = model.seedImage({
      region: 'us-east-1',
      name: 'vendor',
      accountId: '999988887777',
      sharedWith: [model.defaultAccountId],
      tags: { secret: 'x' },
    });
    const us = ec2(model, 'us-east-1');
    const all = us.call<{ Images: { ImageId: string; Tags?: unknown }[] }>('DescribeImages', {}).Images;
    expect(all.map((i) => i.ImageId)).toContain(shared.imageId);
    expect(all.find((i) => i.ImageId === shared.imageId)?.Tags).toBeUndefined();
    expect(us.call<{ Images: unknown[] }>('DescribeImages', { Owners: ['self'] }).Images).toHaveLength(0);
  });

  it('DescribeSnapshots finds copy snapshots by description wildcard and pages with NextToken', () => {
    const { model } = virtualWorld();
    const source = model.seedImage({
      region: 'us-east-1',
      name: 'src',
      blockDevices: [
        { deviceName: '/dev/xvda', sizeGiB: 8 },
        { deviceName: '/dev/xvdb', sizeGiB: 20 },
      ],
    });
    const eu = ec2(model, 'eu-west-1');
    const { ImageId } = eu.call<{ ImageId: string }>('CopyImage', {
      SourceImageId: source.imageId,
      SourceRegion: 'us-east-1',
      Name: 'copy',
    });
    const found = eu.call<{ Snapshots: { VolumeSize: number }[] }>('DescribeSnapshots', {
      OwnerIds: ['self'],
      Filters: [{ Name: 'description', Values: [`Copied for DestinationAmi ${ImageId} *`] }],
    }).Snapshots;
    expect(found.map((s) => s.VolumeSize).sort((a, b) => a - b)).toEqual([8, 20]);
    const page1 = eu.call<{ Snapshots: unknown[]; NextToken?: string }>('DescribeSnapshots', {
      MaxResults: 1,
    });
    expect(page1.Snapshots).toHaveLength(1);
    const page2 = eu.call<{ Snapshots: unknown[]; NextToken?: string }>('DescribeSnapshots', {
      MaxResults: 1,
      NextToken: page1.NextToken,
    });
    expect(page2.Snapshots).toHaveLength(1);
    expect(page2.NextToken).toBeUndefined();
  });

  it('DescribeRegions lists enabled regions, or all with opt-in status', () => {
    const { model } = virtualWorld({ optIn: { 'ap-east-1': 'opted-in' } });
    const regions = (input: object) =>
      ec2(model, 'us-east-1').call<{ Regions: { RegionName: string; OptInStatus: string }[] }>(
        'DescribeRegions',
        input,
      ).Regions;
    const enabled = regions({}).map((r) => r.RegionName);
    expect(enabled).toContain('ap-east-1');
    expect(enabled).not.toContain('me-south-1');
    const all = regions({ AllRegions: true });
    expect(all.find((r) => r.RegionName === 'me-south-1')?.OptInStatus).toBe('not-opted-in');
    expect(all.find((r) => r.RegionName === 'us-east-1')?.OptInStatus).toBe('opt-in-not-required');
  });
});

describe('changes in the model', () => {
  it('CreateTags / DeleteTags on images and snapshots', () => {
    const { model } = virtualWorld();
    const image = model.seedImage({ region: 'us-east-1', name: 'web' });
    const us = ec2(model, 'us-east-1');
    us.call('CreateTags', {
      Resources: [image.imageId, image.snapshotIds[0]],
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
    });
    expect(model.tagsOf(image.imageId)).toEqual({ a: '1', b: '2' });
    expect(model.tagsOf(image.snapshotIds[0] ?? '')).toEqual({ a: '1', b: '2' });
    us.call('DeleteTags', { Resources: [image.imageId], Tags: [{ Key: 'a' }, { Key: 'b', Value: 'other' }] });
    expect(model.tagsOf(image.imageId)).toEqual({ b: '2' });
    expect(
      errorCode(() =>
        us.call('CreateTags', { Resources: ['ami-0123456789abcdef0'], Tags: [{ Key: 'a', Value: '1' }] }),
      ),
    ).toBe('InvalidAMIID.NotFound');
  });

  it('DeregisterImage frees the name; snapshots stay unless DeleteAssociatedSnapshots; in-use snapshots cannot be deleted', () => {
    const { model } = virtualWorld();
    const image = model.seedImage({ region: 'us-east-1', name: 'web' });
    const us = ec2(model, 'us-east-1');
    const snapshotId = image.snapshotIds[0] ?? '';
    expect(errorCode(() => us.call('DeleteSnapshot', { SnapshotId: snapshotId }))).toBe(
      'InvalidSnapshot.InUse',
    );
    us.call('DeregisterImage', { ImageId: image.imageId });
    expect(model.images('us-east-1')).toHaveLength(0);
    expect(model.snapshots('us-east-1')).toHaveLength(1);
    us.call('DeleteSnapshot', { SnapshotId: snapshotId });
    expect(model.snapshots('us-east-1')).toHaveLength(0);
    const again = model.seedImage({ region: 'us-east-1', name: 'web' });
    const result = us.call<{ DeleteSnapshotResults: { ReturnCode: string }[] }>('DeregisterImage', {
      ImageId: again.imageId,
      DeleteAssociatedSnapshots: true,
    });
    expect(result.DeleteSnapshotResults).toEqual([
      { SnapshotId: again.snapshotIds[0], ReturnCode: 'success' },
    ]);
    expect(model.snapshots('us-east-1')).toHaveLength(0);
  });

  it('launch permissions, snapshot volume permissions and deprecation', () => {
    const { model, clock } = virtualWorld();
    const key = model.createKmsKey('us-east-1', { aliases: ['alias/shared'] });
    const image = model.seedImage({ region: 'us-east-1', name: 'web', kmsKeyId: key.arn });
    const us = ec2(model, 'us-east-1');
    us.call('ModifyImageAttribute', {
      ImageId: image.imageId,
      LaunchPermission: { Add: [{ UserId: '111122223333' }] },
    });
    const attribute = us.call<{ LaunchPermissions: unknown[] }>('DescribeImageAttribute', {
      ImageId: image.imageId,
      Attribute: 'launchPermission',
    });
    expect(attribute.LaunchPermissions).toEqual([{ UserId: '111122223333' }]);
    us.call('ModifySnapshotAttribute', {
      SnapshotId: image.snapshotIds[0],
      Attribute: 'createVolumePermission',
      CreateVolumePermission: { Add: [{ UserId: '111122223333' }] },
    });
    expect(
      model.store.snapshots.get(image.snapshotIds[0] ?? '')?.createVolumePermissions.has('111122223333'),
    ).toBe(true);
    const at = new Date(clock.now() + 30 * 24 * HOUR + 1234);
    us.call('EnableImageDeprecation', { ImageId: image.imageId, DeprecateAt: at });
    // 1.234 s past the minute: rounded to the nearest minute, reported without milliseconds.
    expect(model.image(image.imageId)?.DeprecationTime).toBe(
      new Date(Math.round(at.getTime() / 60_000) * 60_000).toISOString().replace('.000Z', 'Z'),
    );
    expect(
      errorCode(() =>
        us.call('EnableImageDeprecation', { ImageId: image.imageId, DeprecateAt: new Date(0) }),
      ),
    ).toBe('InvalidParameterValue');
  });

  it('refuses to share a snapshot encrypted with the AWS managed key', () => {
    const { model } = virtualWorld();
    const image = model.seedImage({ region: 'us-east-1', name: 'web', encrypted: true });
    expect(
      errorCode(() =>
        ec2(model, 'us-east-1').call('ModifySnapshotAttribute', {
          SnapshotId: image.snapshotIds[0],
          CreateVolumePermission: { Add: [{ UserId: '111122223333' }] },
        }),
      ),
    ).toBe('OperationNotPermitted');
  });
});

describe('request pipeline: credentials, regions, policy, faults, DryRun, log', () => {
  it('answers AuthFailure for a region not opted in, and works once opted in', () => {
    const { model } = virtualWorld();
    expect(errorCode(() => ec2(model, 'me-south-1').call('DescribeImages', {}))).toBe('AuthFailure');
    model.setOptIn('me-south-1', 'opted-in');
    expect(errorCode(() => ec2(model, 'me-south-1').call('DescribeImages', {}))).toBe('no error');
  });

  it('denies actions the policy does not allow (wildcards, explicit Deny wins)', () => {
    const { model } = virtualWorld({
      policy: {
        Statement: [
          { Effect: 'Allow', Action: ['ec2:Describe*', 'ec2:CopyImage'], Resource: '*' },
          { Effect: 'Deny', Action: 'ec2:DescribeSnapshots', Resource: '*' },
        ],
      },
    });
    const us = ec2(model, 'us-east-1');
    expect(errorCode(() => us.call('DescribeImages', {}))).toBe('no error');
    expect(errorCode(() => us.call('DescribeSnapshots', {}))).toBe('UnauthorizedOperation');
    expect(errorCode(() => us.call('DeregisterImage', { ImageId: 'ami-0123456789abcdef0' }))).toBe(
      'UnauthorizedOperation',
    );
  });

  it('DryRun answers DryRunOperation when allowed, UnauthorizedOperation when denied, and changes nothing', () => {
    const { model } = virtualWorld({ policy: { Statement: [{ Effect: 'Allow', Action: 'ec2:CopyImage' }] } });
    const source = model.seedImage({ region: 'us-east-1', name: 'src' });
    const eu = ec2(model, 'eu-west-1');
    const input = { SourceImageId: source.imageId, SourceRegion: 'us-east-1', Name: 'x-copy', DryRun: true };
    expect(errorCode(() => eu.call('CopyImage', input))).toBe('DryRunOperation');
    expect(errorCode(() => eu.call('DeregisterImage', { ImageId: source.imageId, DryRun: true }))).toBe(
      'UnauthorizedOperation',
    );
    expect(model.images('eu-west-1')).toHaveLength(0);
  });

  it('throttles at a rate, in bursts, and fails scripted calls', async () => {
    const { model, clock } = virtualWorld();
    const us = ec2(model, 'us-east-1');
    model.faults.throttle(0.5, { actions: ['DescribeImages'] });
    const codes = Array.from({ length: 200 }, () => errorCode(() => us.call('DescribeImages', {})));
    const throttled = codes.filter((c) => c === 'RequestLimitExceeded').length;
    expect(throttled).toBeGreaterThan(60);
    expect(throttled).toBeLessThan(140);
    expect(errorCode(() => us.call('DescribeSnapshots', {}))).toBe('no error');
    model.faults.reset();
    model.faults.throttleBurst({ start: clock.now() + 1000, durationMs: 1000 });
    expect(errorCode(() => us.call('DescribeSnapshots', {}))).toBe('no error');
    await clock.advance(1500);
    expect(errorCode(() => us.call('DescribeSnapshots', {}))).toBe('RequestLimitExceeded');
    await clock.advance(1000);
    expect(errorCode(() => us.call('DescribeSnapshots', {}))).toBe('no error');
    model.faults.failNext('DescribeRegions', 2, 'InternalError');
    expect(errorCode(() => us.call('DescribeRegions', {}))).toBe('InternalError');
    expect(errorCode(() => us.call('DescribeRegions', {}))).toBe('InternalError');
    expect(errorCode(() => us.call('DescribeRegions', {}))).toBe('no error');
  });

  it('a lost response still applies the change', () => {
    const { model } = virtualWorld();
    const source = model.seedImage({ region: 'us-east-1', name: 'src' });
    model.faults.loseResponses('CopyImage', 1);
    const outcome = model.invokeEc2(
      'CopyImage',
      { region: 'eu-west-1', accessKeyId: model.defaultCredentials.accessKeyId, via: 'gateway' },
      { SourceImageId: source.imageId, SourceRegion: 'us-east-1', Name: 'lost', ClientToken: 'c1' },
    );
    expect(outcome.lost).toBe(true);
    expect(model.images('eu-west-1').map((i) => i.Name)).toEqual(['lost']);
    expect(model.log.find({ action: 'CopyImage' })[0]?.outcome).toBe('lost');
  });

  it('credentials that expire answer RequestExpired', async () => {
    const { model, clock } = virtualWorld();
    const us = ec2(model, 'us-east-1');
    model.faults.expireCredentials(model.defaultCredentials.accessKeyId, clock.now() + HOUR);
    expect(errorCode(() => us.call('DescribeImages', {}))).toBe('no error');
    await clock.advance(HOUR);
    expect(errorCode(() => us.call('DescribeImages', {}))).toBe('RequestExpired');
  });

  it('logs every request with clock time, region, action, outcome and access key', async () => {
    const { model, clock } = virtualWorld();
    const us = ec2(model, 'us-east-1');
    us.call('DescribeImages', {});
    await clock.advance(5000);
    errorCode(() => us.call('DescribeImages', { ImageIds: ['ami-0123456789abcdef0'] }));
    const entries = model.log.all();
    expect(
      entries.map((e) => [e.action, e.outcome, e.errorCode, e.clockTime - (entries[0]?.clockTime ?? 0)]),
    ).toEqual([
      ['DescribeImages', 'ok', undefined, 0],
      ['DescribeImages', 'error', 'InvalidAMIID.NotFound', 5000],
    ]);
    expect(entries[0]?.accessKeyId).toBe(model.defaultCredentials.accessKeyId);
    expect(entries[0]?.region).toBe('us-east-1');
    expect(model.log.counters()).toEqual({ DescribeImages: 2 });
  });
});
