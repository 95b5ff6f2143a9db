import { checkTagValue, checkUserTagKey, MAX_TAGS_PER_RESOURCE, PROVENANCE_TAG_KEYS } from '../rules/tags.js';
import { parseMapping } from './maps.js';
import type { InputProblem } from './problems.js';

const INPUT = 'tags';

/** The `tags` input: a mapping of user tags, checked against AWS's rules and ours. */
export function parseTagsInput(text: string): {
  readonly tags: Readonly<Record<string, string>>;
  readonly problems: readonly InputProblem[];
} {
  const parsed = parseMapping(text);
  const problems: InputProblem[] = parsed.problems.map((problem) => ({ input: INPUT, ...problem }));
  for (const [key, value] of parsed.entries) {
    const keyProblem = checkUserTagKey(key);
    if (keyProblem !== undefined) problems.push({ input: INPUT, value: key, message: keyProblem });
    const valueProblem = checkTagValue(key, value);
    if (valueProblem !== undefined) problems.push({ input: INPUT, value, message: valueProblem });
  }
  const room = MAX_TAGS_PER_RESOURCE - PROVENANCE_TAG_KEYS.length;
  if (parsed.entries.length > room) {
    problems.push({
      input: INPUT,
      value: text,
      message: `${parsed.entries.length} tags given; at most ${room} fit, since AWS allows ${MAX_TAGS_PER_RESOURCE} per image and the action adds ${PROVENANCE_TAG_KEYS.length} provenance tags: remove ${parsed.entries.length - room}`,
    });
  }
  return { tags: Object.fromEntries(parsed.entries), problems };
}
