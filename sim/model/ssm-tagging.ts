/**
 * AddTagsToResource, RemoveTagsFromResource and ListTagsForResource for `ResourceType:
 * Parameter` (`ResourceId` is the parameter's name). The other resource types SSM tags exist in
 * its model but not in the simulator: they answer InvalidResourceId, as for a missing parameter.
 */
import { awsError } from './errors.js';
import {
  Constraints,
  type SsmTag,
  TAG_PATTERN,
  TAG_PATTERN_TEXT,
  tagConstraints,
} from './ssm-constraints.js';
import type { SsmCallContext } from './ssm-operations.js';
import type { ParameterRecord, SsmParameters } from './ssm-parameters.js';
import { MAX_PARAMETER_TAGS } from './ssm-put-parameter.js';

export const SSM_TAGGABLE_TYPES = [
  'Document',
  'ManagedInstance',
  'MaintenanceWindow',
  'Parameter',
  'PatchBaseline',
  'OpsItem',
  'OpsMetadata',
  'Automation',
  'Association',
] as const;

interface ResourceInput {
  readonly ResourceType?: string;
  readonly ResourceId?: string;
}

export interface AddTagsToResourceInput extends ResourceInput {
  readonly Tags?: readonly SsmTag[];
}

export interface RemoveTagsFromResourceInput extends ResourceInput {
  readonly TagKeys?: readonly string[];
}

export type ListTagsForResourceInput = ResourceInput;

function resourceConstraints(input: ResourceInput): Constraints {
  return new Constraints()
    .notNull(input.ResourceType, 'resourceType')
    .enumOf(input.ResourceType, 'resourceType', SSM_TAGGABLE_TYPES)
    .notNull(input.ResourceId, 'resourceId');
}

function parameter(store: SsmParameters, ctx: SsmCallContext, input: ResourceInput): ParameterRecord {
  const record =
    input.ResourceType === 'Parameter'
      ? store.find(ctx.accountId, ctx.region, input.ResourceId ?? '')
      : undefined;
  if (!record) throw awsError('InvalidResourceId', '');
  return record;
}

export function addTagsToResource(store: SsmParameters, ctx: SsmCallContext, input: AddTagsToResourceInput) {
  const constraints = resourceConstraints(input).notNull(input.Tags, 'tags');
  tagConstraints(constraints, input.Tags, 'tags').check();
  const record = parameter(store, ctx, input);
  const next = new Map(record.tags);
  for (const tag of input.Tags ?? []) next.set(tag.Key ?? '', tag.Value ?? '');
  if (next.size > MAX_PARAMETER_TAGS) throw awsError('TooManyTagsError', '');
  for (const [key, value] of next) record.tags.set(key, value);
  return {};
}

export function removeTagsFromResource(
  store: SsmParameters,
  ctx: SsmCallContext,
  input: RemoveTagsFromResourceInput,
) {
  const constraints = resourceConstraints(input).notNull(input.TagKeys, 'tagKeys');
  (input.TagKeys ?? []).forEach((key, i) => {
    constraints
      .length(key, `tagKeys.${i + 1}.member`, 1, 128)
      .pattern(key, `tagKeys.${i + 1}.member`, TAG_PATTERN, TAG_PATTERN_TEXT);
  });
  constraints.check();
  const record = parameter(store, ctx, input);
  for (const key of input.TagKeys ?? []) record.tags.delete(key);
  return {};
}

export function listTagsForResource(
  store: SsmParameters,
  ctx: SsmCallContext,
  input: ListTagsForResourceInput,
) {
  resourceConstraints(input).check();
  const record = parameter(store, ctx, input);
  return { TagList: [...record.tags].map(([Key, Value]) => ({ Key, Value })) };
}
