/**
 * GitHub's rules for the release step, pure: which tag a workflow run is on, what a tag and a
 * section id may hold, and how long a release body may be.
 */

/** GitHub refuses a release body longer than this (characters). */
export const RELEASE_BODY_MAX_LENGTH = 125_000;

/** A section id names the marked section in the body and the asset (`<id>.json`). */
const SECTION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The tag of a `refs/tags/…` ref (a tag push, or a release event), else undefined. */
export function tagOfRef(ref: string | undefined): string | undefined {
  const prefix = 'refs/tags/';
  return ref?.startsWith(prefix) && ref.length > prefix.length ? ref.slice(prefix.length) : undefined;
}

/**
 * What is wrong with a tag name (a sentence part), or undefined. The checks are git's
 * check-ref-format rules that matter here: a tag with a space, a control character or one of
 * `~ ^ : ? * [ \` cannot exist, so asking GitHub for it only delays the error.
 */
export function tagProblem(tag: string): string | undefined {
  if (tag === '') return 'is empty';
  if (tag.length > 255) return `is ${tag.length} characters long; keep a tag under 256`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(tag))
    return 'holds a space, a control character or one of ~ ^ : ? * [ \\, which git does not allow in a tag';
  if (
    tag.startsWith('/') ||
    tag.endsWith('/') ||
    tag.includes('//') ||
    tag.includes('..') ||
    tag.endsWith('.lock')
  )
    return 'is not a valid git tag name (no leading or trailing "/", no "//", no "..", no ".lock" at the end)';
  return undefined;
}

/** What is wrong with a section id, or undefined. */
export function sectionIdProblem(id: string): string | undefined {
  return SECTION_ID.test(id)
    ? undefined
    : 'must be 1-100 letters, digits, "." "_" or "-", starting with a letter or digit (it names the release asset <id>.json)';
}

/** `owner/repo` as GITHUB_REPOSITORY gives it; false for anything else. */
export function isRepository(text: string | undefined): text is string {
  return text !== undefined && /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(text);
}
