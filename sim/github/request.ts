/** A request as the routes see it: decoded path segments, query, token, body. */

export interface StubRequest {
  method: string;
  /** Path segments, each URL-decoded (so `v1%2Frc` is one segment `v1/rc`). */
  segments: string[];
  query: Record<string, string>;
  /** From `Authorization: token X` or `Bearer X`; undefined when absent or in another scheme. */
  token: string | undefined;
  contentType: string | undefined;
  body: Buffer;
  /** The request's absolute URL on the stub (for Link headers). */
  selfUrl: string;
}

export function parseToken(authorization: string | undefined): string | undefined {
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

/** Segments of a raw path; undefined for malformed percent-encoding. */
export function pathSegments(rawPath: string): string[] | undefined {
  try {
    return rawPath
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

/** A JSON request body: `undefined` when empty, `INVALID` when it does not parse. */
export const INVALID_JSON = Symbol('invalid JSON');

export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return INVALID_JSON;
  }
}
