/** STS: temporary credentials for roles (AssumeRole, AssumeRoleWithWebIdentity) and GetCallerIdentity. */
import { type Accounts, type CredentialRecord, parseRoleArn } from './accounts.js';
import { awsError } from './errors.js';

export interface StsCredentialsResult {
  readonly Credentials: {
    readonly AccessKeyId: string;
    readonly SecretAccessKey: string;
    readonly SessionToken: string;
    readonly Expiration: Date;
  };
  readonly AssumedRoleUser: { readonly AssumedRoleId: string; readonly Arn: string };
  readonly SubjectFromWebIdentityToken?: string;
  readonly Audience?: string;
  readonly Provider?: string;
}

interface AssumeInput {
  readonly RoleArn?: string;
  readonly RoleSessionName?: string;
  readonly DurationSeconds?: number;
  readonly WebIdentityToken?: string;
}

function checkedDuration(input: AssumeInput, maxSeconds: number, chained: boolean): number {
  const duration = input.DurationSeconds ?? 3600;
  if (duration < 900 || duration > 43200) {
    throw awsError(
      'ValidationError',
      `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
    );
  }
  if (chained && duration > 3600) {
    throw awsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }
  if (duration > maxSeconds) {
    throw awsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  }
  return duration;
}

function roleAndSession(accounts: Accounts, input: AssumeInput) {
  if (!input.RoleArn)
    throw awsError('ValidationError', "1 validation error detected: Value null at 'roleArn'");
  if (!input.RoleSessionName || !/^[\w+=,.@-]{2,64}$/.test(input.RoleSessionName)) {
    throw awsError(
      'ValidationError',
      `1 validation error detected: Value '${input.RoleSessionName ?? ''}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  if (!parseRoleArn(input.RoleArn)) throw awsError('ValidationError', `${input.RoleArn} is invalid`);
  const role = accounts.role(input.RoleArn) ?? accounts.defineRole(input.RoleArn);
  return { role, sessionName: input.RoleSessionName };
}

function result(record: CredentialRecord): StsCredentialsResult {
  return {
    Credentials: {
      AccessKeyId: record.accessKeyId,
      SecretAccessKey: record.secretAccessKey,
      SessionToken: record.sessionToken ?? '',
      Expiration: new Date(record.expiresAt ?? 0),
    },
    AssumedRoleUser: { AssumedRoleId: record.principal.userId, Arn: record.principal.arn },
  };
}

export function assumeRoleWithWebIdentity(
  accounts: Accounts,
  now: number,
  input: AssumeInput,
): StsCredentialsResult {
  const token = input.WebIdentityToken ?? '';
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) {
    throw awsError('InvalidIdentityToken', "Couldn't parse the provided web identity token.");
  }
  const { role, sessionName } = roleAndSession(accounts, input);
  const duration = checkedDuration(input, role.maxSessionSeconds, false);
  accounts.webIdentityTokens.push({ at: now, roleArn: role.arn, sessionName, token });
  const claims = decodeClaims(parts[1] ?? '');
  const record = accounts.issueRoleCredentials(role, sessionName, duration, now, 'AssumeRoleWithWebIdentity');
  return {
    ...result(record),
    SubjectFromWebIdentityToken: typeof claims.sub === 'string' ? claims.sub : 'unknown',
    Audience: typeof claims.aud === 'string' ? claims.aud : 'sts.amazonaws.com',
    Provider:
      typeof claims.iss === 'string'
        ? claims.iss.replace(/^https:\/\//, '')
        : 'token.actions.githubusercontent.com',
  };
}

export function assumeRole(
  accounts: Accounts,
  now: number,
  caller: CredentialRecord,
  input: AssumeInput,
): StsCredentialsResult {
  const { role, sessionName } = roleAndSession(accounts, input);
  const duration = checkedDuration(input, role.maxSessionSeconds, caller.principal.kind === 'assumed-role');
  return result(accounts.issueRoleCredentials(role, sessionName, duration, now, 'AssumeRole'));
}

export function getCallerIdentity(caller: CredentialRecord) {
  return { UserId: caller.principal.userId, Account: caller.principal.accountId, Arn: caller.principal.arn };
}

function decodeClaims(segment: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
