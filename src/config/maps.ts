import { isMap, isScalar, type Pair, parseDocument } from 'yaml';

/**
 * Mapping inputs (`tags`, `kms-key-ids`) in any of three spellings:
 *   - YAML: `team: core` lines, or a flow mapping `{team: core}`;
 *   - JSON: `{"team": "core"}` (JSON is YAML);
 *   - `key=value` lines (chosen when the first line that is not blank or a `#` comment has an
 *     `=` before any `: `), one pair per line, spaces around key and value trimmed.
 * YAML is read with the failsafe schema, so every scalar stays the string written
 * (`01` stays "01", `true` stays "true", `1e3` stays "1e3").
 */
export type MapEntry = readonly [key: string, value: string];

export interface MappingProblem {
  /** The offending line or entry, or the whole text when it does not parse at all. */
  readonly value: string;
  readonly message: string;
}

export interface ParsedMapping {
  readonly entries: readonly MapEntry[];
  readonly problems: readonly MappingProblem[];
}

const FORMATS_HINT = 'write "key: value" lines (YAML), {"key": "value"} (JSON) or key=value lines';

export function parseMapping(text: string): ParsedMapping {
  if (text.trim() === '') return { entries: [], problems: [] };
  return looksLikeKeyValueLines(text) ? parseKeyValueLines(text) : parseYamlMapping(text);
}

function meaningfulLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function looksLikeKeyValueLines(text: string): boolean {
  const first = meaningfulLines(text)[0];
  if (first === undefined || /^[{["'-]/.test(first)) return false;
  const equals = first.indexOf('=');
  if (equals <= 0) return false;
  const before = first.slice(0, equals);
  return !/:(\s|$)/.test(before);
}

function parseKeyValueLines(text: string): ParsedMapping {
  const entries: MapEntry[] = [];
  const problems: MappingProblem[] = [];
  const seen = new Set<string>();
  for (const line of meaningfulLines(text)) {
    const equals = line.indexOf('=');
    if (equals === -1) {
      problems.push({ value: line, message: `the line ${JSON.stringify(line)} has no "=": write key=value` });
      continue;
    }
    const key = line.slice(0, equals).trim();
    const value = line.slice(equals + 1).trim();
    if (key === '') {
      problems.push({ value: line, message: `the line ${JSON.stringify(line)} has no key before "="` });
      continue;
    }
    if (/,\s*[^\s,=]+=/.test(value)) {
      problems.push({
        value: line,
        message: `the line ${JSON.stringify(line)} looks like several pairs separated by commas: put each key=value on its own line`,
      });
      continue;
    }
    if (seen.has(key)) {
      problems.push({ value: line, message: `the key "${key}" is given twice: keep one` });
      continue;
    }
    seen.add(key);
    entries.push([key, value]);
  }
  return { entries, problems };
}

function parseYamlMapping(text: string): ParsedMapping {
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: true, prettyErrors: false });
  const error = doc.errors[0];
  if (error !== undefined) {
    const reason = error.code === 'DUPLICATE_KEY' ? 'a key is given twice' : error.message.split('\n')[0];
    return {
      entries: [],
      problems: [{ value: text, message: `not a valid mapping (${reason}): ${FORMATS_HINT}` }],
    };
  }
  if (!isMap(doc.contents)) {
    return { entries: [], problems: [{ value: text, message: `not a mapping: ${FORMATS_HINT}` }] };
  }
  return readMapItems(doc.contents.items);
}

function readMapItems(items: readonly Pair<unknown, unknown>[]): ParsedMapping {
  const entries: MapEntry[] = [];
  const problems: MappingProblem[] = [];
  for (const item of items) {
    const key = scalarText(item.key);
    if (key === undefined || key === '') {
      problems.push({ value: key ?? '', message: `an entry has an empty or complex key: ${FORMATS_HINT}` });
      continue;
    }
    const value = item.value === null || item.value === undefined ? '' : scalarText(item.value);
    if (value === undefined) {
      problems.push({
        value: key,
        message: `the value of "${key}" is a list, a mapping or an alias: give a plain string`,
      });
      continue;
    }
    entries.push([key, value]);
  }
  return { entries, problems };
}

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  return typeof node.value === 'string' ? node.value : undefined;
}
