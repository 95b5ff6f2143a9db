/**
 * AWS Signature Version 4, checked the way AWS checks it: rebuild the canonical request from
 * what arrived, sign it with the secret the model holds for the access key, and compare.
 * The credential scope names the region and the service the request is for.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedRequest {
  readonly method: string;
  /** Raw request target path, e.g. `/` (without the query). */
  readonly path: string;
  /** Raw query string without `?`. */
  readonly query: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export interface Authorization {
  readonly accessKeyId: string;
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;

/** undefined when there is no Authorization header; throws on a malformed one. */
export function parseAuthorization(header: string | undefined): Authorization | undefined {
  if (!header) return undefined;
  const match = AUTH_PATTERN.exec(header.trim());
  if (!match) throw new Error('malformed Authorization header');
  const [, accessKeyId, scopeDate, region, service, signedHeaders, signature] = match;
  return {
    accessKeyId: accessKeyId ?? '',
    scopeDate: scopeDate ?? '',
    region: region ?? '',
    service: service ?? '',
    signedHeaders: (signedHeaders ?? '').split(';'),
    signature: signature ?? '',
  };
}

export function headerValue(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** The signature AWS would compute for this request with `secretAccessKey`. */
export function expectedSignature(
  request: SignedRequest,
  auth: Authorization,
  secretAccessKey: string,
): string {
  const amzDate = headerValue(request.headers, 'x-amz-date') ?? '';
  const canonicalHeaders = auth.signedHeaders
    .map((name) => `${name}:${(headerValue(request.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const payloadHash = headerValue(request.headers, 'x-amz-content-sha256') ?? sha256Hex(request.body);
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(request.path),
    canonicalQuery(request.query),
    canonicalHeaders,
    auth.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${auth.scopeDate}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(Buffer.from(canonicalRequest))].join(
    '\n',
  );
  let key: Buffer = hmac(Buffer.from(`AWS4${secretAccessKey}`), auth.scopeDate);
  for (const part of [auth.region, auth.service, 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

export function signatureMatches(
  request: SignedRequest,
  auth: Authorization,
  secretAccessKey: string,
): boolean {
  const expected = Buffer.from(expectedSignature(request, auth, secretAccessKey), 'hex');
  const given = Buffer.from(auth.signature, 'hex');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** `x-amz-date` (yyyymmddThhmmssZ) as epoch ms, if well-formed. */
export function requestTime(headers: SignedRequest['headers']): number | undefined {
  const text = headerValue(headers, 'x-amz-date');
  const m = text ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text) : null;
  if (!m) return undefined;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

function canonicalPath(path: string): string {
  if (path === '' || path === '/') return '/';
  return path
    .split('/')
    .map((segment) => rfc3986(segment))
    .join('/');
}

function canonicalQuery(query: string): string {
  if (!query) return '';
  const pairs = query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const index = pair.indexOf('=');
      const key = decodeURIComponent((index < 0 ? pair : pair.slice(0, index)).replace(/\+/g, ' '));
      const value = index < 0 ? '' : decodeURIComponent(pair.slice(index + 1).replace(/\+/g, ' '));
      return [rfc3986(key), rfc3986(value)] as const;
    })
    .filter(([key]) => key !== 'X-Amz-Signature');
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
