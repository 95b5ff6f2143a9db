/**
 * Parameter Store's records, per account and region: each parameter's committed versions (the
 * history GetParameterHistory shows), its tags, and the `aws:ec2:image` versions still being
 * validated. Nothing runs on a timer: a validation completes when the model clock has passed
 * its `completesAt`, the next time anything reads the store (`settle`).
 */
import type { CredentialRecord } from './accounts.js';
import type { SimClock } from './clock.js';
import { parameterArn } from './ssm-names.js';

export type SsmParameterType = 'String' | 'StringList' | 'SecureString';
export type SsmDataType = 'text' | 'aws:ec2:image' | 'aws:ssm:integration';
export type SsmTier = 'Standard' | 'Advanced';

export const SSM_PARAMETER_TYPES: readonly SsmParameterType[] = ['SecureString', 'StringList', 'String'];
export const SSM_DATA_TYPES: readonly SsmDataType[] = ['text', 'aws:ec2:image', 'aws:ssm:integration'];
/** Parameter Store keeps the 100 newest versions of a parameter. */
export const MAX_PARAMETER_VERSIONS = 100;
/** What EventBridge's "Parameter Store Change" event says when an aws:ec2:image value is refused. */
export const IMAGE_VALIDATION_FAILURE = 'Unable to Describe Resource';

export interface ParameterVersion {
  readonly name: string;
  readonly type: SsmParameterType;
  readonly value: string;
  readonly version: number;
  readonly lastModifiedDate: number;
  readonly lastModifiedUser: string;
  readonly description: string | undefined;
  readonly allowedPattern: string | undefined;
  /** SecureString only: the key it is (notionally) encrypted with. */
  readonly keyId: string | undefined;
  readonly tier: SsmTier;
  readonly dataType: SsmDataType;
}

export interface ParameterRecord {
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  readonly arn: string;
  /** Committed versions, oldest first (at most MAX_PARAMETER_VERSIONS). */
  readonly versions: ParameterVersion[];
  readonly tags: Map<string, string>;
}

/** An aws:ec2:image PutParameter whose version exists only once its value is validated. */
export interface PendingValidation {
  readonly accountId: string;
  readonly region: string;
  readonly candidate: ParameterVersion;
  /** Tags of a PutParameter that creates the parameter (applied with it). */
  readonly tags: readonly (readonly [string, string])[];
  readonly requestedAt: number;
  readonly completesAt: number;
  /** Whose permissions and images the validation uses. */
  readonly caller: CredentialRecord;
}

/** Like EventBridge's "Parameter Store Change" event (`detail` flattened), one per outcome. */
export interface SsmChangeEvent {
  readonly at: number;
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  readonly arn: string;
  readonly operation: 'Create' | 'Update' | 'Delete';
  readonly type: SsmParameterType;
  readonly dataType: SsmDataType;
  readonly version: number;
  /** Set when the change was refused (the parameter was not created or updated). */
  readonly exception?: string;
}

/** Decides an aws:ec2:image value once its validation completes: undefined = valid, else why not. */
export type ImageValueCheck = (pending: PendingValidation) => string | undefined;

/** What the inspection API returns (the SDK's Parameter shape plus what DescribeParameters adds). */
export interface ParameterView {
  readonly Name: string;
  readonly Type: SsmParameterType;
  readonly Value: string;
  readonly Version: number;
  readonly LastModifiedDate: Date;
  readonly LastModifiedUser: string;
  readonly ARN: string;
  readonly DataType: SsmDataType;
  readonly Tier: SsmTier;
  readonly Description?: string;
  readonly KeyId?: string;
  readonly AllowedPattern?: string;
  readonly Tags: Record<string, string>;
}

const key = (accountId: string, region: string, name: string) => `${accountId}|${region}|${name}`;

export class SsmParameters {
  private readonly records = new Map<string, ParameterRecord>();
  private pending: PendingValidation[] = [];
  private readonly changeEvents: SsmChangeEvent[] = [];
  private delayMs = 2_000;

  constructor(
    private readonly clock: SimClock,
    private readonly defaultAccountId: string,
    private readonly checkImageValue: ImageValueCheck,
  ) {}

  /** How long an aws:ec2:image validation takes, model ms (default 2 s; AWS: up to a few minutes). */
  setValidationDelay(ms: number): this {
    this.delayMs = ms;
    return this;
  }

  get validationDelayMs(): number {
    return this.delayMs;
  }

  /** Completes every validation due by `now`, in the order they complete. */
  settle(now = this.clock.now()): void {
    const due = this.pending
      .filter((p) => p.completesAt <= now)
      .sort((a, b) => a.completesAt - b.completesAt);
    if (due.length === 0) return;
    this.pending = this.pending.filter((p) => !due.includes(p));
    for (const validation of due) {
      const { accountId, region, candidate } = validation;
      const exception = this.checkImageValue(validation);
      const existing = this.find(accountId, region, candidate.name);
      if (exception) {
        this.event(
          validation.completesAt,
          accountId,
          region,
          candidate,
          existing ? 'Update' : 'Create',
          exception,
        );
        continue;
      }
      this.commit(accountId, region, candidate, validation.tags, validation.completesAt);
    }
  }

  /** The committed parameter (no settling: callers settle once per request). */
  find(accountId: string, region: string, name: string): ParameterRecord | undefined {
    return this.records.get(key(accountId, region, name));
  }

  pendingFor(accountId: string, region: string, name: string): PendingValidation | undefined {
    return this.pending.find(
      (p) => p.accountId === accountId && p.region === region && p.candidate.name === name,
    );
  }

  /** Stores a new version (creating the parameter, with `tags`, when it does not exist). */
  commit(
    accountId: string,
    region: string,
    version: ParameterVersion,
    tags: readonly (readonly [string, string])[],
    at: number,
  ): ParameterRecord {
    const existing = this.find(accountId, region, version.name);
    const record = existing ?? {
      accountId,
      region,
      name: version.name,
      arn: parameterArn(region, accountId, version.name),
      versions: [],
      tags: new Map(tags),
    };
    record.versions.push(version);
    if (record.versions.length > MAX_PARAMETER_VERSIONS) record.versions.shift();
    this.records.set(key(accountId, region, version.name), record);
    this.event(at, accountId, region, version, existing ? 'Update' : 'Create');
    return record;
  }

  /** Queues an aws:ec2:image version; it is committed or refused once `delayMs` has passed. */
  validateLater(validation: Omit<PendingValidation, 'completesAt'>): PendingValidation {
    const queued = { ...validation, completesAt: validation.requestedAt + this.delayMs };
    this.pending.push(queued);
    return queued;
  }

  delete(accountId: string, region: string, name: string, at: number): boolean {
    const record = this.find(accountId, region, name);
    this.pending = this.pending.filter(
      (p) => !(p.accountId === accountId && p.region === region && p.candidate.name === name),
    );
    if (!record) return false;
    this.records.delete(key(accountId, region, name));
    const latest = record.versions.at(-1);
    if (latest) this.event(at, accountId, region, latest, 'Delete');
    return true;
  }

  // ---- inspection (settles first; the default account unless another is named) ------------

  /** The latest committed version of `name` in `region`, as GetParameter would show it. */
  parameter(region: string, name: string, accountId = this.defaultAccountId): ParameterView | undefined {
    this.settle();
    const record = this.find(accountId, region, name);
    const latest = record?.versions.at(-1);
    return record && latest ? view(record, latest) : undefined;
  }

  /** Every committed version of `name`, oldest first. */
  history(region: string, name: string, accountId = this.defaultAccountId): ParameterView[] {
    this.settle();
    const record = this.find(accountId, region, name);
    return record ? record.versions.map((v) => view(record, v)) : [];
  }

  /** The latest version of every parameter (of one region, if given). */
  parameters(region?: string, accountId = this.defaultAccountId): ParameterView[] {
    this.settle();
    return [...this.records.values()]
      .filter((r) => r.accountId === accountId && (!region || r.region === region))
      .flatMap((r) => {
        const latest = r.versions.at(-1);
        return latest ? [view(r, latest)] : [];
      });
  }

  /** Validations not yet complete at the model's now. */
  pendingValidations(region?: string): readonly PendingValidation[] {
    this.settle();
    return this.pending.filter((p) => !region || p.region === region);
  }

  /** Every create, update, refusal and deletion so far, in order. */
  events(region?: string): readonly SsmChangeEvent[] {
    this.settle();
    return this.changeEvents.filter((e) => !region || e.region === region);
  }

  private event(
    at: number,
    accountId: string,
    region: string,
    version: ParameterVersion,
    operation: SsmChangeEvent['operation'],
    exception?: string,
  ): void {
    this.changeEvents.push({
      at,
      accountId,
      region,
      name: version.name,
      arn: parameterArn(region, accountId, version.name),
      operation,
      type: version.type,
      dataType: version.dataType,
      version: version.version,
      ...(exception ? { exception } : {}),
    });
  }
}

function view(record: ParameterRecord, version: ParameterVersion): ParameterView {
  return {
    Name: version.name,
    Type: version.type,
    Value: version.value,
    Version: version.version,
    LastModifiedDate: new Date(version.lastModifiedDate),
    LastModifiedUser: version.lastModifiedUser,
    ARN: record.arn,
    DataType: version.dataType,
    Tier: version.tier,
    ...(version.description !== undefined ? { Description: version.description } : {}),
    ...(version.keyId !== undefined ? { KeyId: version.keyId } : {}),
    ...(version.allowedPattern !== undefined ? { AllowedPattern: version.allowedPattern } : {}),
    Tags: Object.fromEntries(record.tags),
  };
}
