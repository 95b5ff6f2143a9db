/** What makes two CopyImage requests with one ClientToken "the same" (idempotency). */
import type { CopyImageRequest } from '@aws-sdk/client-ec2';

/** Every parameter but the token and DryRun, in a canonical order. */
export function fingerprint(input: CopyImageRequest): string {
  const { ClientToken: _token, DryRun: _dryRun, ...rest } = input;
  return canonical(rest);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
