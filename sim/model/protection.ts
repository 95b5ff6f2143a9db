/**
 * Deregistration protection of AMIs: Enable/DisableImageDeregistrationProtection, the value
 * DescribeImages reports, and the check DeregisterImage makes. With a cooldown, disabling
 * protection takes 24 hours to take effect; until then the image is still protected.
 */
import type {
  DisableImageDeregistrationProtectionRequest,
  EnableImageDeregistrationProtectionRequest,
} from '@aws-sdk/client-ec2';
import type { CallContext } from './context.js';
import { secondsIsoTime } from './context.js';
import { awsError } from './errors.js';
import { ownImage } from './images.js';
import {
  cooldownEnd,
  deregistrationProtectionState,
  type ImageRecord,
  isProtectedFromDeregistration,
  type Store,
} from './store.js';

export function refuseIfProtected(image: ImageRecord, now: number): void {
  if (!isProtectedFromDeregistration(image, now)) return;
  const until = cooldownEnd(image, now);
  throw awsError(
    'OperationNotPermitted',
    until === undefined
      ? `The image ${image.imageId} has deregistration protection enabled. Disable deregistration protection first.`
      : `The image ${image.imageId} is protected from deregistration until ${secondsIsoTime(until)} (24-hour cooldown after protection was disabled).`,
  );
}

export function enableImageDeregistrationProtection(
  store: Store,
  ctx: CallContext,
  input: EnableImageDeregistrationProtectionRequest,
) {
  if (!input.ImageId) throw awsError('MissingParameter', 'The request must contain the parameter ImageId');
  const image = ownImage(store, ctx, input.ImageId);
  image.deregistrationProtection = { withCooldown: input.WithCooldown === true, disabledAt: undefined };
  return { Return: deregistrationProtectionState(image, ctx.now) };
}

export function disableImageDeregistrationProtection(
  store: Store,
  ctx: CallContext,
  input: DisableImageDeregistrationProtectionRequest,
) {
  if (!input.ImageId) throw awsError('MissingParameter', 'The request must contain the parameter ImageId');
  const image = ownImage(store, ctx, input.ImageId);
  const protection = image.deregistrationProtection;
  if (protection?.withCooldown && protection.disabledAt === undefined) {
    image.deregistrationProtection = { withCooldown: true, disabledAt: ctx.now };
  } else if (!protection?.withCooldown || cooldownEnd(image, ctx.now) === undefined) {
    // Without cooldown (or once a cooldown has run out) protection ends at once; a second
    // disable during the cooldown leaves the cooldown running.
    image.deregistrationProtection = undefined;
  }
  return { Return: deregistrationProtectionState(image, ctx.now) };
}
