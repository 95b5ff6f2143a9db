/** Tag rules AWS enforces on EC2 resources. */
import { awsError } from './errors.js';

export const MAX_TAGS_PER_RESOURCE = 50;

export interface TagInput {
  readonly Key?: string;
  readonly Value?: string;
}

export function checkTag(tag: TagInput): { key: string; value: string } {
  const key = tag.Key ?? '';
  const value = tag.Value ?? '';
  if (key.length === 0) throw awsError('InvalidParameterValue', 'Tag key must not be empty');
  if (key.length > 128) {
    throw awsError('InvalidParameterValue', `Tag key exceeds the maximum length of 128 characters: ${key}`);
  }
  if (value.length > 256) {
    throw awsError(
      'InvalidParameterValue',
      `Tag value exceeds the maximum length of 256 characters for key ${key}`,
    );
  }
  if (key.toLowerCase().startsWith('aws:')) {
    throw awsError('InvalidParameterValue', "Tag keys starting with 'aws:' are reserved for internal use");
  }
  return { key, value };
}

export function checkTagCount(count: number): void {
  if (count > MAX_TAGS_PER_RESOURCE) {
    throw awsError('TagLimitExceeded', 'The maximum number of Tags for a resource has been reached.');
  }
}

/** Applies `tags` to `target` (validated, then limit-checked on the result). */
export function applyTags(target: Map<string, string>, tags: readonly TagInput[]): void {
  const checked = tags.map(checkTag);
  const next = new Map(target);
  for (const { key, value } of checked) next.set(key, value);
  checkTagCount(next.size);
  for (const { key, value } of checked) target.set(key, value);
}

export function tagList(tags: ReadonlyMap<string, string>): { Key: string; Value: string }[] {
  return [...tags.entries()].map(([Key, Value]) => ({ Key, Value }));
}
