/**
 * The input constraints of SSM's API model (required members, lengths, enums, ranges), reported
 * the way AWS's JSON services report them: every failure of one request collected into a single
 * ValidationException, "N validation errors detected: Value … at 'member' failed to satisfy
 * constraint: …". Member paths are the model's names with a lower-case first letter.
 */
import { awsError } from './errors.js';

export class Constraints {
  private readonly errors: string[] = [];

  notNull(value: unknown, member: string): this {
    if (value === undefined || value === null) {
      this.errors.push(`Value null at '${member}' failed to satisfy constraint: Member must not be null`);
    }
    return this;
  }

  length(value: string | undefined, member: string, min: number, max?: number): this {
    if (value === undefined) return this;
    if (value.length < min)
      this.fail(value, member, `Member must have length greater than or equal to ${min}`);
    if (max !== undefined && value.length > max) {
      this.fail(value, member, `Member must have length less than or equal to ${max}`);
    }
    return this;
  }

  /** Lengths of a list member; AWS prints the list as `[a, b]`. */
  count(values: readonly unknown[] | undefined, member: string, min: number, max: number): this {
    if (values === undefined) return this;
    const shown = `[${values.map(String).join(', ')}]`;
    if (values.length < min)
      this.fail(shown, member, `Member must have length greater than or equal to ${min}`);
    if (values.length > max) this.fail(shown, member, `Member must have length less than or equal to ${max}`);
    return this;
  }

  enumOf(value: string | undefined, member: string, allowed: readonly string[]): this {
    if (value !== undefined && !allowed.includes(value)) {
      this.fail(value, member, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
    }
    return this;
  }

  range(value: number | undefined, member: string, min: number, max: number): this {
    if (value === undefined) return this;
    if (value < min)
      this.fail(String(value), member, `Member must have value greater than or equal to ${min}`);
    if (value > max) this.fail(String(value), member, `Member must have value less than or equal to ${max}`);
    return this;
  }

  pattern(value: string | undefined, member: string, pattern: RegExp, shown: string): this {
    if (value !== undefined && !pattern.test(value)) {
      this.fail(value, member, `Member must satisfy regular expression pattern: ${shown}`);
    }
    return this;
  }

  /** Throws the collected failures as one ValidationException (nothing when there are none). */
  check(): void {
    const n = this.errors.length;
    if (n === 0) return;
    throw awsError(
      'ValidationException',
      `${n} validation error${n > 1 ? 's' : ''} detected: ${this.errors.join('; ')}`,
    );
  }

  private fail(value: string, member: string, constraint: string): void {
    this.errors.push(`Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`);
  }
}

export const TAG_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
export const TAG_PATTERN_TEXT = '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$';

export interface SsmTag {
  readonly Key?: string;
  readonly Value?: string;
}

/** The model's constraints on a list of tags (`member` is e.g. `tags`). */
export function tagConstraints(
  constraints: Constraints,
  tags: readonly SsmTag[] | undefined,
  member: string,
) {
  constraints.count(tags, member, 0, 1000);
  (tags ?? []).forEach((tag, i) => {
    const at = `${member}.${i + 1}.member`;
    constraints
      .notNull(tag.Key, `${at}.key`)
      .length(tag.Key, `${at}.key`, 1, 128)
      .pattern(tag.Key, `${at}.key`, TAG_PATTERN, TAG_PATTERN_TEXT)
      .notNull(tag.Value, `${at}.value`)
      .length(tag.Value, `${at}.value`, 0, 256)
      .pattern(tag.Value, `${at}.value`, TAG_PATTERN, TAG_PATTERN_TEXT);
  });
  return constraints;
}
