/**
 * SSM's JSON 1.1 bodies: the request members each action knows (with their JSON types; a
 * member of the wrong type answers SerializationException, a member the action does not know
 * is ignored, as AWS's JSON services do), the error document `{"__type", "message"}`, and the
 * answers, with timestamps as epoch seconds.
 */
import { awsError, type SimAwsError } from '../model/errors.js';
import type { SsmAction, SsmInputs } from '../model/ssm-operations.js';

type Kind = 'string' | 'boolean' | 'integer' | 'strings' | 'tags';

const RESOURCE = { ResourceType: 'string', ResourceId: 'string' } as const;

const MEMBERS: { readonly [A in SsmAction]: Readonly<Record<string, Kind>> } = {
  PutParameter: {
    Name: 'string',
    Description: 'string',
    Value: 'string',
    Type: 'string',
    KeyId: 'string',
    Overwrite: 'boolean',
    AllowedPattern: 'string',
    Tags: 'tags',
    Tier: 'string',
    Policies: 'string',
    DataType: 'string',
  },
  GetParameter: { Name: 'string', WithDecryption: 'boolean' },
  GetParameters: { Names: 'strings', WithDecryption: 'boolean' },
  GetParameterHistory: {
    Name: 'string',
    WithDecryption: 'boolean',
    MaxResults: 'integer',
    NextToken: 'string',
  },
  DeleteParameter: { Name: 'string' },
  AddTagsToResource: { ...RESOURCE, Tags: 'tags' },
  RemoveTagsFromResource: { ...RESOURCE, TagKeys: 'strings' },
  ListTagsForResource: RESOURCE,
};

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** The body as JSON (an empty body is `{}`), or SerializationException. */
export function parseJsonBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw serialization('The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw serialization('The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

/** The members `action` knows, type-checked; null members count as absent. */
export function decodeSsmInput<A extends SsmAction>(action: A, json: Record<string, unknown>): SsmInputs[A] {
  const members = MEMBERS[action];
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(json)) {
    const kind = members[name];
    if (kind === undefined || value === null) continue;
    if (!fits(kind, value)) throw serialization(`Unexpected value for ${name}: expected ${describe(kind)}.`);
    out[name] = value;
  }
  return out as SsmInputs[A];
}

function fits(kind: Kind, value: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'strings':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'tags':
      return (
        Array.isArray(value) &&
        value.every(
          (t) =>
            typeof t === 'object' &&
            t !== null &&
            !Array.isArray(t) &&
            Object.entries(t).every(([k, v]) => !['Key', 'Value'].includes(k) || typeof v === 'string'),
        )
      );
  }
}

function describe(kind: Kind): string {
  return {
    string: 'a string',
    boolean: 'a boolean',
    integer: 'an integer',
    strings: 'a list of strings',
    tags: 'a list of tags',
  }[kind];
}

const serialization = (message: string) => awsError('SerializationException', message);

/** AWS's JSON error document; errors modelled without a message (ParameterNotFound…) have none. */
export function ssmErrorBody(error: SimAwsError): string {
  return JSON.stringify({ __type: error.code, ...(error.message ? { message: error.message } : {}) });
}

/** The answer as JSON, Dates as epoch seconds (what the SDK and botocore read for timestamps). */
export function ssmResponseBody(result: object): string {
  return JSON.stringify(withEpochSeconds(result));
}

function withEpochSeconds(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(withEpochSeconds);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withEpochSeconds(v)]));
  }
  return value;
}
