/**
 * Accounts, their region opt-ins, IAM users' long-term keys, roles, and STS-issued temporary
 * credentials. The account of a request is found from its access key, as AWS does.
 */
import { ALLOW_ALL, type Policy } from './policy.js';
import { defaultOptInStatus, type OptInStatus } from './regions.js';
import type { Rng } from './rng.js';

export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_ACCESS_KEY_ID = 'AKIASIMULATORKEY0001';
export const DEFAULT_SECRET_ACCESS_KEY = 'simulatorSecretKey/ForTestsOnly/00000000';

export interface Principal {
  readonly kind: 'user' | 'assumed-role';
  readonly accountId: string;
  /** `arn:aws:iam::…:user/…` or `arn:aws:sts::…:assumed-role/…/…`. */
  readonly arn: string;
  /** What GetCallerIdentity calls UserId. */
  readonly userId: string;
  /** For assumed roles: the role's ARN (its policy is looked up at each call). */
  readonly roleArn?: string;
}

export interface CredentialRecord {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string | undefined;
  /** Model-clock ms after which the credentials are expired; undefined = never. */
  expiresAt: number | undefined;
  readonly issuedAt: number;
  readonly principal: Principal;
  /** How the credentials were obtained (`iam-user`, `AssumeRole`, `AssumeRoleWithWebIdentity`). */
  readonly source: string;
  /** Policy of an IAM user (roles keep theirs on the role). */
  policy: Policy;
}

export interface RoleRecord {
  readonly arn: string;
  readonly accountId: string;
  readonly name: string;
  readonly roleId: string;
  policy: Policy;
  maxSessionSeconds: number;
}

export interface WebIdentityTokenRecord {
  readonly at: number;
  readonly roleArn: string;
  readonly sessionName: string;
  readonly token: string;
}

export class Accounts {
  private readonly optIns = new Map<string, Map<string, OptInStatus>>();
  private readonly credentials = new Map<string, CredentialRecord>();
  private readonly roles = new Map<string, RoleRecord>();
  /** Every web identity token presented to AssumeRoleWithWebIdentity. */
  readonly webIdentityTokens: WebIdentityTokenRecord[] = [];

  constructor(private readonly rng: Rng) {}

  ensureAccount(accountId: string): void {
    if (!this.optIns.has(accountId)) this.optIns.set(accountId, new Map());
  }

  knownAccounts(): string[] {
    return [...this.optIns.keys()];
  }

  optInStatus(accountId: string, region: string): OptInStatus | undefined {
    return this.optIns.get(accountId)?.get(region) ?? defaultOptInStatus(region);
  }

  setOptInStatus(accountId: string, region: string, status: OptInStatus): void {
    this.ensureAccount(accountId);
    this.optIns.get(accountId)?.set(region, status);
  }

  addUser(options: {
    accountId?: string;
    userName?: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    policy?: Policy;
    now: number;
  }): CredentialRecord {
    const accountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
    this.ensureAccount(accountId);
    const userName = options.userName ?? 'sim-user';
    const record: CredentialRecord = {
      accessKeyId: options.accessKeyId ?? `AKIA${this.rng.hex(16).toUpperCase()}`,
      secretAccessKey: options.secretAccessKey ?? this.secret(),
      sessionToken: undefined,
      expiresAt: undefined,
      issuedAt: options.now,
      principal: {
        kind: 'user',
        accountId,
        arn: `arn:aws:iam::${accountId}:user/${userName}`,
        userId: `AIDA${this.rng.hex(17).toUpperCase()}`,
      },
      source: 'iam-user',
      policy: options.policy ?? ALLOW_ALL,
    };
    this.credentials.set(record.accessKeyId, record);
    return record;
  }

  /** Defines (or redefines) a role. Unknown roles are created on first assumption with allow-all. */
  defineRole(roleArn: string, options: { policy?: Policy; maxSessionSeconds?: number } = {}): RoleRecord {
    const parsed = parseRoleArn(roleArn);
    if (!parsed) throw new Error(`not a role ARN: ${roleArn}`);
    this.ensureAccount(parsed.accountId);
    const existing = this.roles.get(roleArn);
    const role: RoleRecord = existing ?? {
      arn: roleArn,
      accountId: parsed.accountId,
      name: parsed.name,
      roleId: `AROA${this.rng.hex(17).toUpperCase()}`,
      policy: ALLOW_ALL,
      maxSessionSeconds: 3600,
    };
    if (options.policy) role.policy = options.policy;
    if (options.maxSessionSeconds) role.maxSessionSeconds = options.maxSessionSeconds;
    this.roles.set(roleArn, role);
    return role;
  }

  role(roleArn: string): RoleRecord | undefined {
    return this.roles.get(roleArn);
  }

  issueRoleCredentials(
    role: RoleRecord,
    sessionName: string,
    durationSeconds: number,
    now: number,
    source: string,
  ) {
    const record: CredentialRecord = {
      accessKeyId: `ASIA${this.rng.hex(16).toUpperCase()}`,
      secretAccessKey: this.secret(),
      sessionToken: `IQoJb3JpZ2luX2VjE${this.rng.hex(24)}/sim/${Buffer.from(`${role.arn}|${sessionName}`).toString('base64')}${this.rng.hex(40)}`,
      expiresAt: now + durationSeconds * 1000,
      issuedAt: now,
      principal: {
        kind: 'assumed-role',
        accountId: role.accountId,
        arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${sessionName}`,
        userId: `${role.roleId}:${sessionName}`,
        roleArn: role.arn,
      },
      source,
      policy: role.policy,
    };
    this.credentials.set(record.accessKeyId, record);
    return record;
  }

  lookup(accessKeyId: string): CredentialRecord | undefined {
    return this.credentials.get(accessKeyId);
  }

  /** The policy in force for these credentials now (a role's current policy for assumed roles). */
  policyOf(record: CredentialRecord): Policy {
    const roleArn = record.principal.roleArn;
    return roleArn ? (this.roles.get(roleArn)?.policy ?? record.policy) : record.policy;
  }

  allCredentials(): CredentialRecord[] {
    return [...this.credentials.values()];
  }

  private secret(): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    let out = '';
    for (let i = 0; i < 40; i++) out += alphabet[this.rng.int(alphabet.length)];
    return out;
  }
}

export function parseRoleArn(arn: string): { accountId: string; name: string } | undefined {
  const match = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/.exec(arn);
  return match?.[1] && match[2] ? { accountId: match[1], name: match[2] } : undefined;
}
