/**
 * Checks of a create or update body, in GitHub's words: members of the wrong type answer the
 * schema's "Invalid request", a missing tag_name on create likewise, a body over 125,000
 * characters "Validation Failed" with a custom field error.
 */
import {
  type DocPage,
  invalidRequest,
  problemsParsingJson,
  type StubAnswer,
  validationFailed,
} from './answers.js';
import { INVALID_JSON } from './request.js';

export const MAX_BODY_CHARACTERS = 125_000;

export interface ReleaseInput {
  tagName?: string;
  targetCommitish?: string;
  name?: string | null;
  body?: string | null;
  draft?: boolean;
  prerelease?: boolean;
}

const STRING_MEMBERS = [
  ['tag_name', 'tagName'],
  ['target_commitish', 'targetCommitish'],
] as const;
const NULLABLE_STRING_MEMBERS = [
  ['name', 'name'],
  ['body', 'body'],
] as const;
const BOOLEAN_MEMBERS = [
  ['draft', 'draft'],
  ['prerelease', 'prerelease'],
] as const;

export function parseReleaseInput(
  json: unknown,
  doc: DocPage,
  requireTag: boolean,
): { input: ReleaseInput } | { refusal: StubAnswer } {
  if (
    json === INVALID_JSON ||
    (json !== undefined && (typeof json !== 'object' || json === null || Array.isArray(json)))
  ) {
    return { refusal: problemsParsingJson(doc) };
  }
  const record = (json ?? {}) as Record<string, unknown>;
  const input: ReleaseInput = {};
  for (const [wire, key] of STRING_MEMBERS) {
    const value = record[wire];
    if (value === undefined) continue;
    if (typeof value !== 'string') return { refusal: invalidRequest(doc, wire, value, 'a string') };
    input[key] = value;
  }
  for (const [wire, key] of NULLABLE_STRING_MEMBERS) {
    const value = record[wire];
    if (value === undefined) continue;
    if (typeof value !== 'string' && value !== null) {
      return { refusal: invalidRequest(doc, wire, value, 'a string or null') };
    }
    input[key] = value;
  }
  for (const [wire, key] of BOOLEAN_MEMBERS) {
    const value = record[wire];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') return { refusal: invalidRequest(doc, wire, value, 'a boolean') };
    input[key] = value;
  }
  if (requireTag && input.tagName === undefined) {
    return { refusal: { status: 422, json: schemaMissing(doc, 'tag_name') } };
  }
  if (input.tagName !== undefined && input.tagName.trim() === '') {
    return {
      refusal: validationFailed(doc, [
        { resource: 'Release', code: 'custom', field: 'tag_name', message: 'tag_name is not a valid tag' },
      ]),
    };
  }
  if (typeof input.body === 'string' && characters(input.body) > MAX_BODY_CHARACTERS) {
    return {
      refusal: validationFailed(doc, [
        {
          resource: 'Release',
          code: 'custom',
          field: 'body',
          message: `body is too long (maximum is ${MAX_BODY_CHARACTERS} characters)`,
        },
      ]),
    };
  }
  return { input };
}

function schemaMissing(doc: DocPage, property: string): object {
  return {
    message: `Invalid request.\n\n"${property}" wasn't supplied.`,
    documentation_url: doc,
    status: '422',
  };
}

/** Characters as GitHub counts them (code points, not UTF-16 units). */
function characters(text: string): number {
  return text.length <= MAX_BODY_CHARACTERS ? text.length : [...text].length;
}
