/** AWS needs ec2:CreateTags for a CopyImage that tags the new image/snapshots at creation. */
import { describe, expect, it } from 'vitest';
import { requiredAuthorizations } from '../../sim/model/index.js';
import { ec2, errorCode, virtualWorld } from './helpers.js';

function world(actions: string[]) {
  const { model } = virtualWorld({ policy: { Statement: [{ Effect: 'Allow', Action: actions }] } });
  const source = model.seedImage({ region: 'us-east-1', name: 'base', sizeGiB: 8 });
  const copy = (tags: boolean) =>
    ec2(model, 'eu-west-1').call<{ ImageId: string }>('CopyImage', {
      SourceImageId: source.imageId,
      SourceRegion: 'us-east-1',
      Name: `copy-${tags}`,
      ...(tags
        ? { TagSpecifications: [{ ResourceType: 'image', Tags: [{ Key: 'team', Value: 'platform' }] }] }
        : {}),
    });
  return { model, copy };
}

describe('tag on create', () => {
  it('refuses a tagging CopyImage without ec2:CreateTags, naming the missing permission, and creates nothing', () => {
    const { model, copy } = world(['ec2:CopyImage']);
    let message = '';
    try {
      copy(true);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('is not authorized to perform: ec2:CreateTags');
    expect(errorCode(() => copy(true))).toBe('UnauthorizedOperation');
    expect(model.images('eu-west-1')).toEqual([]);
  });

  it('allows it with ec2:CreateTags, and an untagged copy needs only ec2:CopyImage', () => {
    expect(errorCode(() => world(['ec2:CopyImage', 'ec2:CreateTags']).copy(true))).toBe('no error');
    expect(errorCode(() => world(['ec2:CopyImage']).copy(false))).toBe('no error');
  });

  it('lists the permissions a request needs: CreateTags only for a resource type that gets tags', () => {
    const { model } = virtualWorld();
    const caller = { region: 'eu-west-1', accountId: model.defaultAccountId };
    const permissions = (action: 'DescribeImages' | 'CopyImage', input: object) =>
      requiredAuthorizations(model.store, caller, action, input as never).map((r) => r.action);
    expect(permissions('DescribeImages', {})).toEqual(['ec2:DescribeImages']);
    expect(permissions('CopyImage', { TagSpecifications: [{ ResourceType: 'image', Tags: [] }] })).toEqual([
      'ec2:CopyImage',
    ]);
    expect(
      permissions('CopyImage', {
        TagSpecifications: [{ ResourceType: 'snapshot', Tags: [{ Key: 'a', Value: 'b' }] }],
      }),
    ).toEqual(['ec2:CopyImage', 'ec2:CreateTags']);
  });
});
