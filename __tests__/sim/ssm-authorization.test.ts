/**
 * SSM calls under identity policies: ssm:<Action> on the parameter ARN, aws:ResourceTag/* from
 * the parameter's tags, aws:RequestTag/* and aws:TagKeys from the tags a call adds, and AWS's
 * AccessDeniedException wording.
 */
import { describe, expect, it } from 'vitest';
import type { Policy } from '../../sim/index.js';
import { virtualWorld } from './helpers.js';
import { ssm } from './ssm-helpers.js';

const REGION = 'eu-west-1';
const ARN = (name: string) => `arn:aws:ssm:${REGION}:123456789012:parameter/${name}`;

function world(policy: Policy) {
  const { model, clock } = virtualWorld();
  const user = model.addUser({ userName: 'publisher', policy });
  const as = ssm(model, REGION, user.accessKeyId);
  const admin = ssm(model, REGION);
  return { model, clock, user, as, admin };
}

describe('SSM authorization', () => {
  it('allows ssm:PutParameter on the parameter ARN only, and refuses elsewhere in AWS words', () => {
    const { model, as } = world({
      Statement: [
        { Effect: 'Allow', Action: ['ssm:PutParameter', 'ssm:GetParameter'], Resource: ARN('golden/*') },
      ],
    });
    expect(as.call('PutParameter', { Name: '/golden/web', Type: 'String', Value: 'x' })).toEqual({
      Version: 1,
      Tier: 'Standard',
    });
    const refused = as.error('PutParameter', { Name: '/other/web', Type: 'String', Value: 'x' });
    expect([refused.code, refused.status, refused.message]).toEqual([
      'AccessDeniedException',
      400,
      `User: arn:aws:iam::123456789012:user/publisher is not authorized to perform: ssm:PutParameter on resource: ${ARN('other/web')} because no identity-based policy allows the ssm:PutParameter action`,
    ]);
    expect(model.ssm.parameter(REGION, '/other/web')).toBeUndefined();
    expect(model.log.find({ action: 'PutParameter', outcome: 'error' })[0]?.errorCode).toBe(
      'AccessDeniedException',
    );
  });

  it('an explicit Deny wins and says so', () => {
    const { as } = world({
      Statement: [
        { Effect: 'Allow', Action: 'ssm:*', Resource: '*' },
        { Effect: 'Deny', Action: 'ssm:DeleteParameter', Resource: ARN('golden/*') },
      ],
    });
    as.call('PutParameter', { Name: '/golden/web', Type: 'String', Value: 'x' });
    expect(as.error('DeleteParameter', { Name: '/golden/web' }).message).toBe(
      `User: arn:aws:iam::123456789012:user/publisher is not authorized to perform: ssm:DeleteParameter on resource: ${ARN('golden/web')} with an explicit deny in an identity-based policy`,
    );
  });

  it('a read of a missing parameter is evaluated on its ARN; a refusal names the account-wide ARN, as AWS does', () => {
    const { as } = world({
      Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: ARN('golden/*') }],
    });
    expect(as.error('GetParameter', { Name: '/golden/missing' }).code).toBe('ParameterNotFound');
    expect(as.error('GetParameter', { Name: '/elsewhere/missing' }).message).toBe(
      `User: arn:aws:iam::123456789012:user/publisher is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:${REGION}:123456789012:* because no identity-based policy allows the ssm:GetParameter action`,
    );
  });

  it('aws:ResourceTag comes from the parameter: only parameters tagged as ours may be overwritten', () => {
    const { admin, as } = world({
      Statement: [
        {
          Effect: 'Allow',
          Action: 'ssm:PutParameter',
          Resource: '*',
          Condition: { StringEquals: { 'aws:ResourceTag/managed-by': 'ami-distribute' } },
        },
      ],
    });
    admin.call('PutParameter', {
      Name: '/ours',
      Type: 'String',
      Value: 'a',
      Tags: [{ Key: 'managed-by', Value: 'ami-distribute' }],
    });
    admin.call('PutParameter', { Name: '/theirs', Type: 'String', Value: 'a' });
    expect(as.call('PutParameter', { Name: '/ours', Value: 'b', Overwrite: true })).toEqual({
      Version: 2,
      Tier: 'Standard',
    });
    expect(as.error('PutParameter', { Name: '/theirs', Value: 'b', Overwrite: true }).code).toBe(
      'AccessDeniedException',
    );
  });

  it('aws:RequestTag and aws:TagKeys come from PutParameter Tags and AddTagsToResource Tags', () => {
    const { as } = world({
      Statement: [
        {
          Effect: 'Allow',
          Action: ['ssm:PutParameter', 'ssm:AddTagsToResource', 'ssm:ListTagsForResource'],
          Resource: '*',
        },
        {
          Effect: 'Deny',
          Action: 'ssm:PutParameter',
          Resource: '*',
          Condition: { Null: { 'aws:RequestTag/owner': 'true' } },
        },
        {
          Effect: 'Deny',
          Action: 'ssm:AddTagsToResource',
          Resource: '*',
          Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['cost-centre'] } },
        },
      ],
    });
    expect(as.error('PutParameter', { Name: '/untagged', Type: 'String', Value: 'x' }).code).toBe(
      'AccessDeniedException',
    );
    as.call('PutParameter', {
      Name: '/tagged',
      Type: 'String',
      Value: 'x',
      Tags: [{ Key: 'owner', Value: 'platform' }],
    });
    as.call('AddTagsToResource', {
      ResourceType: 'Parameter',
      ResourceId: '/tagged',
      Tags: [{ Key: 'env', Value: 'prod' }],
    });
    // Tagging at creation is AddTagsToResource too: the same deny refuses the PutParameter.
    expect(
      as.error('PutParameter', {
        Name: '/tagged-too',
        Type: 'String',
        Value: 'x',
        Tags: [
          { Key: 'owner', Value: 'platform' },
          { Key: 'cost-centre', Value: '42' },
        ],
      }).message,
    ).toContain('ssm:AddTagsToResource');
    expect(
      as.error('AddTagsToResource', {
        ResourceType: 'Parameter',
        ResourceId: '/tagged',
        Tags: [{ Key: 'cost-centre', Value: '7' }],
      }).message,
    ).toMatch(
      /ssm:AddTagsToResource on resource: arn:aws:ssm:eu-west-1:123456789012:parameter\/tagged with an explicit deny/,
    );
    expect(as.call('ListTagsForResource', { ResourceType: 'Parameter', ResourceId: '/tagged' })).toEqual({
      TagList: [
        { Key: 'owner', Value: 'platform' },
        { Key: 'env', Value: 'prod' },
      ],
    });
  });

  it('tagging calls are authorized on the parameter ARN with its tags', () => {
    const { admin, as } = world({
      Statement: [
        {
          Effect: 'Allow',
          Action: 'ssm:ListTagsForResource',
          Resource: ARN('*'),
          Condition: { StringEquals: { 'aws:ResourceTag/team': 'platform' } },
        },
      ],
    });
    admin.call('PutParameter', {
      Name: 'plain',
      Type: 'String',
      Value: 'x',
      Tags: [{ Key: 'team', Value: 'platform' }],
    });
    admin.call('PutParameter', {
      Name: 'other',
      Type: 'String',
      Value: 'x',
      Tags: [{ Key: 'team', Value: 'data' }],
    });
    expect(as.call('ListTagsForResource', { ResourceType: 'Parameter', ResourceId: 'plain' })).toEqual({
      TagList: [{ Key: 'team', Value: 'platform' }],
    });
    expect(
      as.error('ListTagsForResource', { ResourceType: 'Parameter', ResourceId: 'other' }).message,
    ).toContain(`ssm:ListTagsForResource on resource: ${ARN('other')} because`);
  });

  it('GetParameters needs the permission on every name it asks for', () => {
    const { admin, as } = world({
      Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameters', Resource: ARN('golden/*') }],
    });
    admin.call('PutParameter', { Name: '/golden/a', Type: 'String', Value: 'a' });
    admin.call('PutParameter', { Name: '/secret/b', Type: 'String', Value: 'b' });
    expect(as.call('GetParameters', { Names: ['/golden/a'] })).toMatchObject({ InvalidParameters: [] });
    expect(as.error('GetParameters', { Names: ['/golden/a', '/secret/b'] }).message).toContain(
      `ssm:GetParameters on resource: ${ARN('secret/b')} because`,
    );
  });

  it('authorization comes before faults and before the action', () => {
    const { model, as } = world({ Statement: [] });
    model.faults.throttle(1);
    expect(as.error('PutParameter', { Name: '/x', Type: 'String', Value: 'x' }).code).toBe(
      'AccessDeniedException',
    );
    expect(as.error('DeleteParameter', { Name: '/x' }).code).toBe('AccessDeniedException');
  });
});
