/**
 * Seeding Parameter Store for tests: a version is stored at once, without PutParameter's checks
 * or the aws:ec2:image validation (a seed states what already exists). Seeding a name again adds
 * its next version; tags are applied to the parameter either way.
 */
import type {
  ParameterView,
  SsmDataType,
  SsmParameters,
  SsmParameterType,
  SsmTier,
} from './ssm-parameters.js';
import { DEFAULT_SSM_KEY } from './ssm-put-parameter.js';

export interface SeedParameterSpec {
  readonly region: string;
  readonly name: string;
  readonly value: string;
  /** Default `String`. */
  readonly type?: SsmParameterType;
  /** Default `text`. */
  readonly dataType?: SsmDataType;
  readonly description?: string;
  readonly tier?: SsmTier;
  readonly tags?: Readonly<Record<string, string>>;
  readonly accountId?: string;
  /** Model ms of the version (default: now). */
  readonly lastModifiedAt?: number;
}

export function seedParameter(
  store: SsmParameters,
  defaults: { readonly accountId: string; readonly now: number },
  spec: SeedParameterSpec,
): ParameterView {
  const accountId = spec.accountId ?? defaults.accountId;
  const latest = store.find(accountId, spec.region, spec.name)?.versions.at(-1);
  const type = spec.type ?? 'String';
  const record = store.commit(
    accountId,
    spec.region,
    {
      name: spec.name,
      type,
      value: spec.value,
      version: (latest?.version ?? 0) + 1,
      lastModifiedDate: spec.lastModifiedAt ?? defaults.now,
      lastModifiedUser: `arn:aws:iam::${accountId}:root`,
      description: spec.description,
      allowedPattern: undefined,
      keyId: type === 'SecureString' ? DEFAULT_SSM_KEY : undefined,
      tier: spec.tier ?? 'Standard',
      dataType: spec.dataType ?? 'text',
    },
    [],
    spec.lastModifiedAt ?? defaults.now,
  );
  for (const [key, value] of Object.entries(spec.tags ?? {})) record.tags.set(key, value);
  const view = store.parameter(spec.region, spec.name, accountId);
  if (!view) throw new Error(`seedParameter: ${spec.name} was not stored`);
  return view;
}
