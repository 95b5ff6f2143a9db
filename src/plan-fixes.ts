/**
 * What to suggest when a planned copy would break one of AWS's rules: the fix must fit the
 * cause (a name that is too long is not fixed by adding `{region}`; 48 source tags are not
 * fixed by emptying an empty `tags` input). Pure.
 */
import { AMI_NAME_MIN_LENGTH, characterCount, invalidNameCharacters } from './rules/names.js';
import {
  isAwsReservedKey,
  isProvenanceKey,
  MAX_TAGS_PER_RESOURCE,
  PROVENANCE_TAG_KEYS,
} from './rules/tags.js';

const ALLOWED_NAME_CHARACTERS = "letters, digits, spaces and ( ) [ ] . / - ' @ _";

/** The fix for an invalid planned name (`name` as expanded from `nameTemplate`, undefined: the source name). */
export function nameFix(name: string, nameTemplate: string | undefined): string {
  // The template's own text and the other tokens were checked with the inputs: what is wrong
  // here comes from the source name, through {name} (or the default, which is {name}).
  if (invalidNameCharacters(name).length > 0) {
    return `set the name input to a template without {name}, e.g. name: "web-{date}" (AMI names may contain only ${ALLOWED_NAME_CHARACTERS})`;
  }
  if (characterCount(name) < AMI_NAME_MIN_LENGTH) {
    return `set the name input to a template that adds text to the name, e.g. name: "{name}-{region}"`;
  }
  const from = nameTemplate === undefined ? 'the source name' : 'the template';
  return `set the name input to a shorter template than ${from}, e.g. name: "web-{date}"`;
}

export interface TagSources {
  readonly sourceTags: Readonly<Record<string, string>>;
  readonly copyTags: boolean;
  readonly userTags: Readonly<Record<string, string>>;
}

/** The fix for a copy that would get more tags than AWS allows. */
export function tagCountFix({ sourceTags, copyTags, userTags }: TagSources): string {
  const room = MAX_TAGS_PER_RESOURCE - PROVENANCE_TAG_KEYS.length;
  const user = Object.keys(userTags).length;
  if (!copyTags) return `remove ${Math.max(1, user - room)} or more from the tags input`;
  const copied = Object.keys(sourceTags).filter(
    (key) => !isAwsReservedKey(key) && !isProvenanceKey(key) && !Object.hasOwn(userTags, key),
  ).length;
  const keepSourceTags = `set copy-tags: false and list in tags the source tags the copies need (at most ${room} in all)`;
  if (copied > room) {
    const notEnough = user > 0 ? ' (removing tags from the tags input is not enough)' : '';
    return `the source image alone has ${copied} user tags to copy${notEnough}: ${keepSourceTags}, or remove tags from the source image`;
  }
  const excess = copied + user - room;
  return `remove ${excess} from the tags input, or ${keepSourceTags}`;
}
