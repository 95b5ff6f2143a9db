/**
 * The AWS Query wire format: `Filter.1.Name=name&Filter.1.Value.1=web-*` becomes a tree
 * `{ Filter: { '1': { Name: 'name', Value: { '1': 'web-*' } } } }`, then small typed readers
 * turn branches into strings, booleans, numbers and 1-based lists.
 */
import { awsError } from '../model/errors.js';

export type QueryTree = { [key: string]: QueryTree | string };

export function parseForm(text: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(text)) params.set(key, value);
  return params;
}

export function toTree(params: ReadonlyMap<string, string>, skip: (key: string) => boolean): QueryTree {
  const root: QueryTree = {};
  for (const [key, value] of params) {
    if (skip(key)) continue;
    const parts = key.split('.');
    let node = root;
    parts.forEach((part, index) => {
      if (index === parts.length - 1) {
        node[part] = value;
        return;
      }
      const next = node[part];
      if (typeof next === 'object') node = next;
      else {
        const created: QueryTree = {};
        node[part] = created;
        node = created;
      }
    });
  }
  return root;
}

export type Reader<T> = (value: QueryTree | string | undefined, name: string) => T | undefined;

export const str: Reader<string> = (value, name) => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw awsError('InvalidParameterValue', `Invalid value for parameter ${name}`);
  return value;
};

export const bool: Reader<boolean> = (value, name) => {
  const text = str(value, name);
  if (text === undefined) return undefined;
  if (text.toLowerCase() === 'true') return true;
  if (text.toLowerCase() === 'false') return false;
  throw awsError('InvalidParameterValue', `Invalid value '${text}' for boolean parameter ${name}`);
};

export const int: Reader<number> = (value, name) => {
  const text = str(value, name);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text))
    throw awsError('InvalidParameterValue', `Invalid value '${text}' for parameter ${name}`);
  return Number(text);
};

export const date: Reader<Date> = (value, name) => {
  const text = str(value, name);
  if (text === undefined) return undefined;
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime())) {
    throw awsError('InvalidParameterValue', `Invalid value '${text}' for parameter ${name}`);
  }
  return parsed;
};

/** `Name.1`, `Name.2`, … in index order. */
export function list<T>(item: Reader<T>): Reader<T[]> {
  return (value, name) => {
    if (value === undefined) return undefined;
    if (typeof value === 'string')
      throw awsError('InvalidParameterValue', `Invalid value for parameter ${name}`);
    return Object.keys(value)
      .filter((k) => /^\d+$/.test(k))
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => item(value[k], `${name}.${k}`))
      .filter((v): v is T => v !== undefined);
  };
}

/** A structure: each output field read from its wire member name. */
export function struct<T extends object>(
  fields: { [K in keyof T]: [wire: string, reader: Reader<T[K]>] },
): Reader<T> {
  return (value, name) => {
    if (value === undefined) return undefined;
    if (typeof value === 'string')
      throw awsError('InvalidParameterValue', `Invalid value for parameter ${name}`);
    const out: Record<string, unknown> = {};
    for (const [field, [wire, reader]] of Object.entries(fields) as [string, [string, Reader<unknown>]][]) {
      const read = reader(value[wire], `${name}.${wire}`);
      if (read !== undefined) out[field] = read;
    }
    return out as T;
  };
}

export const tag = struct<{ Key: string; Value: string }>({ Key: ['Key', str], Value: ['Value', str] });
export const filter = struct<{ Name: string; Values: string[] }>({
  Name: ['Name', str],
  Values: ['Value', list(str)],
});
