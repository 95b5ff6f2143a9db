import { fromTemporaryCredentials, fromWebToken } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { RoleConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import { describeAwsError } from './errors.js';

/** AWS refuses a chained role session longer than one hour. */
const ROLE_CHAINING_MAX_SECONDS = 3600;

/**
 * STS (or GitHub's token service) refused a session of `role-to-assume`. Every AWS call signed
 * with these credentials fails with it, so its message names the input, quotes the reason and
 * says what to check; `name` is what awsErrorCode reports for it.
 */
export class RoleAssumptionError extends Error {
  override readonly name = 'RoleAssumptionError';

  constructor(roleArn: string, withOidc: boolean, durationSeconds: number, cause: unknown) {
    const how = withOidc
      ? 'with the GitHub OIDC token (AssumeRoleWithWebIdentity)'
      : 'from the ambient credentials (AssumeRole, role chaining)';
    const check = withOidc
      ? "the role's trust policy trusts token.actions.githubusercontent.com for this repository (docs/iam-policy-trust-github-oidc.json)"
      : "the ambient credentials may call sts:AssumeRole on it (docs/iam-policy-role-chaining.json) and the role's trust policy trusts them";
    super(
      `Could not assume role-to-assume ${roleArn} ${how}: ${describeAwsError(cause)}. Check that ${check}, and that the session of ${durationSeconds} s (role-duration-seconds) is within the role's MaxSessionDuration.`,
      { cause },
    );
  }
}

export interface RoleCredentialsOptions {
  readonly role: RoleConfig;
  /** Region of the STS calls (the source region). */
  readonly region: string;
  /**
   * Fetches a fresh GitHub OIDC token for STS. Undefined when the job cannot mint one (no
   * `id-token: write`): the role is then assumed from the ambient credentials (role chaining).
   */
  readonly getIdToken: (() => Promise<string>) | undefined;
  /** Sees every new set of credentials (to mask them in the log). */
  readonly onCredentials: (credentials: AwsCredentialIdentity) => void;
  readonly logger: Logger;
  readonly now?: () => number;
}

/**
 * Credentials from assuming `role`, renewed before they expire, shared by every regional client
 * so a twenty-region run assumes the role once per renewal, not twenty times. With a GitHub
 * OIDC token each renewal mints a new token (AssumeRoleWithWebIdentity); without one it chains
 * from the ambient credentials (AssumeRole). Either way a multi-hour wait outlives any session.
 */
export function roleCredentials(options: RoleCredentialsOptions): AwsCredentialIdentityProvider {
  const { role, region, logger } = options;
  const now = options.now ?? Date.now;
  let durationSeconds = role.durationSeconds;
  if (!options.getIdToken && durationSeconds > ROLE_CHAINING_MAX_SECONDS) {
    logger.warning(
      `role-duration-seconds ${durationSeconds} is more than AWS allows when chaining roles; using ${ROLE_CHAINING_MAX_SECONDS}. Grant the job \`id-token: write\` to assume the role with OIDC instead.`,
    );
    durationSeconds = ROLE_CHAINING_MAX_SECONDS;
  }
  const chained = options.getIdToken
    ? undefined
    : fromTemporaryCredentials({
        params: { RoleArn: role.arn, RoleSessionName: role.sessionName, DurationSeconds: durationSeconds },
        clientConfig: { region },
      });

  const assume = async (): Promise<AwsCredentialIdentity> => {
    if (options.getIdToken) {
      const webIdentityToken = await options.getIdToken();
      return fromWebToken({
        roleArn: role.arn,
        roleSessionName: role.sessionName,
        durationSeconds,
        webIdentityToken,
        clientConfig: { region },
      })();
    }
    return (chained as AwsCredentialIdentityProvider)();
  };

  let current: { credentials: AwsCredentialIdentity; renewAt: number } | undefined;
  let renewing: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    if (current && now() < current.renewAt) return current.credentials;
    renewing ??= (async () => {
      try {
        const obtainedAt = now();
        const credentials = await assume();
        options.onCredentials(credentials);
        const expiresAt = credentials.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
        // Renew with a margin: five minutes, or a quarter of a short session.
        const margin = Math.min(300_000, (expiresAt - obtainedAt) / 4);
        current = { credentials, renewAt: expiresAt - margin };
        logger.info(
          `Assumed ${role.arn}${options.getIdToken ? ' with the GitHub OIDC token' : ''}; credentials valid until ${credentials.expiration?.toISOString() ?? 'unknown'}.`,
        );
        return credentials;
      } catch (error) {
        throw new RoleAssumptionError(role.arn, options.getIdToken !== undefined, durationSeconds, error);
      } finally {
        renewing = undefined;
      }
    })();
    return renewing;
  };
}
