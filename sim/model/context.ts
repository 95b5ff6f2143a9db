/** Who is calling, where, and when: what every model operation receives. */
export interface CallContext {
  readonly accountId: string;
  readonly region: string;
  /** Model-clock ms of the call. */
  readonly now: number;
  /** ARN of the calling principal (for error messages). */
  readonly principalArn: string;
}

/** A page of results with AWS's opaque continuation token. */
export function paginate<T>(
  items: readonly T[],
  maxResults: number | undefined,
  nextToken: string | undefined,
) {
  const start = nextToken ? Number.parseInt(Buffer.from(nextToken, 'base64').toString('utf8'), 10) || 0 : 0;
  if (!maxResults) return { page: items.slice(start), nextToken: undefined };
  const end = start + maxResults;
  const token = end < items.length ? Buffer.from(String(end)).toString('base64') : undefined;
  return { page: items.slice(start, end), nextToken: token };
}

export const isoTime = (ms: number): string => new Date(ms).toISOString();

/** AWS's format for DeprecationTime and the like: `YYYY-MM-DDTHH:MM:SSZ`, no milliseconds. */
export const secondsIsoTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
