/**
 * Enable/DisableImageDeprecation: the deprecation time is rounded to the nearest minute, must
 * lie in the future and at most 10 years ahead (2 years after its creation for a public AMI).
 * DescribeImages then reports `DeprecationTime` as `YYYY-MM-DDTHH:MM:SSZ`.
 */
import type { DisableImageDeprecationRequest, EnableImageDeprecationRequest } from '@aws-sdk/client-ec2';
import { type CallContext, secondsIsoTime } from './context.js';
import { awsError } from './errors.js';
import { isPublic, ownImage } from './images.js';
import type { Store } from './store.js';

const MINUTE = 60_000;

/** `ms` plus whole calendar years, in UTC. */
function addYears(ms: number, years: number): number {
  const date = new Date(ms);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.getTime();
}

export function enableImageDeprecation(store: Store, ctx: CallContext, input: EnableImageDeprecationRequest) {
  if (!input.ImageId) throw awsError('MissingParameter', 'The request must contain the parameter ImageId');
  if (!input.DeprecateAt)
    throw awsError('MissingParameter', 'The request must contain the parameter DeprecateAt');
  const image = ownImage(store, ctx, input.ImageId);
  const requested = new Date(input.DeprecateAt).getTime();
  if (Number.isNaN(requested))
    throw awsError('InvalidParameterValue', 'Invalid value for parameter DeprecateAt');
  if (requested <= ctx.now) {
    throw awsError(
      'InvalidParameterValue',
      `The deprecation time ${secondsIsoTime(requested)} must be in the future.`,
    );
  }
  const rounded = Math.round(requested / MINUTE) * MINUTE;
  const publicImage = isPublic(image);
  const limit = publicImage ? addYears(image.createdAt, 2) : addYears(ctx.now, 10);
  if (rounded > limit) {
    throw awsError(
      'InvalidParameterValue',
      publicImage
        ? `The deprecation time of a public AMI can be at most 2 years after its creation date (${secondsIsoTime(limit)}).`
        : `The deprecation time can be at most 10 years in the future (${secondsIsoTime(limit)}).`,
    );
  }
  image.deprecationTime = rounded;
  return { Return: true };
}

export function disableImageDeprecation(
  store: Store,
  ctx: CallContext,
  input: DisableImageDeprecationRequest,
) {
  if (!input.ImageId) throw awsError('MissingParameter', 'The request must contain the parameter ImageId');
  const image = ownImage(store, ctx, input.ImageId);
  image.deprecationTime = undefined;
  return { Return: true };
}
