/**
 * The simulated AWS world as one object: accounts and credentials, KMS keys, images and
 * snapshots, fault switches, the request log, and the clock. Both doors into it (the HTTP
 * server and the in-process gateway) go through `invokeEc2` / `invokeSts`, which apply the
 * same checks in AWS's order: credentials, expiry, region opt-in, policy (on the resources and
 * condition keys of the request, see authorization.ts), faults, DryRun, action.
 */
import type { Image, Snapshot } from '@aws-sdk/client-ec2';
import {
  Accounts,
  type CredentialRecord,
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCOUNT_ID,
  DEFAULT_SECRET_ACCESS_KEY,
} from './accounts.js';
import { requiredAuthorizations } from './authorization.js';
import { realClock, type SimClock } from './clock.js';
import type { CallContext } from './context.js';
import type { CopyTiming, ProgressProfile } from './copy-progress.js';
import { awsError, isSimAwsError, type SimAwsError } from './errors.js';
import { Faults } from './faults.js';
import { imageView } from './images.js';
import { type KmsKey, KmsKeys } from './kms.js';
import {
  type LaunchTemplateSnapshot,
  launchTemplateSnapshot,
  type SeededLaunchTemplate,
  type SeedLaunchTemplateSpec,
  seedLaunchTemplate,
} from './launch-templates-seed.js';
import { EC2_OPERATIONS, type Ec2Action, type Ec2Inputs, type OperationEnv } from './operations.js';
import { ALLOW_ALL, type AuthorizationRequest, evaluatePolicy, type Policy } from './policy.js';
import { isKnownRegion, type OptInStatus, regionEnabled } from './regions.js';
import { RequestLog } from './request-log.js';
import { createRng, type Rng } from './rng.js';
import { type SeededImage, type SeedImageSpec, seedForeignCopies, seedImage } from './seed.js';
import { snapshotView } from './snapshots.js';
import { imageValueCheck } from './ssm-image-check.js';
import type { SsmAction, SsmInputs } from './ssm-operations.js';
import { SsmParameters } from './ssm-parameters.js';
import { invokeSsm } from './ssm-pipeline.js';
import { type SeedParameterSpec, seedParameter } from './ssm-seed.js';
import {
  type ImageBlockPublicAccessState,
  type ImageRecord,
  imageStateAt,
  type ModelSettings,
  type Settlement,
  Store,
  settlement,
} from './store.js';
import { assumeRole, assumeRoleWithWebIdentity, getCallerIdentity } from './sts.js';

type PerRegion<T> = T | Readonly<Record<string, T>>;

export interface ModelOptions {
  /** Seed of every random choice (ids, jitter, progress curves, fault dice). Default 1. */
  readonly seed?: number | string;
  /** Default: real time. */
  readonly clock?: SimClock;
  readonly accountId?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** Policy of the default user (default: allow everything). */
  readonly policy?: Policy;
  /** Snapshot copy throughput per destination region, MiB/s (default 40; `*` key = default). */
  readonly copyThroughputMiBps?: PerRegion<number>;
  /** Fixed start-up time of every snapshot copy, seconds (default 60). */
  readonly copyOverheadSeconds?: number;
  /** Relative duration jitter (default 0.15). */
  readonly copyJitter?: number;
  /** Progress curve of copies (default `realistic`). */
  readonly progressProfile?: PerRegion<ProgressProfile>;
  /** Concurrent copies per destination region (default 50). */
  readonly copyQuota?: PerRegion<number>;
  readonly kmsFailureDelayMs?: number;
  /** Snapshots done -> image available, ms (default 30 s, the same for every copy). */
  readonly registrationDelayMs?: number;
  /** Draw the registration lag per copy, uniformly from [min, max] ms (overrides registrationDelayMs). */
  readonly registrationDelayRangeMs?: readonly [min: number, max: number];
  readonly clientTokenTtlMs?: number;
  readonly pendingImageListsSnapshots?: boolean;
  /** Opt-in status overrides for the default account. */
  readonly optIn?: Readonly<Record<string, OptInStatus>>;
  /**
   * Block public access for AMIs of the default account, per region (`*` = every other region).
   * Default `block-new-sharing`, what AWS gives a new account; other accounts always start so.
   */
  readonly imageBlockPublicAccess?: PerRegion<ImageBlockPublicAccessState>;
}

export interface CallMeta {
  readonly region: string;
  readonly accessKeyId: string | undefined;
  readonly sessionToken?: string | undefined;
  /** Raw parameters for the log (default: the input object). */
  readonly logParams?: Readonly<Record<string, unknown>>;
  readonly via: 'http' | 'gateway';
}

export interface CallResult<T> {
  readonly result: T;
  /** The change was applied but the answer must not reach the caller. */
  readonly lost: boolean;
  readonly requestId: string;
}

export type StsAction = 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'GetCallerIdentity';

export class SimModel {
  readonly clock: SimClock;
  readonly rng: Rng;
  readonly accounts: Accounts;
  readonly kms: KmsKeys;
  readonly faults: Faults;
  readonly log = new RequestLog();
  readonly store: Store;
  readonly settings: ModelSettings;
  readonly defaultAccountId: string;
  readonly defaultCredentials: CredentialRecord;
  /** Parameter Store (SSM), per account and region; see ssm-parameters.ts for its inspection API. */
  readonly ssm: SsmParameters;
  private readonly requestIds: Rng;
  private readonly throughput = new Map<string, number>();
  private readonly profiles = new Map<string, ProgressProfile>();
  private readonly quotas = new Map<string, number>();

  constructor(options: ModelOptions = {}) {
    this.clock = options.clock ?? realClock();
    this.rng = createRng(options.seed ?? 1);
    this.requestIds = this.rng.derive('request-ids');
    this.accounts = new Accounts(this.rng.derive('accounts'));
    this.kms = new KmsKeys(this.rng.derive('kms'));
    this.faults = new Faults(this.rng.derive('faults'));
    this.defaultAccountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
    this.defaultCredentials = this.accounts.addUser({
      accountId: this.defaultAccountId,
      accessKeyId: options.accessKeyId ?? DEFAULT_ACCESS_KEY_ID,
      secretAccessKey: options.secretAccessKey ?? DEFAULT_SECRET_ACCESS_KEY,
      policy: options.policy ?? ALLOW_ALL,
      now: this.clock.now(),
    });
    for (const [region, status] of Object.entries(options.optIn ?? {})) {
      this.accounts.setOptInStatus(this.defaultAccountId, region, status);
    }
    loadPerRegion(this.throughput, options.copyThroughputMiBps, 40);
    loadPerRegion(this.profiles, options.progressProfile, 'realistic');
    loadPerRegion(this.quotas, options.copyQuota, 50);
    const overheadSeconds = options.copyOverheadSeconds ?? 60;
    const jitter = options.copyJitter ?? 0.15;
    this.settings = {
      copyTiming: (region): CopyTiming => ({
        throughputMiBps: this.throughput.get(region) ?? this.throughput.get('*') ?? 40,
        overheadSeconds,
        jitter,
      }),
      progressProfile: (region) => this.profiles.get(region) ?? this.profiles.get('*') ?? 'realistic',
      copyQuota: (region) => this.quotas.get(region) ?? this.quotas.get('*') ?? 50,
      kmsFailureDelayMs: options.kmsFailureDelayMs ?? 5 * 60_000,
      registrationDelayMs: options.registrationDelayMs ?? 30_000,
      registrationDelayRangeMs: options.registrationDelayRangeMs,
      clientTokenTtlMs: options.clientTokenTtlMs ?? 24 * 3600_000,
      pendingImageListsSnapshots: options.pendingImageListsSnapshots ?? false,
      imageBlockPublicAccessDefault: 'block-new-sharing',
    };
    this.store = new Store(this.clock, this.rng, this.kms, this.settings);
    this.ssm = new SsmParameters(
      this.clock,
      this.defaultAccountId,
      imageValueCheck(this.store, this.accounts),
    );
    const blockPublicAccess = new Map<string, ImageBlockPublicAccessState>();
    loadPerRegion(blockPublicAccess, options.imageBlockPublicAccess, 'block-new-sharing');
    for (const [region, state] of blockPublicAccess) this.setImageBlockPublicAccess(region, state);
  }

  // ---- configuration -------------------------------------------------------------------

  setCopyThroughput(region: string, mibPerSecond: number): this {
    this.throughput.set(region, mibPerSecond);
    return this;
  }

  setProgressProfile(region: string, profile: ProgressProfile): this {
    this.profiles.set(region, profile);
    return this;
  }

  /** Concurrent copies allowed into `region` (`*` = every region without its own value). */
  setCopyQuota(region: string, limit: number): this {
    this.quotas.set(region, limit);
    return this;
  }

  setOptIn(region: string, status: OptInStatus, accountId = this.defaultAccountId): this {
    this.accounts.setOptInStatus(accountId, region, status);
    return this;
  }

  /**
   * Block public access for AMIs in `region` (`*` = every region without its own value), for the
   * default account unless another is named. Takes effect at once (AWS: up to 10 minutes).
   */
  /** The key EBS encrypts with in `region` when none is named (ModifyEbsDefaultKmsKeyId); GetEbsDefaultKmsKeyId answers it. */
  setEbsDefaultKmsKey(region: string, reference: string, accountId = this.defaultAccountId): this {
    this.kms.setEbsDefault(accountId, region, reference);
    return this;
  }

  setImageBlockPublicAccess(
    region: string,
    state: ImageBlockPublicAccessState,
    accountId = this.defaultAccountId,
  ): this {
    this.store.setImageBlockPublicAccess(accountId, region, state);
    return this;
  }

  imageBlockPublicAccess(region: string, accountId = this.defaultAccountId): ImageBlockPublicAccessState {
    return this.store.imageBlockPublicAccess(accountId, region);
  }

  /** Replaces the policy of an IAM user (by access key) or of a role (by role ARN). */
  setPolicy(accessKeyIdOrRoleArn: string, policy: Policy): this {
    if (accessKeyIdOrRoleArn.startsWith('arn:')) {
      this.accounts.defineRole(accessKeyIdOrRoleArn, { policy });
      return this;
    }
    const record = this.accounts.lookup(accessKeyIdOrRoleArn);
    if (!record) throw new Error(`unknown access key ${accessKeyIdOrRoleArn}`);
    record.policy = policy;
    return this;
  }

  addUser(options: {
    accountId?: string;
    userName?: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    policy?: Policy;
  }) {
    return this.accounts.addUser({ ...options, now: this.clock.now() });
  }

  defineRole(roleArn: string, options: { policy?: Policy; maxSessionSeconds?: number } = {}) {
    return this.accounts.defineRole(roleArn, options);
  }

  createKmsKey(
    region: string,
    options: { keyId?: string; aliases?: string[]; accountId?: string } = {},
  ): KmsKey {
    return this.kms.createKey(options.accountId ?? this.defaultAccountId, region, options);
  }

  // ---- seeding -------------------------------------------------------------------------

  seedImage(spec: SeedImageSpec): SeededImage {
    return seedImage(this.store, this.defaultAccountId, spec);
  }

  seedLaunchTemplate(spec: SeedLaunchTemplateSpec): SeededLaunchTemplate {
    return seedLaunchTemplate(this.store, this.defaultAccountId, spec);
  }

  /** A Parameter Store parameter (or its next version), stored at once without validation. */
  seedParameter(spec: SeedParameterSpec) {
    return seedParameter(this.ssm, { accountId: this.defaultAccountId, now: this.clock.now() }, spec);
  }

  /** Other tenants' in-flight copies into `region`: they hold quota until they complete. */
  seedForeignCopies(
    region: string,
    count: number,
    schedule: { startedAt?: number; completesAt?: number | readonly number[]; durationMs?: number } = {},
  ): this {
    seedForeignCopies(this.store, region, count, schedule);
    return this;
  }

  // ---- inspection ----------------------------------------------------------------------

  /** Every image (owner's view, now), optionally of one region. */
  images(region?: string): Image[] {
    return [...this.store.images.values()]
      .filter((i) => !region || i.region === region)
      .map((i) => imageView(this.store, i, this.ownerContext(i.accountId, i.region)));
  }

  snapshots(region?: string): Snapshot[] {
    return [...this.store.snapshots.values()]
      .filter((s) => !region || s.region === region)
      .map((s) => snapshotView(s, this.ownerContext(s.accountId, s.region)));
  }

  image(imageId: string): Image | undefined {
    const record = this.store.images.get(imageId);
    return record
      ? imageView(this.store, record, this.ownerContext(record.accountId, record.region))
      : undefined;
  }

  imageRecord(imageId: string): ImageRecord | undefined {
    return this.store.images.get(imageId);
  }

  /** A launch template (by id or name) with its versions and default, copied; undefined if none. */
  launchTemplate(
    region: string,
    idOrName: string,
    accountId = this.defaultAccountId,
  ): LaunchTemplateSnapshot | undefined {
    return launchTemplateSnapshot(this.store, accountId, region, idOrName);
  }

  /** Tags of an image or snapshot as a plain record. */
  tagsOf(resourceId: string): Record<string, string> {
    const tags = this.store.images.get(resourceId)?.tags ?? this.store.snapshots.get(resourceId)?.tags;
    return Object.fromEntries(tags ?? []);
  }

  /** When the copy `imageId` in `region` reaches (or reached) its final state, model ms. */
  completionTime(region: string, imageId: string): number | undefined {
    return this.copySettlement(region, imageId)?.at;
  }

  /** The final state a copy will reach (or reached), when, and why if it fails. */
  copySettlement(region: string, imageId: string): Settlement | undefined {
    const image = this.store.imageIn(region, imageId);
    return image?.copy ? settlement(image.copy) : undefined;
  }

  imageState(region: string, imageId: string): string | undefined {
    const image = this.store.imageIn(region, imageId);
    return image ? imageStateAt(image, this.clock.now()).state : undefined;
  }

  pendingCopies(region: string): number {
    return this.store.pendingCopies(region, this.clock.now());
  }

  private ownerContext(accountId: string, region: string): CallContext {
    return { accountId, region, now: this.clock.now(), principalArn: `arn:aws:iam::${accountId}:root` };
  }

  // ---- the request pipeline ------------------------------------------------------------

  nextRequestId(): string {
    const h = this.requestIds.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** The credentials for a request, or the error AWS gives for them (unknown, wrong token, expired). */
  authenticate(service: 'ec2' | 'sts', accessKeyId: string | undefined, sessionToken: string | undefined) {
    const record = accessKeyId ? this.accounts.lookup(accessKeyId) : undefined;
    const tokenMismatch = record?.sessionToken !== undefined && record.sessionToken !== sessionToken;
    if (!record || tokenMismatch) {
      throw service === 'ec2'
        ? awsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401)
        : awsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403);
    }
    const now = this.clock.now();
    const forcedExpiry = this.faults.expiredKeys.get(record.accessKeyId);
    const expired =
      (record.expiresAt !== undefined && now >= record.expiresAt) ||
      (forcedExpiry !== undefined && now >= forcedExpiry);
    if (expired) {
      throw service === 'ec2'
        ? awsError('RequestExpired', 'Request has expired.', 400)
        : awsError('ExpiredToken', 'The security token included in the request is expired', 403);
    }
    return record;
  }

  invokeEc2<A extends Ec2Action>(action: A, meta: CallMeta, input: Ec2Inputs[A]): CallResult<object> {
    return this.pipeline('ec2', action, meta, input, (caller) => {
      if (!caller)
        throw awsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
      const accountId = caller.principal.accountId;
      const status = this.accounts.optInStatus(accountId, meta.region);
      if (!isKnownRegion(meta.region) || !regionEnabled(status)) {
        throw awsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
      }
      return {
        needs: () => requiredAuthorizations(this.store, { region: meta.region, accountId }, action, input),
        run: (ctx: CallContext) => {
          const env: OperationEnv = {
            optIn: (region) => this.accounts.optInStatus(accountId, region),
            regionEnabled: (region) => regionEnabled(this.accounts.optInStatus(accountId, region)),
            copyFailure: (region) => this.faults.copyFailures.get(region),
          };
          return EC2_OPERATIONS[action](this.store, ctx, input, env);
        },
      };
    });
  }

  invokeSts(action: StsAction, meta: CallMeta, input: Record<string, unknown>): CallResult<object> {
    const unsigned = action === 'AssumeRoleWithWebIdentity';
    return this.pipeline(
      'sts',
      action,
      meta,
      input,
      (caller) => ({
        // STS resources (the role ARN) are not evaluated: every statement's Resource applies.
        needs: () => [{ action: `sts:${action}` }],
        run: (ctx) => {
          if (action === 'AssumeRoleWithWebIdentity')
            return assumeRoleWithWebIdentity(this.accounts, ctx.now, input);
          if (!caller)
            throw awsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
          if (action === 'AssumeRole') return assumeRole(this.accounts, ctx.now, caller, input);
          return getCallerIdentity(caller);
        },
      }),
      unsigned,
    );
  }

  invokeSsm<A extends SsmAction>(action: A, meta: CallMeta, input: SsmInputs[A]): CallResult<object> {
    return invokeSsm(this, action, meta, input);
  }

  /** The first of `needs` the caller's policy does not allow, and whether a Deny refused it. */
  private firstDenial(caller: CredentialRecord, needs: readonly AuthorizationRequest[]): Denial | undefined {
    const policy = this.accounts.policyOf(caller);
    for (const request of needs) {
      const decision = evaluatePolicy(policy, request);
      if (decision !== 'allow') return { request, explicit: decision === 'explicit-deny' };
    }
    return undefined;
  }

  private pipeline(
    service: 'ec2' | 'sts',
    action: string,
    meta: CallMeta,
    input: object,
    prepare: (caller: CredentialRecord | undefined) => PreparedCall,
    unsigned = false,
  ): CallResult<object> {
    const requestId = this.nextRequestId();
    const now = this.clock.now();
    let caller: CredentialRecord | undefined;
    const entry = (outcome: 'ok' | 'error' | 'lost', error?: SimAwsError) =>
      this.log.add({
        clockTime: now,
        realTime: Date.now(),
        region: meta.region,
        service,
        action,
        params: meta.logParams ?? (input as Record<string, unknown>),
        accessKeyId: meta.accessKeyId,
        accountId: caller?.principal.accountId,
        outcome,
        errorCode: error?.code,
        httpStatus: error?.status ?? 200,
        via: meta.via,
      });
    try {
      if (!unsigned || meta.accessKeyId)
        caller = this.authenticate(service, meta.accessKeyId, meta.sessionToken);
      const { needs, run } = prepare(caller);
      // GetCallerIdentity needs no permission on AWS either.
      const exempt = action === 'GetCallerIdentity' || (unsigned && service === 'sts');
      const denial = caller && !exempt ? this.firstDenial(caller, needs()) : undefined;
      if (caller && denial) {
        throw service === 'ec2'
          ? awsError('UnauthorizedOperation', unauthorizedMessage(caller.principal.arn, denial), 403)
          : awsError(
              'AccessDenied',
              `User: ${caller.principal.arn} is not authorized to perform: sts:${action} on resource: ${String((input as { RoleArn?: unknown }).RoleArn ?? '*')}`,
              403,
            );
      }
      const decision = this.faults.decide(action, meta.region, now);
      if (decision.error) throw decision.error;
      if ((input as { DryRun?: boolean }).DryRun === true) {
        throw awsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
      }
      const ctx: CallContext = {
        accountId: caller?.principal.accountId ?? this.defaultAccountId,
        region: meta.region,
        now,
        principalArn: caller?.principal.arn ?? 'anonymous',
      };
      const result = run(ctx);
      entry(decision.loseResponse ? 'lost' : 'ok');
      return { result, lost: decision.loseResponse, requestId };
    } catch (error) {
      const simError = isSimAwsError(error)
        ? error
        : awsError('InternalError', `An internal error has occurred (${String(error)})`, 500);
      entry('error', simError);
      throw Object.assign(simError, { requestId });
    }
  }
}

/** What the pipeline needs from each service: the authorizations a call needs, and the call. */
interface PreparedCall {
  readonly needs: () => readonly AuthorizationRequest[];
  readonly run: (ctx: CallContext) => object;
}

interface Denial {
  readonly request: AuthorizationRequest;
  readonly explicit: boolean;
}

/** AWS's (decoded) wording; resource `*` is left out, as AWS does for Describe* calls. */
function unauthorizedMessage(principalArn: string, { request, explicit }: Denial): string {
  const { action, resource } = request;
  const on = resource !== undefined && resource !== '*' ? ` on resource: ${resource}` : '';
  const why = explicit
    ? 'with an explicit deny in an identity-based policy'
    : `because no identity-based policy allows the ${action} action`;
  return `You are not authorized to perform this operation. User: ${principalArn} is not authorized to perform: ${action}${on} ${why}`;
}

function loadPerRegion<T>(target: Map<string, T>, value: PerRegion<T> | undefined, fallback: T): void {
  if (value === undefined) target.set('*', fallback);
  else if (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof value !== 'function'
  ) {
    target.set('*', fallback);
    for (const [region, v] of Object.entries(value as Record<string, T>)) target.set(region, v);
  } else target.set('*', value as T);
}

export function createModel(options: ModelOptions = {}): SimModel {
  return new SimModel(options);
}
