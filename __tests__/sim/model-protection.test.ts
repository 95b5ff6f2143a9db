/** Deregistration protection (with and without cooldown) and deprecation in the model. */
import { describe, expect, it } from 'vitest';
import { ec2, errorCode, HOUR, MINUTE, virtualWorld } from './helpers.js';

const DAY = 24 * HOUR;
const noMillis = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function world() {
  const { model, clock } = virtualWorld();
  const image = model.seedImage({ region: 'us-east-1', name: 'web' });
  const us = ec2(model, 'us-east-1');
  const protection = () => model.image(image.imageId)?.DeregistrationProtection;
  return { model, clock, image, us, protection };
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('deregistration protection', () => {
  it('without cooldown: DeregisterImage is refused until protection is disabled, which takes effect at once', () => {
    const { model, image, us, protection } = world();
    expect(protection()).toBe('disabled');
    expect(us.call('EnableImageDeregistrationProtection', { ImageId: image.imageId })).toEqual({
      Return: 'enabled-without-cooldown',
    });
    expect(protection()).toBe('enabled-without-cooldown');
    const deregister = () => us.call('DeregisterImage', { ImageId: image.imageId });
    expect(errorCode(deregister)).toBe('OperationNotPermitted');
    expect(messageOf(deregister)).toContain(image.imageId);
    expect(model.image(image.imageId)).toBeDefined();
    expect(us.call('DisableImageDeregistrationProtection', { ImageId: image.imageId })).toEqual({
      Return: 'disabled',
    });
    expect(errorCode(deregister)).toBe('no error');
    expect(model.image(image.imageId)).toBeUndefined();
  });

  it('with cooldown: still protected for 24 h after disabling, reported as disabled-until <time>', async () => {
    const { model, clock, image, us, protection } = world();
    expect(
      us.call('EnableImageDeregistrationProtection', { ImageId: image.imageId, WithCooldown: true }),
    ).toEqual({ Return: 'enabled-with-cooldown' });
    expect(protection()).toBe('enabled-with-cooldown');
    const until = `disabled-until ${noMillis(clock.now() + DAY)}`;
    expect(us.call('DisableImageDeregistrationProtection', { ImageId: image.imageId })).toEqual({
      Return: until,
    });
    expect(protection()).toBe(until);
    const deregister = () => us.call('DeregisterImage', { ImageId: image.imageId });
    await clock.advance(12 * HOUR);
    // A second disable during the cooldown does not restart it.
    us.call('DisableImageDeregistrationProtection', { ImageId: image.imageId });
    expect(protection()).toBe(until);
    await clock.advance(12 * HOUR - 1000);
    expect(errorCode(deregister)).toBe('OperationNotPermitted');
    expect(
      us.call<{ DeregistrationProtection: { Value: string } }>('DescribeImageAttribute', {
        ImageId: image.imageId,
        Attribute: 'deregistrationProtection',
      }).DeregistrationProtection,
    ).toEqual({ Value: until });
    await clock.advance(1000);
    expect(protection()).toBe('disabled');
    expect(errorCode(deregister)).toBe('no error');
    expect(model.images('us-east-1')).toEqual([]);
  });

  it('enabling again during the cooldown protects fully again', async () => {
    const { clock, image, us, protection } = world();
    us.call('EnableImageDeregistrationProtection', { ImageId: image.imageId, WithCooldown: true });
    us.call('DisableImageDeregistrationProtection', { ImageId: image.imageId });
    await clock.advance(HOUR);
    us.call('EnableImageDeregistrationProtection', { ImageId: image.imageId, WithCooldown: true });
    await clock.advance(2 * DAY);
    expect(protection()).toBe('enabled-with-cooldown');
    expect(errorCode(() => us.call('DeregisterImage', { ImageId: image.imageId }))).toBe(
      'OperationNotPermitted',
    );
  });

  it('applies only to own images, by a well-formed id; a seeded image can start protected', () => {
    const { model, us } = world();
    const shared = model.seedImage({
      region: 'us-east-1',
      name: 'vendor',
      accountId: '999988887777',
      sharedWith: [model.defaultAccountId],
    });
    const seeded = model.seedImage({
      region: 'us-east-1',
      name: 'kept',
      deregistrationProtection: 'with-cooldown',
    });
    const enable = (ImageId?: string) =>
      errorCode(() => us.call('EnableImageDeregistrationProtection', { ImageId }));
    expect(enable(shared.imageId)).toBe('AuthFailure');
    expect(enable('ami-0123456789abcdef0')).toBe('InvalidAMIID.NotFound');
    expect(enable('ami-nope')).toBe('InvalidAMIID.Malformed');
    expect(enable(undefined)).toBe('MissingParameter');
    expect(model.image(seeded.imageId)?.DeregistrationProtection).toBe('enabled-with-cooldown');
  });
});

describe('deprecation', () => {
  it('rounds DeprecateAt to the nearest minute and reports it without milliseconds', () => {
    const { model, clock, image, us } = world();
    const base = clock.now() + 30 * DAY;
    us.call('EnableImageDeprecation', { ImageId: image.imageId, DeprecateAt: new Date(base + 29_000) });
    expect(model.image(image.imageId)?.DeprecationTime).toBe(noMillis(base));
    expect(
      us.call('EnableImageDeprecation', { ImageId: image.imageId, DeprecateAt: new Date(base + 31_000) }),
    ).toEqual({ Return: true });
    expect(model.image(image.imageId)?.DeprecationTime).toBe(noMillis(base + MINUTE));
  });

  it('refuses a time that is not in the future or more than 10 years ahead', () => {
    const { clock, image, us } = world();
    const at = (ms: number) => () =>
      us.call('EnableImageDeprecation', { ImageId: image.imageId, DeprecateAt: new Date(ms) });
    expect(errorCode(at(clock.now() - MINUTE))).toBe('InvalidParameterValue');
    expect(errorCode(at(clock.now()))).toBe('InvalidParameterValue');
    const tenYears = Date.UTC(2036, 0, 1);
    expect(errorCode(at(tenYears + MINUTE))).toBe('InvalidParameterValue');
    expect(messageOf(at(tenYears + MINUTE))).toMatch(/at most 10 years/);
    expect(errorCode(at(tenYears))).toBe('no error');
    expect(errorCode(() => us.call('EnableImageDeprecation', { ImageId: image.imageId }))).toBe(
      'MissingParameter',
    );
  });

  it('a public AMI can be deprecated at most 2 years after its creation', () => {
    const { model } = world();
    const created = Date.UTC(2025, 6, 1);
    const image = model.seedImage({ region: 'us-east-1', name: 'public', public: true, createdAt: created });
    const us = ec2(model, 'us-east-1');
    const at = (ms: number) =>
      errorCode(() =>
        us.call('EnableImageDeprecation', { ImageId: image.imageId, DeprecateAt: new Date(ms) }),
      );
    expect(at(Date.UTC(2027, 6, 1) + MINUTE)).toBe('InvalidParameterValue');
    expect(at(Date.UTC(2027, 6, 1))).toBe('no error');
  });

  it('DisableImageDeprecation removes DeprecationTime; deprecated images of others leave the unfiltered listing', async () => {
    const { model, clock, image, us } = world();
    us.call('EnableImageDeprecation', { ImageId: image.imageId, DeprecateAt: new Date(clock.now() + HOUR) });
    expect(us.call('DisableImageDeprecation', { ImageId: image.imageId })).toEqual({ Return: true });
    expect(model.image(image.imageId)?.DeprecationTime).toBeUndefined();

    const vendor = model.seedImage({
      region: 'us-east-1',
      name: 'vendor',
      accountId: '999988887777',
      public: true,
      deprecateAt: clock.now() + HOUR,
    });
    const listed = () =>
      us.call<{ Images: { ImageId: string }[] }>('DescribeImages', {}).Images.map((i) => i.ImageId);
    expect(listed()).toContain(vendor.imageId);
    await clock.advance(HOUR);
    expect(listed()).not.toContain(vendor.imageId);
    expect(errorCode(() => us.call('DisableImageDeprecation', { ImageId: vendor.imageId }))).toBe(
      'AuthFailure',
    );
  });
});
