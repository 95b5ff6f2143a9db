/**
 * A small IAM-like policy: explicit Deny wins, then any Allow, else denied. Actions are matched
 * case-insensitively with `*` / `?` wildcards (`ec2:Describe*`, `ec2:*`, `*`). Resources are
 * accepted but not evaluated (every statement applies to every resource).
 */
export interface PolicyStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
}

export interface Policy {
  readonly Statement: readonly PolicyStatement[];
}

export const ALLOW_ALL: Policy = { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** `action` is `service:Action`, e.g. `ec2:CopyImage`. */
export function policyAllows(policy: Policy, action: string): boolean {
  const matches = (statement: PolicyStatement) => {
    const patterns = typeof statement.Action === 'string' ? [statement.Action] : statement.Action;
    return patterns.some((pattern) => wildcardToRegExp(pattern, 'i').test(action));
  };
  if (policy.Statement.some((s) => s.Effect === 'Deny' && matches(s))) return false;
  return policy.Statement.some((s) => s.Effect === 'Allow' && matches(s));
}

/** `*` = any run of characters, `?` = exactly one; everything else literal. */
export function wildcardToRegExp(pattern: string, flags = ''): RegExp {
  const body = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, `s${flags}`);
}

/**
 * Every permission a request needs: its own action, plus `ec2:CreateTags` for a CopyImage that
 * tags at creation (TagSpecifications), as AWS requires ("tag on create").
 */
export function requiredPermissions(service: string, action: string, input: object): string[] {
  const needed = [`${service}:${action}`];
  const specs = (input as { TagSpecifications?: readonly { Tags?: readonly unknown[] }[] }).TagSpecifications;
  if (service === 'ec2' && action === 'CopyImage' && specs?.some((spec) => (spec.Tags ?? []).length > 0)) {
    needed.push('ec2:CreateTags');
  }
  return needed;
}
