/**
 * SSM parameter names, as Parameter Store takes them: at most 1011 characters, letters,
 * digits and `_ . - /`; a name with a `/` is a path and starts with one; at most 15 levels;
 * no name (or first level) starting with `aws` or `ssm`, in any case. Pure.
 */
export const PARAMETER_NAME_MAX_LENGTH = 1011;
const MAX_LEVELS = 15;
const ALLOWED = /^[A-Za-z0-9_.\-/]$/;

/** What is wrong with a parameter name (a sentence part), or undefined when it is fine. */
export function parameterNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name.length > PARAMETER_NAME_MAX_LENGTH)
    return `is ${name.length} characters long; Parameter Store allows ${PARAMETER_NAME_MAX_LENGTH}`;
  const bad = [...new Set([...name].filter((c) => !ALLOWED.test(c)))];
  if (bad.length > 0)
    return `has ${bad.map((c) => JSON.stringify(c)).join(', ')}; a parameter name may hold only letters, digits and _ . - /`;
  if (name.includes('/') && !name.startsWith('/'))
    return 'is a path that does not start with "/"; write it fully qualified, e.g. /images/web/latest';
  if (name.includes('//')) return 'has an empty level ("//")';
  if (name.endsWith('/')) return 'ends with "/"; name the parameter after the last "/"';
  const levels = name.split('/').filter(Boolean);
  if (levels.length > MAX_LEVELS) return `has ${levels.length} levels; Parameter Store allows ${MAX_LEVELS}`;
  if (/^(aws|ssm)/i.test(levels[0] ?? ''))
    return 'starts with "aws" or "ssm", which Parameter Store reserves';
  return undefined;
}
