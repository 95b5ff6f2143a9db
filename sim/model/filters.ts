/**
 * EC2 `Filter.N` semantics: filters are ANDed, the values of one filter ORed, and values may
 * use `*` (any run) and `?` (one character) wildcards. Unknown filter names are refused as AWS does.
 */
import { awsError } from './errors.js';
import { wildcardToRegExp } from './policy.js';

export interface Filter {
  readonly Name?: string;
  readonly Values?: readonly string[];
}

/** For one resource, the values a filter name can match (undefined = unknown filter name). */
export type FilterValues = (name: string) => readonly string[] | undefined;

export function matchesFilters(filters: readonly Filter[] | undefined, valuesOf: FilterValues): boolean {
  for (const filter of filters ?? []) {
    const name = filter.Name ?? '';
    const have = valuesOf(name);
    if (have === undefined) throw awsError('InvalidParameterValue', `The filter '${name}' is invalid`);
    const wanted = (filter.Values ?? []).map((v) => wildcardToRegExp(v));
    if (!wanted.some((re) => have.some((value) => re.test(value)))) return false;
  }
  return true;
}

/** Values for the tag filters every taggable resource supports (`tag:K`, `tag-key`, `tag-value`). */
export function tagFilterValues(
  name: string,
  tags: ReadonlyMap<string, string>,
): readonly string[] | undefined {
  if (name.startsWith('tag:')) {
    const value = tags.get(name.slice(4));
    return value === undefined ? [] : [value];
  }
  if (name === 'tag-key') return [...tags.keys()];
  if (name === 'tag-value') return [...tags.values()];
  return undefined;
}
