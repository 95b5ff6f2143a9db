/**
 * Tag rules: AWS's limits, the provenance tags that identify our copies, and how the tag set
 * of a copy is assembled. Pure.
 */
import { createHash } from 'node:crypto';
import { characterCount } from './names.js';

/** Keys under this prefix are written only by the action (users may not set them). */
export const PROVENANCE_PREFIX = 'ami-distribute:';
/** Value: the source AMI id. */
export const SOURCE_IMAGE_TAG = 'ami-distribute:source-image';
/** Value: the region of the source AMI. */
export const SOURCE_REGION_TAG = 'ami-distribute:source-region';
/** Value: `settingsHash(...)`: what makes an earlier copy reusable. */
export const SETTINGS_TAG = 'ami-distribute:settings';
export const PROVENANCE_TAG_KEYS = [SOURCE_IMAGE_TAG, SOURCE_REGION_TAG, SETTINGS_TAG] as const;
/**
 * Key prefix of a waiter's lease on a pending copy: `ami-distribute:waiter:<invocation id>`,
 * value `<lease end, ISO 8601> <who>`. A run that adopts another run's pending copy holds one;
 * the copy's maker checks for live leases right before it removes the copy (`distribute/leases.ts`).
 */
export const WAITER_TAG_PREFIX = 'ami-distribute:waiter:';

export const MAX_TAGS_PER_RESOURCE = 50;
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;

export type Tags = Readonly<Record<string, string>>;

/** AWS reserves `aws:` in any mix of upper and lower case. */
export function isAwsReservedKey(key: string): boolean {
  return key.toLowerCase().startsWith('aws:');
}

export function isProvenanceKey(key: string): boolean {
  return key.toLowerCase().startsWith(PROVENANCE_PREFIX);
}

/** What is wrong with a user-supplied tag key, or undefined. */
export function checkUserTagKey(key: string): string | undefined {
  if (key.trim() === '') return 'a tag key is empty; every tag needs a key';
  if (isAwsReservedKey(key)) return `the tag key "${key}" starts with "aws:", which AWS reserves; rename it`;
  if (isProvenanceKey(key)) {
    return `the tag key "${key}" starts with "${PROVENANCE_PREFIX}", which the action reserves for its provenance tags; rename it`;
  }
  const length = characterCount(key);
  if (length > MAX_TAG_KEY_LENGTH) {
    return `the tag key "${key.slice(0, 40)}…" is ${length} characters long; AWS allows at most ${MAX_TAG_KEY_LENGTH}`;
  }
  return undefined;
}

/** What is wrong with a tag value, or undefined. Empty values are allowed by AWS. */
export function checkTagValue(key: string, value: string): string | undefined {
  const length = characterCount(value);
  if (length > MAX_TAG_VALUE_LENGTH) {
    return `the value of tag "${key}" is ${length} characters long; AWS allows at most ${MAX_TAG_VALUE_LENGTH}`;
  }
  return undefined;
}

export interface ReuseSettings {
  readonly sourceImageId: string;
  readonly sourceRegion: string;
  readonly targetRegion: string;
  readonly encrypted: boolean;
  readonly kmsKeyId: string | undefined;
}

/** 16 hex digits identifying what a copy is: same hash = an earlier copy can be reused. */
export function settingsHash(settings: ReuseSettings): string {
  const material = JSON.stringify([
    settings.sourceImageId,
    settings.sourceRegion,
    settings.targetRegion,
    settings.encrypted,
    settings.kmsKeyId ?? null,
  ]);
  return createHash('sha256').update(material).digest('hex').slice(0, 16);
}

export function provenanceTags(settings: ReuseSettings): Tags {
  return {
    [SOURCE_IMAGE_TAG]: settings.sourceImageId,
    [SOURCE_REGION_TAG]: settings.sourceRegion,
    [SETTINGS_TAG]: settingsHash(settings),
  };
}

export interface TagSources {
  /** The source image's tags as AWS returns them. */
  readonly sourceTags: Tags;
  /** The `copy-tags` input. */
  readonly copySourceTags: boolean;
  /** The `tags` input. */
  readonly userTags: Tags;
  readonly provenance: Tags;
}

/**
 * The tag set of a copy: the source's user tags (when asked; never `aws:` keys nor old
 * provenance keys), then the user's tags, then provenance. A later layer wins on equal keys.
 */
export function mergeTags(sources: TagSources): Tags {
  const merged = new Map<string, string>();
  if (sources.copySourceTags) {
    for (const [key, value] of Object.entries(sources.sourceTags)) {
      if (!isAwsReservedKey(key) && !isProvenanceKey(key)) merged.set(key, value);
    }
  }
  for (const [key, value] of Object.entries(sources.userTags)) merged.set(key, value);
  for (const [key, value] of Object.entries(sources.provenance)) merged.set(key, value);
  return Object.fromEntries(merged);
}

/** What is wrong with the number of tags on one resource, or undefined. */
export function checkTagCount(tags: Tags): string | undefined {
  const count = Object.keys(tags).length;
  if (count > MAX_TAGS_PER_RESOURCE) {
    return `${count} tags, but AWS allows at most ${MAX_TAGS_PER_RESOURCE} per image or snapshot`;
  }
  return undefined;
}

/** The entries of `wanted` that `current` lacks or holds with another value. */
export function missingTags(current: Tags, wanted: Tags): Record<string, string> {
  return Object.fromEntries(Object.entries(wanted).filter(([key, value]) => current[key] !== value));
}
