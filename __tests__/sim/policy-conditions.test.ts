/** The simulator's IAM evaluator (sim/model/policy.ts): Action, Resource and Condition, as IAM. */
import { describe, expect, it } from 'vitest';
import {
  type AuthorizationRequest,
  arnMatches,
  type ConditionBlock,
  evaluatePolicy,
  type Policy,
  type PolicyStatement,
  policyAllows,
  requestContext,
} from '../../sim/model/index.js';

const SNAPSHOT = 'arn:aws:ec2:eu-west-1::snapshot/snap-0123456789abcdef0';

const allow = (statement: Partial<PolicyStatement> = {}): Policy => ({
  Statement: [{ Effect: 'Allow', Action: 'ec2:DeleteSnapshot', Resource: '*', ...statement }],
});

/** Whether `condition` lets an Allow statement through for a request with `context`. */
function holds(
  condition: ConditionBlock,
  context: Iterable<readonly [string, string | readonly string[]]> = [],
): boolean {
  return policyAllows(allow({ Condition: condition }), {
    action: 'ec2:DeleteSnapshot',
    resource: SNAPSHOT,
    context: requestContext(context),
  });
}

const TAG = 'aws:ResourceTag/ami-distribute:source-image';

describe('actions', () => {
  it('match case-insensitively, with * and ? wildcards', () => {
    const request: AuthorizationRequest = { action: 'ec2:DescribeImages', resource: '*' };
    expect(policyAllows(allow({ Action: 'EC2:describeimages' }), request)).toBe(true);
    expect(policyAllows(allow({ Action: 'ec2:Describe*' }), request)).toBe(true);
    expect(policyAllows(allow({ Action: 'ec2:DescribeImage?' }), request)).toBe(true);
    expect(policyAllows(allow({ Action: ['ec2:CopyImage', '*'] }), request)).toBe(true);
    expect(policyAllows(allow({ Action: 'ec2:DescribeImage' }), request)).toBe(false);
    expect(policyAllows(allow({ Action: 'ec2:Describe?' }), request)).toBe(false);
    expect(policyAllows(allow({ Action: 'sts:*' }), request)).toBe(false);
  });
});

describe('resources', () => {
  const on = (Resource: string | string[], resource: string | undefined) =>
    policyAllows(allow({ Resource }), { action: 'ec2:DeleteSnapshot', resource });

  it('match ARN patterns with wildcards; * matches any resource', () => {
    expect(on('*', SNAPSHOT)).toBe(true);
    expect(on('arn:aws:ec2:*::snapshot/*', SNAPSHOT)).toBe(true);
    expect(on('arn:aws:ec2:eu-west-?::snapshot/snap-*', SNAPSHOT)).toBe(true);
    expect(on(['arn:aws:ec2:*::image/*', 'arn:aws:ec2:*::snapshot/*'], SNAPSHOT)).toBe(true);
    expect(on('arn:aws:ec2:*::image/*', SNAPSHOT)).toBe(false);
    expect(on('arn:aws:ec2:us-east-1::snapshot/*', SNAPSHOT)).toBe(false);
  });

  it('are case-sensitive; a wildcard stays in its segment unless it ends the segment (IAM)', () => {
    expect(on('arn:aws:ec2:*::Snapshot/*', SNAPSHOT)).toBe(false);
    // The empty account of image/snapshot ARNs is not matched by a pattern naming an account.
    expect(on('arn:aws:ec2:*:123456789012:snapshot/*', SNAPSHOT)).toBe(false);
    expect(on('arn:aws:ec2:*:*:snapshot/*', SNAPSHOT)).toBe(true);
    const withAccount = 'arn:aws:ec2:eu-west-1:123456789012:snapshot/snap-1';
    expect(arnMatches('arn:aws:ec2:eu-*1:123456789012:snapshot/*', withAccount)).toBe(true);
    expect(arnMatches('arn:aws:ec2:eu-*2:snapshot/*', withAccount)).toBe(false);
    // A * that ends its segment may run on across colons, as the IAM guide documents.
    expect(arnMatches('arn:aws:ec2:*:snapshot/*', withAccount)).toBe(true);
    expect(arnMatches('arn:aws:ec2:*', withAccount)).toBe(true);
    expect(arnMatches('arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a:b/c')).toBe(true);
  });

  it('a request on resource * is allowed only by a statement on *, as for actions without resource-level permissions', () => {
    expect(on('*', '*')).toBe(true);
    expect(on('arn:aws:ec2:*::snapshot/*', '*')).toBe(false);
  });

  it('a request whose resource is not modelled is not resource-checked; a statement without Resource applies to all', () => {
    expect(on('arn:aws:iam::111122223333:role/x', undefined)).toBe(true);
    expect(
      policyAllows(
        { Statement: [{ Effect: 'Allow', Action: 'ec2:DeleteSnapshot' }] },
        {
          action: 'ec2:DeleteSnapshot',
          resource: SNAPSHOT,
        },
      ),
    ).toBe(true);
  });
});

describe('Deny', () => {
  it('an applying Deny wins over any Allow; a Deny that does not apply changes nothing', () => {
    const policy = (deny: Partial<PolicyStatement>): Policy => ({
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: 'ec2:DeleteSnapshot', Resource: '*', ...deny },
      ],
    });
    const request = {
      action: 'ec2:DeleteSnapshot',
      resource: SNAPSHOT,
      context: requestContext([[TAG, 'ami-1']]),
    };
    expect(evaluatePolicy(policy({}), request)).toBe('explicit-deny');
    expect(evaluatePolicy(policy({ Resource: 'arn:aws:ec2:*::image/*' }), request)).toBe('allow');
    expect(evaluatePolicy(policy({ Condition: { StringLike: { [TAG]: 'ami-*' } } }), request)).toBe(
      'explicit-deny',
    );
    expect(evaluatePolicy(policy({ Condition: { Null: { [TAG]: 'true' } } }), request)).toBe('allow');
  });

  it('nothing applying is an implicit deny', () => {
    expect(evaluatePolicy({ Statement: [] }, { action: 'ec2:DeleteSnapshot', resource: SNAPSHOT })).toBe(
      'implicit-deny',
    );
  });
});

describe('conditions', () => {
  it('StringEquals / StringNotEquals compare exactly, values case-sensitive', () => {
    const ctx = [['ec2:CreateAction', 'CopyImage']] as const;
    expect(holds({ StringEquals: { 'ec2:CreateAction': 'CopyImage' } }, ctx)).toBe(true);
    expect(holds({ StringEquals: { 'ec2:CreateAction': 'copyimage' } }, ctx)).toBe(false);
    expect(holds({ StringEquals: { 'ec2:CreateAction': 'Copy*' } }, ctx)).toBe(false);
    expect(holds({ StringNotEquals: { 'ec2:CreateAction': 'CopyImage' } }, ctx)).toBe(false);
    expect(holds({ StringNotEquals: { 'ec2:CreateAction': 'RunInstances' } }, ctx)).toBe(true);
    expect(holds({ StringEqualsIgnoreCase: { 'ec2:CreateAction': 'copyimage' } }, ctx)).toBe(true);
  });

  it('StringLike / StringNotLike use * and ? wildcards', () => {
    const ctx = [[TAG, 'ami-0abc']] as const;
    expect(holds({ StringLike: { [TAG]: 'ami-*' } }, ctx)).toBe(true);
    expect(holds({ StringLike: { [TAG]: 'ami-0ab?' } }, ctx)).toBe(true);
    expect(holds({ StringLike: { [TAG]: 'snap-*' } }, ctx)).toBe(false);
    expect(holds({ StringLike: { [TAG]: 'AMI-*' } }, ctx)).toBe(false);
    expect(holds({ StringNotLike: { [TAG]: 'ami-*' } }, ctx)).toBe(false);
    expect(holds({ StringNotLike: { [TAG]: 'snap-*' } }, ctx)).toBe(true);
  });

  it('condition key names are case-insensitive, tag values are not', () => {
    expect(
      holds({ StringLike: { 'AWS:resourcetag/AMI-Distribute:Source-Image': 'ami-*' } }, [[TAG, 'ami-1']]),
    ).toBe(true);
    expect(
      holds({ StringLike: { [TAG]: 'ami-*' } }, [['aws:resourcetag/AMI-DISTRIBUTE:SOURCE-IMAGE', 'ami-1']]),
    ).toBe(true);
    expect(holds({ StringEquals: { [TAG]: 'ami-1' } }, [[TAG, 'AMI-1']])).toBe(false);
  });

  it('a missing key: positive operators false, negated ones true (as IAM documents), ...IfExists true', () => {
    expect(holds({ StringEquals: { 'ec2:CreateAction': 'CopyImage' } })).toBe(false);
    expect(holds({ StringLike: { [TAG]: 'ami-*' } })).toBe(false);
    expect(holds({ StringNotEquals: { 'ec2:CreateAction': 'CopyImage' } })).toBe(true);
    expect(holds({ StringNotLike: { [TAG]: 'ami-*' } })).toBe(true);
    expect(holds({ StringLikeIfExists: { [TAG]: 'ami-*' } })).toBe(true);
    expect(holds({ StringEqualsIfExists: { 'ec2:CreateAction': 'CopyImage' } })).toBe(true);
    // ...IfExists still compares when the key is there.
    expect(holds({ StringLikeIfExists: { [TAG]: 'ami-*' } }, [[TAG, 'snap-1']])).toBe(false);
  });

  it('Null: true = the key is absent, false = present', () => {
    expect(holds({ Null: { [TAG]: 'true' } })).toBe(true);
    expect(holds({ Null: { [TAG]: 'false' } })).toBe(false);
    expect(holds({ Null: { [TAG]: 'true' } }, [[TAG, 'ami-1']])).toBe(false);
    expect(holds({ Null: { [TAG]: false } }, [[TAG, 'ami-1']])).toBe(true);
  });

  it('several values of one key OR', () => {
    const ctx = [['ec2:CreateAction', 'CopyImage']] as const;
    expect(holds({ StringEquals: { 'ec2:CreateAction': ['RunInstances', 'CopyImage'] } }, ctx)).toBe(true);
    expect(holds({ StringEquals: { 'ec2:CreateAction': ['RunInstances', 'CreateImage'] } }, ctx)).toBe(false);
    // A negated operator holds only when the value matches none of them.
    expect(holds({ StringNotEquals: { 'ec2:CreateAction': ['RunInstances', 'CopyImage'] } }, ctx)).toBe(
      false,
    );
  });

  it('several keys, and several operators, AND', () => {
    const ctx = [
      ['ec2:CreateAction', 'CopyImage'],
      ['aws:RequestTag/team', 'platform'],
    ] as const;
    expect(
      holds({ StringEquals: { 'ec2:CreateAction': 'CopyImage', 'aws:RequestTag/team': 'platform' } }, ctx),
    ).toBe(true);
    expect(
      holds({ StringEquals: { 'ec2:CreateAction': 'CopyImage', 'aws:RequestTag/team': 'web' } }, ctx),
    ).toBe(false);
    expect(
      holds(
        { StringEquals: { 'ec2:CreateAction': 'CopyImage' }, StringLike: { 'aws:RequestTag/team': 'plat*' } },
        ctx,
      ),
    ).toBe(true);
    expect(
      holds(
        { StringEquals: { 'ec2:CreateAction': 'CopyImage' }, Null: { 'aws:RequestTag/team': 'true' } },
        ctx,
      ),
    ).toBe(false);
  });

  it('ForAllValues on aws:TagKeys: every requested key must match; holds when no key is requested', () => {
    const keys = (...k: string[]) => [['aws:TagKeys', k]] as const;
    const only = { 'ForAllValues:StringLike': { 'aws:TagKeys': ['ami-distribute:*', 'team'] } };
    expect(holds(only, keys('ami-distribute:source-image', 'team'))).toBe(true);
    expect(holds(only, keys('ami-distribute:source-image', 'owner'))).toBe(false);
    expect(holds(only)).toBe(true);
  });

  it('ForAnyValue on aws:TagKeys: one matching key is enough; fails when no key is requested', () => {
    const keys = (...k: string[]) => [['aws:TagKeys', k]] as const;
    const any = { 'ForAnyValue:StringLike': { 'aws:TagKeys': 'ami-distribute:*' } };
    expect(holds(any, keys('team', 'ami-distribute:waiter'))).toBe(true);
    expect(holds(any, keys('team', 'owner'))).toBe(false);
    expect(holds(any)).toBe(false);
    // Negated under a qualifier: some requested key that is none of the listed ones.
    expect(holds({ 'ForAnyValue:StringNotLike': { 'aws:TagKeys': 'ami-distribute:*' } }, keys('team'))).toBe(
      true,
    );
    expect(
      holds({ 'ForAnyValue:StringNotLike': { 'aws:TagKeys': 'ami-distribute:*' } }, keys('ami-distribute:x')),
    ).toBe(false);
  });

  it('refuses loudly an operator it does not implement, rather than ignoring the condition', () => {
    expect(() => holds({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } })).toThrow(/NumericLessThan/);
  });
});
