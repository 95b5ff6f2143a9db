/**
 * A small IAM identity-policy evaluator, pure: a statement applies to a request when its Action
 * matches, its Resource matches and every one of its conditions holds; an applying Deny wins,
 * then an applying Allow, else the request is implicitly denied.
 *
 * - Action: case-insensitive, `*` / `?` wildcards (`ec2:Describe*`, `ec2:*`, `*`).
 * - Resource: case-sensitive ARN patterns, wildcards as IAM documents them (see `arnMatches`),
 *   `*` alone matches everything. A statement without Resource applies to every resource (IAM
 *   would refuse such a policy; the simulator's tests write them).
 *   A request whose resource is undefined is not resource-checked (see `AuthorizationRequest`).
 * - Condition: operators AND, keys AND, the values of one key OR. Operators `StringEquals`,
 *   `StringNotEquals`, `StringEqualsIgnoreCase`, `StringNotEqualsIgnoreCase`, `StringLike`,
 *   `StringNotLike`, `Bool` (each also `...IfExists`), `Null`; set qualifiers `ForAllValues:` and
 *   `ForAnyValue:`. Key names are case-insensitive, values case-sensitive (except ...IgnoreCase).
 *   A key missing from the request makes a positive operator false and a negated one
 *   (`...Not...`) true, as IAM documents; `...IfExists` is true, `ForAllValues:` true,
 *   `ForAnyValue:` false. Policy variables (`${aws:username}`) are not expanded.
 */

export type ConditionValue = string | boolean | readonly (string | boolean)[];

/** `{ operator: { conditionKey: value(s) } }`, as in a policy document. */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, ConditionValue>>>>;

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: ConditionBlock;
}

export interface Policy {
  readonly Version?: string;
  readonly Statement: readonly PolicyStatement[];
}

export const ALLOW_ALL: Policy = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** Condition keys of a request, by key name lower-cased (see `requestContext`). */
export type RequestContext = Readonly<Record<string, readonly string[]>>;

export interface AuthorizationRequest {
  /** `service:Action`, e.g. `ec2:CopyImage`. */
  readonly action: string;
  /**
   * The resource's ARN, or `*` for actions without resource-level permissions (then only a
   * statement whose Resource matches the string `*` applies, as in IAM). Undefined: resources
   * are not modelled for this request and every statement's Resource applies.
   */
  readonly resource?: string | undefined;
  readonly context?: RequestContext;
}

export type Decision = 'allow' | 'implicit-deny' | 'explicit-deny';

/** Builds a request context; keys are stored lower-cased because IAM compares them so. */
export function requestContext(
  entries: Iterable<readonly [key: string, values: string | readonly string[]]>,
): RequestContext {
  const context: Record<string, string[]> = {};
  for (const [key, values] of entries) {
    const list = typeof values === 'string' ? [values] : values;
    const name = key.toLowerCase();
    context[name] = [...(context[name] ?? []), ...list];
  }
  return context;
}

export function evaluatePolicy(policy: Policy, request: AuthorizationRequest): Decision {
  const applying = policy.Statement.filter((s) => statementApplies(s, request));
  if (applying.some((s) => s.Effect === 'Deny')) return 'explicit-deny';
  return applying.some((s) => s.Effect === 'Allow') ? 'allow' : 'implicit-deny';
}

export function policyAllows(policy: Policy, request: AuthorizationRequest): boolean {
  return evaluatePolicy(policy, request) === 'allow';
}

function statementApplies(statement: PolicyStatement, request: AuthorizationRequest): boolean {
  const actions = list(statement.Action);
  if (!actions.some((pattern) => wildcardToRegExp(pattern, 'i').test(request.action))) return false;
  if (request.resource !== undefined && statement.Resource !== undefined) {
    const resource = request.resource;
    if (!list(statement.Resource).some((pattern) => arnMatches(pattern, resource))) return false;
  }
  return conditionsHold(statement.Condition ?? {}, request.context ?? {});
}

/**
 * IAM's ARN wildcards: `*` and `?` stay within a colon-separated segment, except that a `*`
 * ending a segment may run on across colons (so `arn:aws:ec2:*` covers every EC2 ARN).
 */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const body = pattern
    .split('')
    .map((ch, i) => {
      if (ch === '*') return pattern[i + 1] === ':' || i === pattern.length - 1 ? '.*' : '[^:]*';
      if (ch === '?') return '[^:]';
      return literal(ch);
    })
    .join('');
  return new RegExp(`^${body}$`, 's').test(arn);
}

function conditionsHold(block: ConditionBlock, context: RequestContext): boolean {
  return Object.entries(block).every(([operator, keys]) =>
    Object.entries(keys).every(([key, value]) =>
      conditionHolds(operator, context[key.toLowerCase()], list(value).map(String)),
    ),
  );
}

interface Comparison {
  /** Whether one request value matches one policy value. */
  readonly match: (requestValue: string, policyValue: string) => boolean;
  /** Negated operators hold when the request value matches none of the policy values. */
  readonly negated: boolean;
}

const COMPARISONS: Readonly<Record<string, Comparison>> = {
  StringEquals: { match: (a, b) => a === b, negated: false },
  StringNotEquals: { match: (a, b) => a === b, negated: true },
  StringEqualsIgnoreCase: { match: (a, b) => a.toLowerCase() === b.toLowerCase(), negated: false },
  StringNotEqualsIgnoreCase: { match: (a, b) => a.toLowerCase() === b.toLowerCase(), negated: true },
  StringLike: { match: (a, b) => wildcardToRegExp(b).test(a), negated: false },
  StringNotLike: { match: (a, b) => wildcardToRegExp(b).test(a), negated: true },
  Bool: { match: (a, b) => a.toLowerCase() === b.toLowerCase(), negated: false },
};

function conditionHolds(operator: string, present: readonly string[] | undefined, wanted: string[]): boolean {
  const qualified = /^(ForAllValues|ForAnyValue):(.+)$/.exec(operator);
  const qualifier = qualified?.[1];
  let base = qualified?.[2] ?? operator;
  const ifExists = base.endsWith('IfExists');
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  const values = present ?? [];

  if (base === 'Null' && !qualifier && !ifExists) {
    // "true" = the key must be absent, "false" = present; several values OR.
    return wanted.some((w) => (w.toLowerCase() === 'true') === (values.length === 0));
  }
  const comparison = COMPARISONS[base];
  if (!comparison) throw new Error(`policy condition operator ${operator} is not supported by the simulator`);

  const holdsFor = (value: string) => wanted.some((w) => comparison.match(value, w)) !== comparison.negated;
  if (qualifier === 'ForAllValues') return values.every(holdsFor);
  if (qualifier === 'ForAnyValue') return values.some(holdsFor);
  if (values.length === 0) return ifExists || comparison.negated;
  // A plain operator on a multivalued key: positive = some value matches, negated = none does.
  return comparison.negated ? values.every(holdsFor) : values.some(holdsFor);
}

function list<T>(value: T | readonly T[]): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

/** `*` = any run of characters, `?` = exactly one; everything else literal. */
export function wildcardToRegExp(pattern: string, flags = ''): RegExp {
  const body = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : literal(ch)))
    .join('');
  return new RegExp(`^${body}$`, `s${flags}`);
}

function literal(ch: string): string {
  return ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
}
