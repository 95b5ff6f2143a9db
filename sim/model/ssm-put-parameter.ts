/**
 * PutParameter: create a parameter (version 1) or, with Overwrite, add a version. `text` values
 * are stored at once; an `aws:ec2:image` value is only queued: the call answers its version
 * number, and the version exists (GetParameter shows it) once the value has been validated, or
 * never, if the validation fails (see ssm-image-check.ts).
 */
import { awsError } from './errors.js';
import { Constraints, type SsmTag, tagConstraints } from './ssm-constraints.js';
import { checkNewParameterName } from './ssm-names.js';
import type { SsmCallContext } from './ssm-operations.js';
import {
  type ParameterVersion,
  SSM_DATA_TYPES,
  SSM_PARAMETER_TYPES,
  type SsmDataType,
  type SsmParameters,
  type SsmParameterType,
  type SsmTier,
} from './ssm-parameters.js';

export interface PutParameterInput {
  readonly Name?: string;
  readonly Description?: string;
  readonly Value?: string;
  readonly Type?: string;
  readonly KeyId?: string;
  readonly Overwrite?: boolean;
  readonly AllowedPattern?: string;
  readonly Tags?: readonly SsmTag[];
  readonly Tier?: string;
  readonly Policies?: string;
  readonly DataType?: string;
}

export const STANDARD_VALUE_LIMIT = 4096;
export const ADVANCED_VALUE_LIMIT = 8192;
export const MAX_PARAMETER_TAGS = 50;
export const DEFAULT_SSM_KEY = 'alias/aws/ssm';
const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'] as const;
const FIXED_DATA_TYPES: readonly SsmDataType[] = ['aws:ec2:image', 'aws:ssm:integration'];

export function putParameter(store: SsmParameters, ctx: SsmCallContext, input: PutParameterInput) {
  const constraints = new Constraints()
    .notNull(input.Name, 'name')
    .length(input.Name, 'name', 1, 2048)
    .length(input.Description, 'description', 0, 1024)
    .notNull(input.Value, 'value')
    .length(input.Value, 'value', 1)
    .enumOf(input.Type, 'type', SSM_PARAMETER_TYPES)
    .length(input.AllowedPattern, 'allowedPattern', 0, 1024)
    .enumOf(input.Tier, 'tier', TIERS)
    .length(input.DataType, 'dataType', 0, 128);
  tagConstraints(constraints, input.Tags, 'tags').check();
  const tags = input.Tags ?? [];
  if (input.Overwrite === true && tags.length > 0) {
    throw awsError(
      'ValidationException',
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
    );
  }
  const name = checkNewParameterName(input.Name ?? '', ctx.region, ctx.accountId);
  const value = input.Value ?? '';
  if (input.Policies !== undefined) {
    throw awsError('ValidationException', 'Parameter policies are not modelled by the simulator.');
  }
  if (input.DataType !== undefined && !(SSM_DATA_TYPES as readonly string[]).includes(input.DataType)) {
    throw awsError(
      'ValidationException',
      `The following data type is not supported: ${input.DataType} (Data type names are all lowercase.)`,
    );
  }
  if (store.pendingFor(ctx.accountId, ctx.region, name)) {
    throw awsError(
      'TooManyUpdates',
      `The value of parameter ${name} is still being validated. Try again after the validation completes.`,
    );
  }
  const latest = store.find(ctx.accountId, ctx.region, name)?.versions.at(-1);
  if (latest && input.Overwrite !== true) {
    throw awsError(
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    );
  }
  const type = (input.Type as SsmParameterType | undefined) ?? latest?.type;
  if (!type)
    throw awsError('ValidationException', 'A parameter type is required when you create a parameter.');
  const dataType = (input.DataType as SsmDataType | undefined) ?? latest?.dataType ?? 'text';
  checkDataType(name, type, dataType, latest);
  const tier = checkedTier(input.Tier, value, latest);
  const allowedPattern = input.AllowedPattern ?? latest?.allowedPattern;
  if (allowedPattern !== undefined) checkAllowedPattern(allowedPattern, value);
  if (tags.length > MAX_PARAMETER_TAGS) throw awsError('TooManyTagsError', '');

  const candidate: ParameterVersion = {
    name,
    type,
    value,
    version: (latest?.version ?? 0) + 1,
    lastModifiedDate: ctx.now,
    lastModifiedUser: ctx.principalArn,
    description: input.Description ?? latest?.description,
    allowedPattern,
    keyId: type === 'SecureString' ? (input.KeyId ?? latest?.keyId ?? DEFAULT_SSM_KEY) : undefined,
    tier,
    dataType,
  };
  const tagPairs = tags.map((t) => [t.Key ?? '', t.Value ?? ''] as const);
  if (dataType === 'aws:ec2:image') {
    store.validateLater({
      accountId: ctx.accountId,
      region: ctx.region,
      candidate,
      tags: tagPairs,
      requestedAt: ctx.now,
      caller: ctx.caller,
    });
  } else {
    store.commit(ctx.accountId, ctx.region, candidate, tagPairs, ctx.now);
  }
  return { Version: candidate.version, Tier: tier };
}

/** AWS documents that a parameter can't change to or from aws:ec2:image (or aws:ssm:integration). */
function checkDataType(
  name: string,
  type: SsmParameterType,
  dataType: SsmDataType,
  latest: ParameterVersion | undefined,
): void {
  if (
    latest &&
    latest.dataType !== dataType &&
    [latest.dataType, dataType].some((d) => FIXED_DATA_TYPES.includes(d))
  ) {
    throw awsError(
      'ValidationException',
      `The data type of parameter ${name} is ${latest.dataType}; it can't be changed to ${dataType}. Delete the parameter and create it again.`,
    );
  }
  if (dataType === 'aws:ec2:image' && type !== 'String') {
    throw awsError(
      'ValidationException',
      `The data type aws:ec2:image is supported only for String parameters, not ${type}.`,
    );
  }
}

function checkedTier(
  requested: string | undefined,
  value: string,
  latest: ParameterVersion | undefined,
): SsmTier {
  const tier: SsmTier =
    requested === 'Advanced' ||
    (requested === 'Intelligent-Tiering' && value.length > STANDARD_VALUE_LIMIT) ||
    (requested !== 'Standard' && latest?.tier === 'Advanced')
      ? 'Advanced'
      : 'Standard';
  if (latest?.tier === 'Advanced' && tier === 'Standard') {
    throw awsError(
      'ValidationException',
      'This parameter uses the advanced-parameter tier. You can’t downgrade a parameter from the advanced-parameter tier to the standard-parameter tier.',
    );
  }
  const limit = tier === 'Standard' ? STANDARD_VALUE_LIMIT : ADVANCED_VALUE_LIMIT;
  if (value.length > limit) {
    throw awsError(
      'ValidationException',
      tier === 'Standard'
        ? `Standard tier parameters support a maximum parameter value of ${STANDARD_VALUE_LIMIT} characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier.`
        : `Advanced tier parameters support a maximum parameter value of ${ADVANCED_VALUE_LIMIT} characters.`,
    );
  }
  return tier;
}

function checkAllowedPattern(pattern: string, value: string): void {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch {
    throw awsError(
      'InvalidAllowedPatternException',
      `The allowed pattern ${pattern} is not a valid regular expression.`,
    );
  }
  if (!regex.test(value)) {
    throw awsError(
      'ValidationException',
      `Parameter value, cannot be validated against allowedPattern: ${pattern}`,
    );
  }
}
