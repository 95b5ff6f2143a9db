import type { CleanupChoice } from '../config/config.js';
import type { Disposition, FailureReason } from './result-types.js';

/** What a hint must know of the run's settings so as not to suggest what is already set. */
export interface HintContext {
  /** `role-to-assume` is set: the action assumes the role and renews its sessions itself. */
  readonly roleConfigured: boolean;
  /** What the post step does with a copy a cancelled run left copying. */
  readonly onCancel: CleanupChoice;
}

/** Expired or refused sessions: their messages may mention a key without being about KMS. */
const CREDENTIAL_CODES = new Set(['ExpiredToken', 'RequestExpired', 'RoleAssumptionError']);

/**
 * A short, actionable suggestion for a region that did not end available. `disposition` (what
 * the run did with the copy) keeps the hint from promising what the run undid.
 */
export function hintFor(
  region: string,
  reason: FailureReason,
  disposition: Disposition | undefined,
  context: HintContext,
): string | undefined {
  const text = `${reason.code} ${reason.message}`;
  const credentials = CREDENTIAL_CODES.has(reason.code);
  if (!credentials && /kms|key/i.test(text) && !/AMIName/i.test(text)) {
    return `Check that the KMS key exists and is enabled in ${region}, and that its key policy lets this role use it (kms:CreateGrant, kms:Decrypt, kms:GenerateDataKeyWithoutPlaintext, kms:ReEncrypt*, kms:DescribeKey).`;
  }
  switch (reason.code) {
    case 'timed-out':
      if (disposition === 'removed')
        return 'The copy was removed (on-timeout: deregister); raise `timeout` and rerun to copy again.';
      return 'The copy goes on in AWS. Rerun with the same inputs to pick it up, or raise `timeout`.';
    case 'cancelled':
      return context.onCancel === 'deregister'
        ? 'The run was cancelled; the post step deregisters the copy if it is still copying (`on-cancel: deregister`). Rerun to copy again.'
        : 'The run was cancelled; the copy goes on in AWS (`on-cancel: keep`) and a rerun picks it up.';
    case 'UnauthorizedOperation':
    case 'AccessDenied':
      return `The credentials may not do this in ${region}; compare the role's policy with docs/iam-policy.json (and any SCP that limits regions).`;
    case 'AuthFailure':
    case 'OptInRequired':
      return `${region} may not be enabled for this account; enable it (Account settings > AWS Regions) or remove it from target-regions.`;
    case 'ExpiredToken':
    case 'RequestExpired':
      if (context.roleConfigured)
        return "The session of `role-to-assume` expired before the action could renew it. Raise `role-duration-seconds` (up to the role's MaxSessionDuration, which the role's settings may need raised too; role chaining, without `permissions: id-token: write`, caps sessions at 1 h) and check that the role's trust policy still lets this job assume it; the copies go on in AWS and a rerun picks them up.";
      return 'The credentials expired during the run (a session exported by an earlier step cannot be renewed). Set `role-to-assume` (and `permissions: id-token: write`) so the action assumes the role itself and renews the session before it expires; the copies go on in AWS and a rerun picks them up.';
    case 'RoleAssumptionError':
      return "A session of `role-to-assume` could not be renewed (STS's reason above). Check the role's trust policy and MaxSessionDuration against `role-duration-seconds`; the copies go on in AWS and a rerun picks them up.";
    case 'ResourceLimitExceeded':
      return `The concurrent-copy quota of ${region} stayed full until the timeout; raise the quota or copy fewer images at once.`;
    case 'InvalidAMIName.Duplicate':
      return 'Another image took the name meanwhile; make `name` unique, e.g. `{name}-{timestamp}`.';
    case 'image-vanished':
      return 'Someone deregistered the copy while it was pending; rerun to make a new one.';
    case 'InvalidAMIID.NotFound':
    case 'InvalidAMIID.Unavailable':
      // The poller reports a copy that disappeared with this code too; CopyImage uses it for the source.
      if (/no longer lists/.test(reason.message))
        return 'Someone deregistered the copy while it was pending; rerun to make a new one.';
      return 'The source image is no longer available to copy: it was deregistered, disabled or unshared during the run. Check source-ami-id and rerun with an available image.';
    default:
      if (/internal error/i.test(reason.message)) {
        return disposition === 'kept'
          ? 'An AWS-side failure. The failed copy still holds the name: deregister it, then rerun to make a new one.'
          : 'An AWS-side failure; a rerun makes a new copy.';
      }
      return undefined;
  }
}
