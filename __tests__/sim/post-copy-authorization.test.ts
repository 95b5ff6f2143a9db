/**
 * DryRun on every mutating action (authorization first, then DryRunOperation, nothing
 * changed), and least-privilege policies on the post-copy actions: image and snapshot ARNs,
 * resource tags, the ec2:Add/* sharing keys, and `*` for GetImageBlockPublicAccessState.
 */
import { describe, expect, it } from 'vitest';
import {
  ALLOW_ALL,
  EC2_OPERATIONS,
  type Ec2Action,
  MUTATING_EC2_ACTIONS,
  type MutatingEc2Action,
  type Policy,
  type SimModel,
} from '../../sim/model/index.js';
import { errorCode, HOUR, virtualWorld } from './helpers.js';

const REGION = 'us-east-1';
const OTHER = '111122223333';

function as(model: SimModel, accessKeyId: string) {
  return (action: Ec2Action, input: object) =>
    model.invokeEc2(action, { region: REGION, accessKeyId, via: 'gateway' }, input as never).result;
}

function failure(fn: () => unknown): { code: string; status: number; message: string } {
  try {
    fn();
  } catch (error) {
    const e = error as { code: string; status: number; message: string };
    return { code: e.code, status: e.status, message: e.message };
  }
  return { code: 'no error', status: 200, message: '' };
}

/** A world with one own image (and its snapshot) and a valid request for each mutating action. */
function world(policy: Policy = ALLOW_ALL) {
  const { model, clock } = virtualWorld({ imageBlockPublicAccess: 'unblocked' });
  // Deprecated and protected already, so that the Disable* requests have something to change.
  const image = model.seedImage({
    region: REGION,
    name: 'web',
    tags: { team: 'web' },
    deprecateAt: clock.now() + 2 * HOUR,
    deregistrationProtection: 'without-cooldown',
  });
  const snapshotId = image.snapshotIds[0] ?? '';
  // A snapshot no image uses, for DeleteSnapshot.
  const loose = model.seedImage({ region: REGION, name: 'gone' });
  model.store.images.delete(loose.imageId);
  // The protected image cannot be deregistered, so DeregisterImage takes another.
  const unprotected = model.seedImage({ region: REGION, name: 'unprotected' });
  // Two versions, so that ModifyLaunchTemplate has another default to move to.
  const template = model.seedLaunchTemplate({
    region: REGION,
    name: 'web-template',
    imageId: image.imageId,
    moreVersions: [{ ImageId: unprotected.imageId }],
  });
  const requests: Record<MutatingEc2Action, object> = {
    CopyImage: { SourceImageId: image.imageId, SourceRegion: REGION, Name: 'dry-copy' },
    CreateTags: { Resources: [image.imageId], Tags: [{ Key: 'stage', Value: 'one' }] },
    DeleteTags: { Resources: [image.imageId], Tags: [{ Key: 'team' }] },
    DeregisterImage: { ImageId: unprotected.imageId },
    DeleteSnapshot: { SnapshotId: loose.snapshotIds[0] },
    ModifyImageAttribute: { ImageId: image.imageId, LaunchPermission: { Add: [{ Group: 'all' }] } },
    ModifySnapshotAttribute: { SnapshotId: snapshotId, CreateVolumePermission: { Add: [{ UserId: OTHER }] } },
    EnableImageDeprecation: { ImageId: image.imageId, DeprecateAt: new Date(clock.now() + HOUR) },
    DisableImageDeprecation: { ImageId: image.imageId },
    EnableImageDeregistrationProtection: { ImageId: image.imageId, WithCooldown: true },
    DisableImageDeregistrationProtection: { ImageId: image.imageId },
    CreateLaunchTemplate: {
      LaunchTemplateName: 'dry-template',
      LaunchTemplateData: { ImageId: image.imageId },
    },
    CreateLaunchTemplateVersion: {
      LaunchTemplateId: template.launchTemplateId,
      LaunchTemplateData: { ImageId: image.imageId },
    },
    ModifyLaunchTemplate: { LaunchTemplateId: template.launchTemplateId, DefaultVersion: '2' },
    DeleteLaunchTemplate: { LaunchTemplateId: template.launchTemplateId },
  };
  const user = model.addUser({ userName: 'limited', policy });
  const state = () =>
    JSON.stringify({
      images: model.images(),
      snapshots: model.snapshots(),
      volumePermissions: [...model.store.snapshots.values()].map((s) => [...s.createVolumePermissions]),
      launchPermissions: [...model.store.images.values()].map((i) => i.launchPermissions),
      launchTemplates: [...model.store.launchTemplates.values()].map((t) => [t.defaultVersion, t.versions]),
    });
  return { model, image, snapshotId, requests, user, state, call: as(model, user.accessKeyId) };
}

describe('DryRun', () => {
  it('covers every action that changes something', () => {
    const changing = (Object.keys(EC2_OPERATIONS) as Ec2Action[]).filter(
      (a) => !a.startsWith('Describe') && !a.startsWith('Get'),
    );
    expect([...MUTATING_EC2_ACTIONS].sort()).toEqual(changing.sort());
  });

  it.each([...MUTATING_EC2_ACTIONS])('%s: allowed -> DryRunOperation 412 and nothing changes', (action) => {
    const { requests, state, call, model } = world();
    const before = state();
    const answer = failure(() => call(action, { ...requests[action], DryRun: true }));
    expect(answer).toEqual({
      code: 'DryRunOperation',
      status: 412,
      message: 'Request would have succeeded, but DryRun flag is set.',
    });
    expect(state()).toBe(before);
    expect(model.log.find({ action })).toEqual([expect.objectContaining({ errorCode: 'DryRunOperation' })]);
    // The same request without DryRun does change the world.
    expect(errorCode(() => call(action, requests[action]))).toBe('no error');
    expect(state()).not.toBe(before);
  });

  it.each([...MUTATING_EC2_ACTIONS])(
    '%s: denied -> UnauthorizedOperation 403, not DryRunOperation',
    (action) => {
      const { requests, state, call } = world({
        Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }],
      });
      const before = state();
      expect(failure(() => call(action, { ...requests[action], DryRun: true }))).toMatchObject({
        code: 'UnauthorizedOperation',
        status: 403,
      });
      expect(state()).toBe(before);
    },
  );

  it('does not look the resource up: a DryRun on an image that does not exist still answers DryRunOperation', () => {
    const { call } = world();
    expect(
      failure(() =>
        call('EnableImageDeregistrationProtection', { ImageId: 'ami-0123456789abcdef0', DryRun: true }),
      ).code,
    ).toBe('DryRunOperation');
    expect(
      failure(() => call('EnableImageDeregistrationProtection', { ImageId: 'ami-0123456789abcdef0' })).code,
    ).toBe('InvalidAMIID.NotFound');
  });
});

describe('least-privilege policies on the post-copy actions', () => {
  const TEAM_WEB = { StringEquals: { 'aws:ResourceTag/team': 'web' } };
  const POLICY: Policy = {
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ec2:ModifyImageAttribute',
          'ec2:DescribeImageAttribute',
          'ec2:EnableImageDeprecation',
          'ec2:DisableImageDeprecation',
          'ec2:EnableImageDeregistrationProtection',
          'ec2:DisableImageDeregistrationProtection',
        ],
        Resource: 'arn:aws:ec2:*::image/*',
        Condition: TEAM_WEB,
      },
      {
        Effect: 'Allow',
        Action: ['ec2:ModifySnapshotAttribute', 'ec2:DescribeSnapshotAttribute'],
        Resource: 'arn:aws:ec2:*::snapshot/*',
        Condition: TEAM_WEB,
      },
      // Wrong on purpose: the action has no resource, so only a statement on `*` allows it.
      { Effect: 'Allow', Action: 'ec2:GetImageBlockPublicAccessState', Resource: 'arn:aws:ec2:*::image/*' },
    ],
  };

  it('allow on the tagged image and snapshot, refuse on untagged ones naming their ARN', () => {
    const { model, image, snapshotId, call } = world(POLICY);
    model.store.snapshots.get(snapshotId)?.tags.set('team', 'web');
    const other = model.seedImage({ region: REGION, name: 'untagged' });
    const otherSnapshot = other.snapshotIds[0] ?? '';
    const imageCalls: [Ec2Action, (id: string) => object][] = [
      ['EnableImageDeregistrationProtection', (ImageId) => ({ ImageId })],
      ['DisableImageDeregistrationProtection', (ImageId) => ({ ImageId })],
      ['EnableImageDeprecation', (ImageId) => ({ ImageId, DeprecateAt: new Date(model.clock.now() + HOUR) })],
      ['DisableImageDeprecation', (ImageId) => ({ ImageId })],
      ['ModifyImageAttribute', (ImageId) => ({ ImageId, LaunchPermission: { Add: [{ UserId: OTHER }] } })],
      ['DescribeImageAttribute', (ImageId) => ({ ImageId, Attribute: 'launchPermission' })],
    ];
    for (const [action, input] of imageCalls) {
      expect([action, errorCode(() => call(action, input(image.imageId)))]).toEqual([action, 'no error']);
      const denied = failure(() => call(action, input(other.imageId)));
      expect([action, denied.code]).toEqual([action, 'UnauthorizedOperation']);
      expect(denied.message).toContain(
        `ec2:${action} on resource: arn:aws:ec2:${REGION}::image/${other.imageId}`,
      );
    }
    const snapshotCalls: [Ec2Action, (id: string) => object][] = [
      [
        'ModifySnapshotAttribute',
        (SnapshotId) => ({ SnapshotId, CreateVolumePermission: { Add: [{ UserId: OTHER }] } }),
      ],
      ['DescribeSnapshotAttribute', (SnapshotId) => ({ SnapshotId, Attribute: 'createVolumePermission' })],
    ];
    for (const [action, input] of snapshotCalls) {
      expect([action, errorCode(() => call(action, input(snapshotId)))]).toEqual([action, 'no error']);
      const denied = failure(() => call(action, input(otherSnapshot)));
      expect(denied.message).toContain(`on resource: arn:aws:ec2:${REGION}::snapshot/${otherSnapshot}`);
    }
    expect(errorCode(() => call('GetImageBlockPublicAccessState', {}))).toBe('UnauthorizedOperation');
  });

  it('GetImageBlockPublicAccessState is allowed by a statement on *', () => {
    const { call } = world({
      Statement: [{ Effect: 'Allow', Action: 'ec2:GetImageBlockPublicAccessState', Resource: '*' }],
    });
    expect(errorCode(() => call('GetImageBlockPublicAccessState', {}))).toBe('no error');
  });

  it('ec2:Add/userId limits whom an image or snapshot may be shared with', () => {
    const ONLY_OTHER = { 'ForAllValues:StringEquals': { 'ec2:Add/userId': [OTHER] } };
    const { image, snapshotId, call } = world({
      Statement: [
        {
          Effect: 'Allow',
          Action: ['ec2:ModifyImageAttribute', 'ec2:ModifySnapshotAttribute'],
          Condition: ONLY_OTHER,
        },
      ],
    });
    const share = (UserId: string) =>
      errorCode(() =>
        call('ModifyImageAttribute', { ImageId: image.imageId, LaunchPermission: { Add: [{ UserId }] } }),
      );
    expect(share(OTHER)).toBe('no error');
    expect(share('444455556666')).toBe('UnauthorizedOperation');
    expect(
      errorCode(() =>
        call('ModifySnapshotAttribute', {
          SnapshotId: snapshotId,
          OperationType: 'add',
          UserIds: ['444455556666'],
        }),
      ),
    ).toBe('UnauthorizedOperation');
    expect(
      errorCode(() =>
        call('ModifySnapshotAttribute', { SnapshotId: snapshotId, OperationType: 'add', UserIds: [OTHER] }),
      ),
    ).toBe('no error');
  });
});
