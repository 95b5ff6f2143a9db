/**
 * How the poller treats an error from a DescribeImages / DescribeSnapshots call.
 *
 * - `throttled`: the account's request budget is spent (`RequestLimitExceeded`, `Throttling`…,
 *   HTTP 429, or a bare 503). The region backs off and keeps backing off while it lasts.
 * - `transient`: a 5xx or a network failure; tried again on a backed-off schedule.
 * - `permanent`: retrying with the same credentials cannot help (access denied, expired or
 *   invalid credentials, any other 4xx). The region's pending copies end `failed` with AWS's code
 *   and message: waiting on would only reach the timeout with less information.
 * - `unknown`: no code or status we recognise (e.g. a bug in a client layer); retried like a
 *   transient error, but a run of them counts as permanent (see `UNKNOWN_ERROR_LIMIT`).
 */
import {
  awsErrorCode,
  describeAwsError,
  httpStatus,
  isCredentialError,
  isThrottlingError,
  isTransientError,
} from '../aws/errors.js';

export type PollErrorKind = 'throttled' | 'transient' | 'permanent' | 'unknown';

/** Consecutive unknown errors after which a region gives up. */
export const UNKNOWN_ERROR_LIMIT = 5;

const PERMANENT_CODES = new Set([
  'UnauthorizedOperation',
  'AccessDenied',
  'AccessDeniedException',
  'OptInRequired',
  'Blocked',
  'InvalidAction',
  'SignatureDoesNotMatch',
  'MissingAuthenticationToken',
  'IncompleteSignature',
]);

export function classifyPollError(error: unknown): PollErrorKind {
  const status = httpStatus(error);
  if (isThrottlingError(error) || (status === 503 && awsErrorCode(error) === 'Unknown')) return 'throttled';
  if (isTransientError(error)) return 'transient';
  if (isCredentialError(error) || PERMANENT_CODES.has(awsErrorCode(error))) return 'permanent';
  if (status !== undefined && status >= 400 && status < 500) return 'permanent';
  return 'unknown';
}

/** The reason recorded for copies given up because of `error`. */
export function pollErrorReason(error: unknown, operation: string): { code: string; message: string } {
  return { code: awsErrorCode(error), message: `${operation} failed: ${describeAwsError(error)}` };
}
