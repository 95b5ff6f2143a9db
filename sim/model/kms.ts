/**
 * KMS keys known per account and region. A key can be named by key id, key ARN, alias
 * (`alias/x`) or alias ARN; every region has the AWS-managed `alias/aws/ebs` key.
 * A key is only usable in its own region: an ARN from another region resolves to nothing here.
 */
import type { Rng } from './rng.js';

export interface KmsKey {
  readonly accountId: string;
  readonly region: string;
  readonly keyId: string;
  readonly arn: string;
  readonly aliases: string[];
  readonly awsManaged: boolean;
}

export class KmsKeys {
  private readonly keys: KmsKey[] = [];

  constructor(private readonly rng: Rng) {}

  /** Creates a customer key (optionally with aliases like `alias/app`). */
  createKey(accountId: string, region: string, options: { keyId?: string; aliases?: string[] } = {}): KmsKey {
    const keyId = options.keyId ?? this.uuid();
    const key: KmsKey = {
      accountId,
      region,
      keyId,
      arn: `arn:aws:kms:${region}:${accountId}:key/${keyId}`,
      aliases: (options.aliases ?? []).map((alias) =>
        alias.startsWith('alias/') ? alias : `alias/${alias}`,
      ),
      awsManaged: false,
    };
    this.keys.push(key);
    return key;
  }

  /** Keys an account made its default for EBS encryption (ModifyEbsDefaultKmsKeyId), by account and region. */
  private readonly defaults = new Map<string, string>();

  /** Makes `reference` the key EBS encrypts with when none is named (what ModifyEbsDefaultKmsKeyId does). */
  setEbsDefault(accountId: string, region: string, reference: string): void {
    this.defaults.set(`${accountId}/${region}`, reference);
  }

  /** GetEbsDefaultKmsKeyId's answer: `alias/aws/ebs` until the account names another key. */
  ebsDefaultReference(accountId: string, region: string): string {
    return this.defaults.get(`${accountId}/${region}`) ?? 'alias/aws/ebs';
  }

  /** The key an encrypted copy gets when it names none: the account's EBS default. */
  encryptionDefault(accountId: string, region: string): KmsKey {
    const reference = this.defaults.get(`${accountId}/${region}`);
    return (reference && this.resolve(accountId, region, reference)) || this.defaultEbsKey(accountId, region);
  }

  /** The `aws/ebs` key of this account in this region (created on first use, as AWS does). */
  defaultEbsKey(accountId: string, region: string): KmsKey {
    const found = this.keys.find((k) => k.accountId === accountId && k.region === region && k.awsManaged);
    if (found) return found;
    const keyId = this.uuid();
    const key: KmsKey = {
      accountId,
      region,
      keyId,
      arn: `arn:aws:kms:${region}:${accountId}:key/${keyId}`,
      aliases: ['alias/aws/ebs'],
      awsManaged: true,
    };
    this.keys.push(key);
    return key;
  }

  /** Resolves a key reference as seen from `region` of `accountId`; undefined when unknown there. */
  resolve(accountId: string, region: string, reference: string): KmsKey | undefined {
    if (reference === 'alias/aws/ebs') return this.defaultEbsKey(accountId, region);
    const arn = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/.exec(reference);
    if (arn) {
      const [, keyRegion, keyAccount, kind, name] = arn;
      if (keyRegion !== region) return undefined;
      if (kind === 'alias' && name === 'aws/ebs' && keyAccount) return this.defaultEbsKey(keyAccount, region);
      return this.keys.find(
        (k) =>
          k.accountId === keyAccount &&
          k.region === region &&
          (kind === 'key' ? k.keyId === name : k.aliases.includes(`alias/${name}`)),
      );
    }
    if (reference.startsWith('alias/')) {
      return this.keys.find(
        (k) => k.accountId === accountId && k.region === region && k.aliases.includes(reference),
      );
    }
    return this.keys.find((k) => k.accountId === accountId && k.region === region && k.keyId === reference);
  }

  /** Whether `arn` is an AWS-managed key (`aws/ebs`); false for customer keys and unknown references. */
  isAwsManaged(arn: string | undefined): boolean {
    return arn !== undefined && this.keys.some((k) => k.arn === arn && k.awsManaged);
  }

  list(): readonly KmsKey[] {
    return this.keys;
  }

  private uuid(): string {
    const h = this.rng.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
