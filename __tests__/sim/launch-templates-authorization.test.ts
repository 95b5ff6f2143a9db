/**
 * IAM on the launch template actions: the template's ARN (named by id or by name) with its
 * tags as aws:ResourceTag/*, CreateLaunchTemplate on launch-template/* with the requested tags
 * and tag on create, the Describe calls on `*`, and authorization before existence.
 */
import { describe, expect, it } from 'vitest';
import type { Ec2Action, Policy } from '../../sim/model/index.js';
import { errorCode, virtualWorld } from './helpers.js';

const REGION = 'us-east-1';
const AMI = 'ami-0123456789abcdef0';

function world(policy: Policy) {
  const { model } = virtualWorld();
  const account = model.defaultAccountId;
  const web = model.seedLaunchTemplate({ region: REGION, name: 'web', imageId: AMI, tags: { team: 'web' } });
  const db = model.seedLaunchTemplate({ region: REGION, name: 'dbs', imageId: AMI, tags: { team: 'db' } });
  const user = model.addUser({ userName: 'publisher', policy });
  const call = (action: Ec2Action, input: object) =>
    model.invokeEc2(action, { region: REGION, accessKeyId: user.accessKeyId, via: 'gateway' }, input as never)
      .result;
  const arn = (id: string) => `arn:aws:ec2:${REGION}:${account}:launch-template/${id}`;
  return { model, web, db, call, arn };
}

function denial(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    const e = error as { code: string; message: string };
    if (e.code !== 'UnauthorizedOperation') return `${e.code}: ${e.message}`;
    return e.message;
  }
  return 'allowed';
}

/** What the action needs: new versions and the default on the team's templates, reading on `*`. */
const PUBLISHER: Policy = {
  Statement: [
    {
      Effect: 'Allow',
      Action: ['ec2:CreateLaunchTemplateVersion', 'ec2:ModifyLaunchTemplate'],
      Resource: 'arn:aws:ec2:*:*:launch-template/*',
      Condition: { StringEquals: { 'aws:ResourceTag/team': 'web' } },
    },
    {
      Effect: 'Allow',
      Action: ['ec2:DescribeLaunchTemplates', 'ec2:DescribeLaunchTemplateVersions'],
      Resource: '*',
    },
  ],
};

describe('launch template actions under a least-privilege policy', () => {
  it('allows new versions and the default on the tagged template, by id or by name, and names the other template in the refusal', () => {
    const { model, web, db, call, arn } = world(PUBLISHER);
    const data = { LaunchTemplateData: { ImageId: AMI } };
    expect(
      errorCode(() =>
        call('CreateLaunchTemplateVersion', { LaunchTemplateId: web.launchTemplateId, ...data }),
      ),
    ).toBe('no error');
    expect(
      errorCode(() => call('ModifyLaunchTemplate', { LaunchTemplateName: 'web', DefaultVersion: '2' })),
    ).toBe('no error');
    expect(model.launchTemplate(REGION, 'web')?.defaultVersion).toBe(2);
    for (const reference of [{ LaunchTemplateId: db.launchTemplateId }, { LaunchTemplateName: 'dbs' }]) {
      expect(denial(() => call('CreateLaunchTemplateVersion', { ...reference, ...data }))).toContain(
        `is not authorized to perform: ec2:CreateLaunchTemplateVersion on resource: ${arn(db.launchTemplateId)} because no identity-based policy allows`,
      );
    }
    expect(model.launchTemplate(REGION, 'dbs')?.latestVersion).toBe(1);
    expect(errorCode(() => call('DescribeLaunchTemplateVersions', { LaunchTemplateName: 'dbs' }))).toBe(
      'no error',
    );
    expect(denial(() => call('DeleteLaunchTemplate', { LaunchTemplateName: 'web' }))).toContain(
      `ec2:DeleteLaunchTemplate on resource: ${arn(web.launchTemplateId)}`,
    );
  });

  it('checks authorization before existence: a missing template is refused, not reported missing', () => {
    const { call, arn } = world(PUBLISHER);
    const missing = 'lt-0123456789abcdef0';
    expect(
      denial(() =>
        call('CreateLaunchTemplateVersion', {
          LaunchTemplateId: missing,
          LaunchTemplateData: { ImageId: AMI },
        }),
      ),
    ).toContain(`on resource: ${arn(missing)}`);
    expect(
      denial(() =>
        call('CreateLaunchTemplateVersion', {
          LaunchTemplateName: 'gone',
          LaunchTemplateData: { ImageId: AMI },
        }),
      ),
    ).toContain(`on resource: ${arn('*')}`);
  });

  it('an explicit Deny on a tag wins over the Allow', () => {
    const { call } = world({
      Statement: [
        { Effect: 'Allow', Action: 'ec2:*LaunchTemplate*', Resource: '*' },
        {
          Effect: 'Deny',
          Action: 'ec2:ModifyLaunchTemplate',
          Resource: '*',
          Condition: { StringEquals: { 'aws:ResourceTag/team': 'db' } },
        },
      ],
    });
    expect(
      errorCode(() => call('ModifyLaunchTemplate', { LaunchTemplateName: 'web', DefaultVersion: '1' })),
    ).toBe('no error');
    expect(
      denial(() => call('ModifyLaunchTemplate', { LaunchTemplateName: 'dbs', DefaultVersion: '1' })),
    ).toContain('with an explicit deny in an identity-based policy');
  });

  it('asks CreateLaunchTemplate on launch-template/* with the requested tags, and CreateTags to tag on create', () => {
    const creator = (createTags: boolean): Policy => ({
      Statement: [
        {
          Effect: 'Allow',
          Action: 'ec2:CreateLaunchTemplate',
          Resource: 'arn:aws:ec2:*:*:launch-template/*',
          Condition: { StringEquals: { 'aws:RequestTag/team': 'web' } },
        },
        ...(createTags
          ? [
              {
                Effect: 'Allow' as const,
                Action: 'ec2:CreateTags',
                Resource: '*',
                Condition: { StringEquals: { 'ec2:CreateAction': 'CreateLaunchTemplate' } },
              },
            ]
          : []),
      ],
    });
    const request = (team: string) => ({
      LaunchTemplateName: `new-${team}`,
      LaunchTemplateData: { ImageId: AMI },
      TagSpecifications: [{ ResourceType: 'launch-template', Tags: [{ Key: 'team', Value: team }] }],
    });
    const without = world(creator(false));
    expect(denial(() => without.call('CreateLaunchTemplate', request('web')))).toContain(
      `ec2:CreateTags on resource: ${without.arn('*')}`,
    );
    const withTags = world(creator(true));
    expect(errorCode(() => withTags.call('CreateLaunchTemplate', request('web')))).toBe('no error');
    expect(denial(() => withTags.call('CreateLaunchTemplate', request('db')))).toContain(
      `ec2:CreateLaunchTemplate on resource: ${withTags.arn('*')}`,
    );
    expect(withTags.model.launchTemplate(REGION, 'new-web')?.tags).toEqual({ team: 'web' });
    expect(withTags.model.launchTemplate(REGION, 'new-db')).toBeUndefined();
  });

  it('the Describe calls need a statement on *', () => {
    const { call } = world({
      Statement: [
        {
          Effect: 'Allow',
          Action: 'ec2:DescribeLaunchTemplates',
          Resource: 'arn:aws:ec2:*:*:launch-template/*',
        },
      ],
    });
    expect(errorCode(() => call('DescribeLaunchTemplates', {}))).toBe('UnauthorizedOperation');
    expect(errorCode(() => call('DescribeLaunchTemplateVersions', { LaunchTemplateName: 'web' }))).toBe(
      'UnauthorizedOperation',
    );
  });
});

describe('DryRun on the launch template actions', () => {
  it('answers DryRunOperation for a template that does not exist, without looking it up', () => {
    const { call } = world({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    const request = { LaunchTemplateId: 'lt-0123456789abcdef0', LaunchTemplateData: { ImageId: AMI } };
    expect(errorCode(() => call('CreateLaunchTemplateVersion', { ...request, DryRun: true }))).toBe(
      'DryRunOperation',
    );
    expect(errorCode(() => call('CreateLaunchTemplateVersion', request))).toBe(
      'InvalidLaunchTemplateId.NotFound',
    );
  });
});
