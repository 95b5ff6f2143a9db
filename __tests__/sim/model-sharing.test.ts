/** Launch permissions, create-volume permissions and block public access for AMIs, in the model. */
import { describe, expect, it } from 'vitest';
import type { SimModel } from '../../sim/model/index.js';
import { ec2, errorCode, virtualWorld } from './helpers.js';

const OTHER = '111122223333';
const ORG = 'arn:aws:organizations::123456789012:organization/o-abcdefghij';
const OU = 'arn:aws:organizations::123456789012:ou/o-abcdefghij/ou-ab12-cdefghij';

function launchPermissions(model: SimModel, imageId: string) {
  return ec2(model, 'us-east-1').call<{ LaunchPermissions: object[] }>('DescribeImageAttribute', {
    ImageId: imageId,
    Attribute: 'launchPermission',
  }).LaunchPermissions;
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('launch permissions (ModifyImageAttribute / DescribeImageAttribute)', () => {
  it('adds and removes accounts, organizations, OUs and the public; the other account then sees the image', () => {
    const { model } = virtualWorld({ imageBlockPublicAccess: 'unblocked' });
    const image = model.seedImage({ region: 'us-east-1', name: 'web' });
    const us = ec2(model, 'us-east-1');
    const other = model.addUser({ accountId: OTHER });
    const seenByOther = () =>
      model.invokeEc2(
        'DescribeImages',
        { region: 'us-east-1', accessKeyId: other.accessKeyId, via: 'gateway' },
        {},
      ).result as { Images: { ImageId: string }[] };
    expect(seenByOther().Images).toEqual([]);
    us.call('ModifyImageAttribute', {
      ImageId: image.imageId,
      LaunchPermission: {
        Add: [{ UserId: OTHER }, { OrganizationArn: ORG }, { OrganizationalUnitArn: OU }, { UserId: OTHER }],
      },
    });
    expect(launchPermissions(model, image.imageId)).toEqual([
      { UserId: OTHER },
      { OrganizationArn: ORG },
      { OrganizationalUnitArn: OU },
    ]);
    expect(seenByOther().Images.map((i) => i.ImageId)).toEqual([image.imageId]);
    us.call('ModifyImageAttribute', {
      ImageId: image.imageId,
      LaunchPermission: { Add: [{ Group: 'all' }], Remove: [{ UserId: OTHER }, { OrganizationArn: ORG }] },
    });
    expect(launchPermissions(model, image.imageId)).toEqual([
      { OrganizationalUnitArn: OU },
      { Group: 'all' },
    ]);
    expect(model.image(image.imageId)?.Public).toBe(true);
    us.call('ModifyImageAttribute', {
      ImageId: image.imageId,
      LaunchPermission: { Remove: [{ Group: 'all' }, { OrganizationalUnitArn: OU }] },
    });
    expect(launchPermissions(model, image.imageId)).toEqual([]);
    expect(model.image(image.imageId)?.Public).toBe(false);
    expect(seenByOther().Images).toEqual([]);
  });

  it('takes the older OperationType + UserIds / UserGroups form', () => {
    const { model } = virtualWorld({ imageBlockPublicAccess: { 'us-east-1': 'unblocked' } });
    const image = model.seedImage({ region: 'us-east-1', name: 'web' });
    const us = ec2(model, 'us-east-1');
    const modify = (input: object) => () =>
      us.call('ModifyImageAttribute', { ImageId: image.imageId, Attribute: 'launchPermission', ...input });
    modify({ OperationType: 'add', UserIds: [OTHER], UserGroups: ['all'] })();
    expect(launchPermissions(model, image.imageId)).toEqual([{ UserId: OTHER }, { Group: 'all' }]);
    modify({ OperationType: 'remove', UserIds: [OTHER] })();
    expect(launchPermissions(model, image.imageId)).toEqual([{ Group: 'all' }]);
    expect(errorCode(modify({ UserIds: [OTHER] }))).toBe('MissingParameter');
    expect(errorCode(modify({ OperationType: 'replace', UserIds: [OTHER] }))).toBe('InvalidParameterValue');
  });

  it('validates each entry as AWS does, and changes nothing when one is wrong', () => {
    const { model } = virtualWorld({ imageBlockPublicAccess: 'unblocked' });
    const image = model.seedImage({ region: 'us-east-1', name: 'web' });
    const us = ec2(model, 'us-east-1');
    const add =
      (...entries: object[]) =>
      () =>
        us.call('ModifyImageAttribute', { ImageId: image.imageId, LaunchPermission: { Add: entries } });
    expect(errorCode(add({ UserId: OTHER }, { UserId: '1234' }))).toBe('InvalidAMIAttributeItemValue');
    expect(messageOf(add({ UserId: '1234' }))).toBe(
      'Invalid attribute item value "1234" for userId item type.',
    );
    expect(errorCode(add({ Group: 'everyone' }))).toBe('InvalidAMIAttributeItemValue');
    expect(errorCode(add({ OrganizationArn: 'arn:aws:organizations::123456789012:organization/x' }))).toBe(
      'InvalidAMIAttributeItemValue',
    );
    expect(errorCode(add({ OrganizationalUnitArn: ORG }))).toBe('InvalidAMIAttributeItemValue');
    expect(errorCode(add({ UserId: OTHER, Group: 'all' }))).toBe('InvalidParameterCombination');
    expect(errorCode(add())).toBe('MissingParameter');
    expect(
      errorCode(() => us.call('ModifyImageAttribute', { ImageId: image.imageId, Attribute: 'kernel' })),
    ).toBe('InvalidParameterValue');
    expect(launchPermissions(model, image.imageId)).toEqual([]);
  });

  it('shares with at most 1000 entities (the public not counted)', () => {
    const { model } = virtualWorld({ imageBlockPublicAccess: 'unblocked' });
    const image = model.seedImage({ region: 'us-east-1', name: 'web' });
    const us = ec2(model, 'us-east-1');
    const accounts = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ UserId: String(100000000000 + from + i) }));
    us.call('ModifyImageAttribute', {
      ImageId: image.imageId,
      LaunchPermission: { Add: [...accounts(0, 1000), { Group: 'all' }] },
    });
    expect(launchPermissions(model, image.imageId)).toHaveLength(1001);
    const more = () =>
      us.call('ModifyImageAttribute', {
        ImageId: image.imageId,
        LaunchPermission: { Add: accounts(1000, 1) },
      });
    expect(errorCode(more)).toBe('ResourceLimitExceeded');
    expect(launchPermissions(model, image.imageId)).toHaveLength(1001);
  });

  it('refuses sharing an image on the AWS-managed key, and public sharing of any encrypted image', () => {
    const { model } = virtualWorld({ imageBlockPublicAccess: 'unblocked' });
    const onDefaultKey = model.seedImage({ region: 'us-east-1', name: 'default-key', encrypted: true });
    const key = model.createKmsKey('us-east-1', { aliases: ['alias/shared'] });
    const onOwnKey = model.seedImage({ region: 'us-east-1', name: 'own-key', kmsKeyId: key.arn });
    const us = ec2(model, 'us-east-1');
    const add = (imageId: string, entry: object) => () =>
      us.call('ModifyImageAttribute', { ImageId: imageId, LaunchPermission: { Add: [entry] } });
    for (const entry of [
      { UserId: OTHER },
      { OrganizationArn: ORG },
      { OrganizationalUnitArn: OU },
      { Group: 'all' },
    ]) {
      expect(errorCode(add(onDefaultKey.imageId, entry))).toBe('InvalidParameter');
    }
    expect(messageOf(add(onDefaultKey.imageId, { UserId: OTHER }))).toBe(
      "Snapshots encrypted with the AWS Managed CMK can't be shared. Specify another snapshot.",
    );
    expect(errorCode(add(onOwnKey.imageId, { UserId: OTHER }))).toBe('no error');
    expect(errorCode(add(onOwnKey.imageId, { Group: 'all' }))).toBe('InvalidParameter');
    expect(launchPermissions(model, onOwnKey.imageId)).toEqual([{ UserId: OTHER }]);
  });

  it('an encrypted copy without KmsKeyId is on the AWS-managed key of its region, so it cannot be shared', () => {
    const { model } = virtualWorld();
    const source = model.seedImage({ region: 'us-east-1', name: 'src' });
    const eu = ec2(model, 'eu-west-1');
    const { ImageId } = eu.call<{ ImageId: string }>('CopyImage', {
      SourceImageId: source.imageId,
      SourceRegion: 'us-east-1',
      Name: 'copy',
      Encrypted: true,
    });
    expect(
      errorCode(() =>
        eu.call('ModifyImageAttribute', { ImageId, LaunchPermission: { Add: [{ UserId: OTHER }] } }),
      ),
    ).toBe('InvalidParameter');
  });
});

describe('block public access for AMIs', () => {
  it('is block-new-sharing by default, per region, and refuses Group all with AWS words', () => {
    const { model } = virtualWorld();
    const image = model.seedImage({ region: 'us-east-1', name: 'web' });
    const us = ec2(model, 'us-east-1');
    expect(us.call('GetImageBlockPublicAccessState', {})).toEqual({
      ImageBlockPublicAccessState: 'block-new-sharing',
      ManagedBy: 'account',
    });
    const makePublic = () =>
      us.call('ModifyImageAttribute', {
        ImageId: image.imageId,
        LaunchPermission: { Add: [{ Group: 'all' }] },
      });
    expect(errorCode(makePublic)).toBe('OperationNotPermitted');
    expect(messageOf(makePublic)).toBe(
      'You can\u2019t publicly share this image because block public access for AMIs is enabled for this account. To publicly share the image, you must call the DisableImageBlockPublicAccess API.',
    );
    // Sharing with an account is not public sharing.
    expect(
      errorCode(() =>
        us.call('ModifyImageAttribute', {
          ImageId: image.imageId,
          LaunchPermission: { Add: [{ UserId: OTHER }] },
        }),
      ),
    ).toBe('no error');
    model.setImageBlockPublicAccess('us-east-1', 'unblocked');
    expect(model.imageBlockPublicAccess('us-east-1')).toBe('unblocked');
    expect(model.imageBlockPublicAccess('eu-west-1')).toBe('block-new-sharing');
    expect(us.call('GetImageBlockPublicAccessState', {})).toMatchObject({
      ImageBlockPublicAccessState: 'unblocked',
    });
    expect(errorCode(makePublic)).toBe('no error');
    // Already public images stay public when blocking is turned back on.
    model.setImageBlockPublicAccess('us-east-1', 'block-new-sharing');
    expect(model.image(image.imageId)?.Public).toBe(true);
  });

  it('the createModel option sets it per region for the default account only', () => {
    const { model } = virtualWorld({
      imageBlockPublicAccess: { '*': 'unblocked', 'eu-west-1': 'block-new-sharing' },
    });
    expect(model.imageBlockPublicAccess('us-east-1')).toBe('unblocked');
    expect(model.imageBlockPublicAccess('eu-west-1')).toBe('block-new-sharing');
    expect(model.imageBlockPublicAccess('us-east-1', OTHER)).toBe('block-new-sharing');
  });
});

describe('create-volume permissions (ModifySnapshotAttribute / DescribeSnapshotAttribute)', () => {
  it('adds and removes accounts and the public on an unencrypted snapshot', () => {
    const { model } = virtualWorld();
    const image = model.seedImage({ region: 'us-east-1', name: 'web' });
    const snapshotId = image.snapshotIds[0] ?? '';
    const us = ec2(model, 'us-east-1');
    const describe = () =>
      us.call('DescribeSnapshotAttribute', { SnapshotId: snapshotId, Attribute: 'createVolumePermission' });
    expect(describe()).toEqual({ SnapshotId: snapshotId, CreateVolumePermissions: [] });
    us.call('ModifySnapshotAttribute', {
      SnapshotId: snapshotId,
      Attribute: 'createVolumePermission',
      CreateVolumePermission: { Add: [{ UserId: OTHER }, { Group: 'all' }] },
    });
    expect(describe()).toEqual({
      SnapshotId: snapshotId,
      CreateVolumePermissions: [{ UserId: OTHER }, { Group: 'all' }],
    });
    us.call('ModifySnapshotAttribute', {
      SnapshotId: snapshotId,
      OperationType: 'remove',
      GroupNames: ['all'],
    });
    expect(describe()).toEqual({ SnapshotId: snapshotId, CreateVolumePermissions: [{ UserId: OTHER }] });
    expect(
      us.call('DescribeSnapshotAttribute', { SnapshotId: snapshotId, Attribute: 'productCodes' }),
    ).toEqual({
      SnapshotId: snapshotId,
      ProductCodes: [],
    });
  });

  it('refuses the AWS-managed key, public encrypted snapshots, bad values and add+remove at once', () => {
    const { model } = virtualWorld();
    const onDefaultKey =
      model.seedImage({ region: 'us-east-1', name: 'default-key', encrypted: true }).snapshotIds[0] ?? '';
    const key = model.createKmsKey('us-east-1');
    const onOwnKey =
      model.seedImage({ region: 'us-east-1', name: 'own-key', kmsKeyId: key.keyId }).snapshotIds[0] ?? '';
    const us = ec2(model, 'us-east-1');
    const modify = (SnapshotId: string, change: object) => () =>
      us.call('ModifySnapshotAttribute', { SnapshotId, CreateVolumePermission: change });
    expect(errorCode(modify(onDefaultKey, { Add: [{ UserId: OTHER }] }))).toBe('OperationNotPermitted');
    expect(messageOf(modify(onDefaultKey, { Add: [{ UserId: OTHER }] }))).toBe(
      'Encrypted snapshots with EBS default key cannot be shared',
    );
    expect(errorCode(modify(onOwnKey, { Add: [{ Group: 'all' }] }))).toBe('OperationNotPermitted');
    expect(errorCode(modify(onOwnKey, { Add: [{ UserId: OTHER }] }))).toBe('no error');
    expect(errorCode(modify(onOwnKey, { Add: [{ UserId: '12' }] }))).toBe('InvalidParameterValue');
    expect(errorCode(modify(onOwnKey, { Add: [{ Group: 'everyone' }] }))).toBe('InvalidParameterValue');
    expect(errorCode(modify(onOwnKey, { Add: [{ UserId: OTHER }], Remove: [{ UserId: OTHER }] }))).toBe(
      'InvalidParameterCombination',
    );
    expect(errorCode(modify(onOwnKey, {}))).toBe('MissingParameter');
    expect(errorCode(() => us.call('DescribeSnapshotAttribute', { SnapshotId: onOwnKey }))).toBe(
      'MissingParameter',
    );
    expect(
      errorCode(() => us.call('DescribeSnapshotAttribute', { SnapshotId: onOwnKey, Attribute: 'owner' })),
    ).toBe('InvalidParameterValue');
    expect(
      us.call('DescribeSnapshotAttribute', { SnapshotId: onOwnKey, Attribute: 'createVolumePermission' }),
    ).toEqual({
      SnapshotId: onOwnKey,
      CreateVolumePermissions: [{ UserId: OTHER }],
    });
  });
});
