/**
 * Name and description rules for the copies: the template language of the `name` and
 * `description` inputs, and AWS's limits for AMI names and descriptions. Pure.
 *
 * Template language: `{token}` is replaced by a value; every other character is literal.
 * Braces are always token delimiters (there is no escape), so an unknown token or a lone
 * `{` / `}` is an error rather than a silent literal.
 */

export const TEMPLATE_TOKENS = [
  'name',
  'region',
  'source-region',
  'source-ami-id',
  'date',
  'timestamp',
] as const;
export type TemplateToken = (typeof TEMPLATE_TOKENS)[number];
export type TemplateValues = Readonly<Record<TemplateToken, string>>;
export type TemplatePart = { readonly literal: string } | { readonly token: TemplateToken };

export const AMI_NAME_MIN_LENGTH = 3;
export const AMI_NAME_MAX_LENGTH = 128;
export const DESCRIPTION_MAX_LENGTH = 255;

/** Characters AWS accepts in an AMI name, besides ASCII letters and digits. */
const NAME_PUNCTUATION = "()[]./-'@_ ";

export function isTemplateToken(text: string): text is TemplateToken {
  return (TEMPLATE_TOKENS as readonly string[]).includes(text);
}

const TOKEN_LIST = TEMPLATE_TOKENS.map((token) => `{${token}}`).join(', ');

export function parseTemplate(
  template: string,
):
  | { readonly ok: true; readonly parts: readonly TemplatePart[] }
  | { readonly ok: false; readonly problem: string } {
  const parts: TemplatePart[] = [];
  let literal = '';
  let index = 0;
  while (index < template.length) {
    const char = template[index] as string;
    if (char === '}') {
      return { ok: false, problem: `has a "}" at position ${index + 1} with no "{" before it` };
    }
    if (char !== '{') {
      literal += char;
      index += 1;
      continue;
    }
    const close = template.indexOf('}', index + 1);
    const nextOpen = template.indexOf('{', index + 1);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      return { ok: false, problem: `has a "{" at position ${index + 1} that is never closed with "}"` };
    }
    const token = template.slice(index + 1, close);
    if (!isTemplateToken(token)) {
      return { ok: false, problem: `uses the unknown token "{${token}}"; the tokens are ${TOKEN_LIST}` };
    }
    if (literal !== '') parts.push({ literal });
    literal = '';
    parts.push({ token });
    index = close + 1;
  }
  if (literal !== '') parts.push({ literal });
  return { ok: true, parts };
}

export function expandParts(parts: readonly TemplatePart[], values: TemplateValues): string {
  return parts.map((part) => ('token' in part ? values[part.token] : part.literal)).join('');
}

/** Expands a template that has already been validated; throws on an invalid one (a programming error). */
export function expandTemplate(template: string, values: TemplateValues): string {
  const parsed = parseTemplate(template);
  if (!parsed.ok) throw new Error(`Invalid template "${template}": ${parsed.problem}`);
  return expandParts(parsed.parts, values);
}

/** The distinct characters of `text` that AWS does not accept in an AMI name, in order of appearance. */
export function invalidNameCharacters(text: string): string[] {
  const found: string[] = [];
  for (const char of text) {
    const allowed = /^[A-Za-z0-9]$/.test(char) || NAME_PUNCTUATION.includes(char);
    if (!allowed && !found.includes(char)) found.push(char);
  }
  return found;
}

export function describeCharacters(chars: readonly string[]): string {
  return chars.map((char) => JSON.stringify(char)).join(', ');
}

/** What is wrong with an AMI name, or undefined when AWS accepts it. */
export function checkAmiName(name: string): string | undefined {
  const bad = invalidNameCharacters(name);
  if (bad.length > 0) {
    return `contains ${describeCharacters(bad)}; AMI names may contain only letters, digits, spaces and ( ) [ ] . / - ' @ _`;
  }
  if (name.length < AMI_NAME_MIN_LENGTH) {
    return `is ${name.length} characters long; AMI names need at least ${AMI_NAME_MIN_LENGTH}`;
  }
  if (name.length > AMI_NAME_MAX_LENGTH) {
    return `is ${name.length} characters long; AMI names may have at most ${AMI_NAME_MAX_LENGTH}`;
  }
  return undefined;
}

/** Length in characters as AWS counts them (Unicode code points, not UTF-16 units). */
export function characterCount(text: string): number {
  return [...text].length;
}

/** What is wrong with an image description, or undefined when AWS accepts it. */
export function checkImageDescription(description: string): string | undefined {
  const length = characterCount(description);
  if (length > DESCRIPTION_MAX_LENGTH) {
    return `is ${length} characters long; image descriptions may have at most ${DESCRIPTION_MAX_LENGTH}`;
  }
  return undefined;
}

/** `{date}`: the UTC day, YYYY-MM-DD. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** `{timestamp}`: UTC, YYYYMMDDhhmmss. */
export function utcTimestamp(at: Date): string {
  return at.toISOString().slice(0, 19).replace(/[-T:]/g, '');
}
