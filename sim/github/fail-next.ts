/** failNext: the next N matching requests answer a status (default 502) and change nothing. */
import { STATUS_CODES } from 'node:http';
import type { StubAnswer } from './answers.js';

interface FailureRule {
  remaining: number;
  status: number;
  method: string | undefined;
  pathIncludes: string | undefined;
}

export class FailNext {
  private readonly rules: FailureRule[] = [];

  add(count: number, options: { status?: number; method?: string; pathIncludes?: string } = {}): void {
    if (!Number.isInteger(count) || count < 1)
      throw new Error(`failNext count must be a positive integer: ${count}`);
    this.rules.push({
      remaining: count,
      status: options.status ?? 502,
      method: options.method?.toUpperCase(),
      pathIncludes: options.pathIncludes,
    });
  }

  /** The injected answer for this request, using up one of the first matching rule's count. */
  take(method: string, path: string): StubAnswer | undefined {
    const rule = this.rules.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.method === undefined || candidate.method === method) &&
        (candidate.pathIncludes === undefined || path.includes(candidate.pathIncludes)),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.rules.splice(this.rules.indexOf(rule), 1);
    return { status: rule.status, json: { message: STATUS_CODES[rule.status] ?? 'Injected failure' } };
  }
}
