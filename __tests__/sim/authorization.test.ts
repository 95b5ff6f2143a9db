/**
 * What each EC2 request is authorized for (sim/model/authorization.ts), through the model's
 * pipeline under exactly docs/iam-policy.json: resource ARNs, resource tags, tag on create.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALLOW_ALL, type Policy, type SimModel } from '../../sim/model/index.js';
import { ec2, errorCode, virtualWorld } from './helpers.js';

const POLICY = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../docs/iam-policy.json'), 'utf8'),
) as Policy;

const PROVENANCE = 'ami-distribute:source-image';
const REGION = 'eu-west-1';

/** A world whose default user holds the documented policy, an admin who may do anything, and a source. */
function world() {
  const { model } = virtualWorld({ policy: POLICY });
  const admin = model.addUser({ userName: 'admin', policy: ALLOW_ALL });
  const source = model.seedImage({ region: 'us-east-1', name: 'base', sizeGiB: 8 });
  const call = ec2(model, REGION).call;
  const asAdmin = (action: Parameters<SimModel['invokeEc2']>[0], input: object) =>
    model.invokeEc2(
      action,
      { region: REGION, accessKeyId: admin.accessKeyId, via: 'gateway' },
      input as never,
    ).result;
  /** A copy made as the action makes it: provenance tags on the image and its snapshots, at creation. */
  const ourCopy = (name = 'ours') => {
    const tags = [{ Key: PROVENANCE, Value: source.imageId }];
    const { ImageId } = call<{ ImageId: string }>('CopyImage', {
      SourceImageId: source.imageId,
      SourceRegion: 'us-east-1',
      Name: name,
      TagSpecifications: [
        { ResourceType: 'image', Tags: tags },
        { ResourceType: 'snapshot', Tags: tags },
      ],
    });
    return { imageId: ImageId, snapshotId: snapshotsOf(model, ImageId)[0] ?? '' };
  };
  /** An image of the same account that the action did not make: no provenance tag. */
  const foreign = () => {
    const seeded = model.seedImage({
      region: REGION,
      name: 'someone-elses',
      sizeGiB: 8,
      tags: { team: 'web' },
    });
    return { imageId: seeded.imageId, snapshotId: seeded.snapshotIds[0] ?? '' };
  };
  return { model, call, asAdmin, ourCopy, foreign };
}

/** From the record: a pending copy need not list its snapshots in DescribeImages. */
function snapshotsOf(model: SimModel, imageId: string): string[] {
  return (model.imageRecord(imageId)?.blockDevices ?? []).map((d) => d.snapshotId);
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('documented policy: removing copies needs the provenance tag', () => {
  it('DeregisterImage and DeleteSnapshot of our tagged copy succeed', () => {
    const { model, call, ourCopy } = world();
    const copy = ourCopy();
    expect(model.tagsOf(copy.snapshotId)).toEqual({ [PROVENANCE]: expect.stringMatching(/^ami-/) });
    expect(errorCode(() => call('DeregisterImage', { ImageId: copy.imageId }))).toBe('no error');
    expect(errorCode(() => call('DeleteSnapshot', { SnapshotId: copy.snapshotId }))).toBe('no error');
    expect(model.image(copy.imageId)).toBeUndefined();
    expect(model.snapshots(REGION)).toEqual([]);
  });

  it('DeregisterImage of an untagged image is UnauthorizedOperation, naming the image ARN, and leaves it', () => {
    const { model, call, foreign } = world();
    const image = foreign();
    const deregister = () => call('DeregisterImage', { ImageId: image.imageId });
    expect(errorCode(deregister)).toBe('UnauthorizedOperation');
    expect(messageOf(deregister)).toMatch(
      new RegExp(
        `User: arn:aws:iam::\\d{12}:user/\\S+ is not authorized to perform: ec2:DeregisterImage on resource: arn:aws:ec2:${REGION}::image/${image.imageId} because no identity-based policy allows the ec2:DeregisterImage action$`,
      ),
    );
    expect(model.image(image.imageId)).toBeDefined();
  });

  it('DeleteSnapshot of an untagged snapshot is UnauthorizedOperation; the same call by an admin succeeds', () => {
    const { model, call, asAdmin, foreign } = world();
    const image = foreign();
    asAdmin('DeregisterImage', { ImageId: image.imageId });
    const remove = () => call('DeleteSnapshot', { SnapshotId: image.snapshotId });
    expect(errorCode(remove)).toBe('UnauthorizedOperation');
    expect(messageOf(remove)).toContain(
      `is not authorized to perform: ec2:DeleteSnapshot on resource: arn:aws:ec2:${REGION}::snapshot/${image.snapshotId}`,
    );
    expect(model.snapshots(REGION).map((s) => s.SnapshotId)).toEqual([image.snapshotId]);
    expect(errorCode(() => asAdmin('DeleteSnapshot', { SnapshotId: image.snapshotId }))).toBe('no error');
  });

  it('a tag with another value shape (not ami-*) does not count as provenance', () => {
    const { model, call, asAdmin, foreign } = world();
    const image = foreign();
    asAdmin('CreateTags', { Resources: [image.imageId], Tags: [{ Key: PROVENANCE, Value: 'web-base' }] });
    expect(model.tagsOf(image.imageId)[PROVENANCE]).toBe('web-base');
    expect(errorCode(() => call('DeregisterImage', { ImageId: image.imageId }))).toBe(
      'UnauthorizedOperation',
    );
  });

  it('authorization comes before existence: an unknown id is UnauthorizedOperation, NotFound only when allowed', () => {
    const { call, asAdmin } = world();
    const missing = 'snap-0123456789abcdef0';
    expect(errorCode(() => call('DeleteSnapshot', { SnapshotId: missing }))).toBe('UnauthorizedOperation');
    expect(errorCode(() => asAdmin('DeleteSnapshot', { SnapshotId: missing }))).toBe(
      'InvalidSnapshot.NotFound',
    );
  });

  it('DryRun answers with the same decision, resource tags included', () => {
    const { call, ourCopy, foreign } = world();
    const tagged = ourCopy();
    const untagged = foreign();
    expect(errorCode(() => call('DeregisterImage', { ImageId: tagged.imageId, DryRun: true }))).toBe(
      'DryRunOperation',
    );
    expect(errorCode(() => call('DeregisterImage', { ImageId: untagged.imageId, DryRun: true }))).toBe(
      'UnauthorizedOperation',
    );
  });
});

describe('documented policy: tagging', () => {
  it('CopyImage with TagSpecifications for image and snapshots is allowed, and tags both', () => {
    const { model, ourCopy } = world();
    const copy = ourCopy();
    expect(model.tagsOf(copy.imageId)).toHaveProperty(PROVENANCE);
    expect(model.tagsOf(copy.snapshotId)).toHaveProperty(PROVENANCE);
  });

  it('CreateTags outside CopyImage on an untagged image is denied, and tags nothing', () => {
    const { model, call, foreign } = world();
    const image = foreign();
    const tag = () => call('CreateTags', { Resources: [image.imageId], Tags: [{ Key: 'x', Value: 'y' }] });
    expect(errorCode(tag)).toBe('UnauthorizedOperation');
    expect(messageOf(tag)).toContain(
      `ec2:CreateTags on resource: arn:aws:ec2:${REGION}::image/${image.imageId}`,
    );
    expect(model.tagsOf(image.imageId)).toEqual({ team: 'web' });
  });

  it('CreateTags and DeleteTags on our tagged copy are allowed (TagAndUntagOwnCopies): a waiter marker comes and goes', () => {
    const { model, call, ourCopy } = world();
    const copy = ourCopy();
    const marker = [{ Key: 'ami-distribute:waiter', Value: 'run-1' }];
    expect(
      errorCode(() => call('CreateTags', { Resources: [copy.imageId, copy.snapshotId], Tags: marker })),
    ).toBe('no error');
    expect(model.tagsOf(copy.imageId)['ami-distribute:waiter']).toBe('run-1');
    expect(model.tagsOf(copy.snapshotId)['ami-distribute:waiter']).toBe('run-1');
    expect(errorCode(() => call('DeleteTags', { Resources: [copy.imageId], Tags: marker }))).toBe('no error');
    expect(model.tagsOf(copy.imageId)).not.toHaveProperty('ami-distribute:waiter');
  });

  it('DeleteTags on an untagged image is denied', () => {
    const { model, call, foreign } = world();
    const image = foreign();
    expect(errorCode(() => call('DeleteTags', { Resources: [image.imageId], Tags: [{ Key: 'team' }] }))).toBe(
      'UnauthorizedOperation',
    );
    expect(model.tagsOf(image.imageId)).toEqual({ team: 'web' });
  });

  it('one untagged resource among several refuses the whole CreateTags, naming that resource', () => {
    const { model, call, ourCopy, foreign } = world();
    const copy = ourCopy();
    const image = foreign();
    const tag = () =>
      call('CreateTags', { Resources: [copy.imageId, image.imageId], Tags: [{ Key: 'x', Value: 'y' }] });
    expect(messageOf(tag)).toContain(`on resource: arn:aws:ec2:${REGION}::image/${image.imageId}`);
    expect(model.tagsOf(copy.imageId)).not.toHaveProperty('x');
  });
});

describe('explicit Deny', () => {
  it('wins over the documented Allow, and the message says so', () => {
    const { model, call, ourCopy } = world();
    const copy = ourCopy();
    model.setPolicy(model.defaultCredentials.accessKeyId, {
      Statement: [
        ...POLICY.Statement,
        {
          Effect: 'Deny',
          Action: 'ec2:DeleteSnapshot',
          Resource: '*',
          Condition: { StringEquals: { 'aws:ResourceTag/ami-distribute:source-image': 'ami-*' } },
        },
        { Effect: 'Deny', Action: 'ec2:DeregisterImage', Resource: `arn:aws:ec2:${REGION}::image/*` },
      ],
    });
    // StringEquals takes * literally, so this Deny does not apply...
    expect(errorCode(() => call('DeleteSnapshot', { SnapshotId: copy.snapshotId, DryRun: true }))).toBe(
      'DryRunOperation',
    );
    // ...but this one does.
    const deregister = () => call('DeregisterImage', { ImageId: copy.imageId });
    expect(messageOf(deregister)).toMatch(
      /is not authorized to perform: ec2:DeregisterImage on resource: \S+ with an explicit deny in an identity-based policy$/,
    );
  });
});
