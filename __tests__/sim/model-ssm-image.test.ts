/**
 * aws:ec2:image parameters: PutParameter answers the new version at once, the version exists
 * only once the value is validated (model.ssm's delay, on the model clock), and a value that is
 * not an image the account may use in the region is never stored (an event records why).
 */
import { describe, expect, it } from 'vitest';
import { IMAGE_VALIDATION_FAILURE } from '../../sim/index.js';
import { MINUTE, virtualWorld } from './helpers.js';
import { ssm } from './ssm-helpers.js';

const REGION = 'eu-west-1';
const OTHER_ACCOUNT = '210987654321';

function world() {
  const { model, clock } = virtualWorld();
  model.ssm.setValidationDelay(30_000);
  const { call, error } = ssm(model, REGION);
  const image = model.seedImage({ region: REGION, name: 'web' }).imageId;
  const put = (value: string, extra: object = {}) =>
    call('PutParameter', {
      Name: '/golden/web',
      Type: 'String',
      DataType: 'aws:ec2:image',
      Value: value,
      ...extra,
    });
  return { model, clock, call, error, image, put };
}

describe('aws:ec2:image validation', () => {
  it('answers the version at once; the parameter (with its tags) exists only once the validation completes', async () => {
    const { model, clock, error, image, put } = world();
    expect(put(image, { Tags: [{ Key: 'team', Value: 'platform' }] })).toEqual({
      Version: 1,
      Tier: 'Standard',
    });
    expect(error('GetParameter', { Name: '/golden/web' }).code).toBe('ParameterNotFound');
    expect(error('ListTagsForResource', { ResourceType: 'Parameter', ResourceId: '/golden/web' }).code).toBe(
      'InvalidResourceId',
    );
    expect(model.ssm.pendingValidations(REGION).map((p) => [p.candidate.version, p.completesAt])).toEqual([
      [1, clock.now() + 30_000],
    ]);
    await clock.advance(29_999);
    expect(model.ssm.parameter(REGION, '/golden/web')).toBeUndefined();
    await clock.advance(1);
    expect(model.ssm.parameter(REGION, '/golden/web')).toMatchObject({
      Value: image,
      Version: 1,
      DataType: 'aws:ec2:image',
      Tags: { team: 'platform' },
      LastModifiedDate: new Date(clock.now() - 30_000),
    });
    expect(model.ssm.events(REGION)).toEqual([
      expect.objectContaining({
        operation: 'Create',
        name: '/golden/web',
        version: 1,
        dataType: 'aws:ec2:image',
      }),
    ]);
    expect(model.ssm.events(REGION)[0]).not.toHaveProperty('exception');
  });

  it('an update shows the previous version until the new value is validated', async () => {
    const { model, clock, call, image, put } = world();
    model.seedParameter({ region: REGION, name: '/golden/web', value: image, dataType: 'aws:ec2:image' });
    const newer = model.seedImage({ region: REGION, name: 'web-2' }).imageId;
    expect(put(newer, { Overwrite: true })).toEqual({ Version: 2, Tier: 'Standard' });
    const shown = () =>
      call<{ Parameter: { Value: string; Version: number } }>('GetParameter', { Name: '/golden/web' })
        .Parameter;
    expect(shown()).toMatchObject({ Value: image, Version: 1 });
    expect(model.ssm.history(REGION, '/golden/web')).toHaveLength(1);
    await clock.advance(30_000);
    expect(shown()).toMatchObject({ Value: newer, Version: 2 });
    expect(model.ssm.events(REGION).at(-1)).toMatchObject({ operation: 'Update', version: 2 });
  });

  it.each([
    ['an id of no image', () => 'ami-0123456789abcdef0'],
    ['not an AMI id at all', () => 'latest'],
  ])('PutParameter succeeds for %s, but nothing is stored and the event says why', async (_, value) => {
    const { model, clock, error, put } = world();
    expect(put(value())).toEqual({ Version: 1, Tier: 'Standard' });
    await clock.advance(MINUTE);
    expect(error('GetParameter', { Name: '/golden/web' }).code).toBe('ParameterNotFound');
    expect(model.ssm.pendingValidations()).toEqual([]);
    expect(model.ssm.events(REGION)).toEqual([
      expect.objectContaining({ operation: 'Create', version: 1, exception: IMAGE_VALIDATION_FAILURE }),
    ]);
    expect(IMAGE_VALIDATION_FAILURE).toBe('Unable to Describe Resource');
  });

  it('a failed update leaves the previous version, and the refused version number is offered again', async () => {
    const { model, clock, image, put } = world();
    put(image);
    await clock.advance(30_000);
    expect(put('ami-0123456789abcdef0', { Overwrite: true })).toEqual({ Version: 2, Tier: 'Standard' });
    await clock.advance(30_000);
    expect(model.ssm.parameter(REGION, '/golden/web')).toMatchObject({ Value: image, Version: 1 });
    expect(model.ssm.events(REGION).at(-1)).toMatchObject({
      operation: 'Update',
      exception: IMAGE_VALIDATION_FAILURE,
    });
    expect(put(image, { Overwrite: true })).toEqual({ Version: 2, Tier: 'Standard' });
  });

  it('the image must be in the parameter region and usable by the account: owned, shared with it or public', async () => {
    const { model, clock, call } = world();
    const elsewhere = model.seedImage({ region: 'us-east-1', name: 'web' }).imageId;
    const foreign = model.seedImage({ region: REGION, name: 'theirs', accountId: OTHER_ACCOUNT }).imageId;
    const shared = model.seedImage({
      region: REGION,
      name: 'shared',
      accountId: OTHER_ACCOUNT,
      sharedWith: ['123456789012'],
    }).imageId;
    const open = model.seedImage({
      region: REGION,
      name: 'public',
      accountId: OTHER_ACCOUNT,
      public: true,
    }).imageId;
    const cases = { '/elsewhere': elsewhere, '/foreign': foreign, '/shared': shared, '/public': open };
    for (const [name, value] of Object.entries(cases)) {
      call('PutParameter', { Name: name, Type: 'String', DataType: 'aws:ec2:image', Value: value });
    }
    await clock.advance(30_000);
    expect(model.ssm.parameters(REGION).map((p) => p.Name)).toEqual(['/shared', '/public']);
    expect(
      model.ssm
        .events(REGION)
        .filter((e) => e.exception)
        .map((e) => e.name),
    ).toEqual(['/elsewhere', '/foreign']);
  });

  it('the image must be available when the validation completes (a copy that finishes first is fine)', async () => {
    const { model, clock, call, image } = world();
    const copy = (name: string, completesAt: number) =>
      model.seedImage({
        region: REGION,
        name,
        copyOf: { sourceImageId: image, sourceRegion: 'us-east-1', completesAt },
      }).imageId;
    const late = copy('late', clock.now() + 10 * MINUTE);
    const early = copy('early', clock.now() + 10_000);
    for (const [name, value] of [
      ['/late', late],
      ['/early', early],
    ] as const) {
      call('PutParameter', { Name: name, Type: 'String', DataType: 'aws:ec2:image', Value: value });
    }
    await clock.advance(30_000);
    expect(model.ssm.parameters(REGION).map((p) => p.Name)).toEqual(['/early']);
  });

  it('without ec2:DescribeImages the PutParameter succeeds and the validation fails, as AWS users have reported', async () => {
    const { model, clock, image } = world();
    const limited = model.addUser({
      userName: 'publisher',
      policy: { Statement: [{ Effect: 'Allow', Action: 'ssm:*', Resource: '*' }] },
    });
    const { call } = ssm(model, REGION, limited.accessKeyId);
    expect(
      call('PutParameter', { Name: '/golden/web', Type: 'String', DataType: 'aws:ec2:image', Value: image }),
    ).toEqual({
      Version: 1,
      Tier: 'Standard',
    });
    await clock.advance(30_000);
    expect(model.ssm.parameter(REGION, '/golden/web')).toBeUndefined();
    expect(model.ssm.events(REGION)[0]?.exception).toBe(IMAGE_VALIDATION_FAILURE);
  });

  it('another PutParameter on the name while a validation runs answers TooManyUpdates', async () => {
    const { clock, error, image, put } = world();
    put(image);
    const refused = error('PutParameter', {
      Name: '/golden/web',
      Type: 'String',
      Value: image,
      Overwrite: true,
    });
    expect([refused.code, refused.status]).toEqual(['TooManyUpdates', 400]);
    expect(refused.message).toMatch(/still being validated/);
    await clock.advance(30_000);
    expect(put(image, { Overwrite: true })).toEqual({ Version: 2, Tier: 'Standard' });
  });

  it('with a validation delay of 0 the version is visible at the next read; text values never wait', () => {
    const { model, call, image, put } = world();
    call('PutParameter', { Name: '/text', Type: 'String', Value: 'not validated' });
    expect(model.ssm.parameter(REGION, '/text')?.Version).toBe(1);
    model.ssm.setValidationDelay(0);
    put(image);
    expect(
      call<{ Parameter: { Value: string } }>('GetParameter', { Name: '/golden/web' }).Parameter.Value,
    ).toBe(image);
  });

  it('DeleteParameter drops a pending validation with the parameter', async () => {
    const { model, clock, call, image, put } = world();
    put(image);
    await clock.advance(30_000);
    put(image, { Overwrite: true });
    call('DeleteParameter', { Name: '/golden/web' });
    await clock.advance(30_000);
    expect(model.ssm.parameter(REGION, '/golden/web')).toBeUndefined();
    expect(model.ssm.events(REGION).map((e) => e.operation)).toEqual(['Create', 'Delete']);
  });
});
