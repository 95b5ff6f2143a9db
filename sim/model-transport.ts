/**
 * The simulator's model as an SDK transport: a Smithy `HttpHandler` (the `requestHandler` of an
 * AWS SDK client) that answers the serialized, signed HTTP request in-process, through the same
 * request handling as the HTTP server (`http/answer.ts`), without a socket. Everything above the
 * handler is the real SDK: serialization, SigV4 signing, the retry strategy, deserialization
 * and its error classes. A lost response surfaces as Node's `socket hang up` (ECONNRESET).
 */
import type { HttpHandlerOptions, HttpRequest, HttpResponse, QueryParameterBag } from '@smithy/types';
import { answerQueryRequest } from './http/answer.js';
import type { SimModel } from './model/model.js';

export interface ModelRequestHandler {
  readonly metadata: { readonly handlerProtocol: string };
  handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }>;
  updateHttpClientConfig(key: never, value: never): void;
  httpHandlerConfigs(): Record<string, never>;
  destroy(): void;
}

const encoder = new TextEncoder();

export function modelRequestHandler(model: SimModel): ModelRequestHandler {
  return {
    // HTTP/1.1 so the SDK adds (and signs) the Host header, as it does over the Node handler.
    metadata: { handlerProtocol: 'http/1.1' },
    async handle(request, options) {
      if (options?.abortSignal?.aborted) throw abortError();
      const answer = await answerQueryRequest(
        model,
        {
          method: request.method,
          path: request.path || '/',
          query: queryString(request.query),
          headers: lowerCased(request.headers),
          body: bodyBuffer(request.body),
        },
        { via: 'gateway' },
      );
      if (answer.lost) {
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      }
      return {
        response: {
          statusCode: answer.status,
          headers: { ...answer.headers },
          body: encoder.encode(answer.body),
        },
      };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}

function lowerCased(headers: HttpRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

function queryString(query: QueryParameterBag | undefined): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    const values = value === null ? [''] : Array.isArray(value) ? value : [value];
    for (const v of values) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(v)}`);
  }
  return parts.join('&');
}

function bodyBuffer(body: unknown): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return Buffer.from(body);
  throw new Error(
    'model transport: only string or byte bodies are supported (the Query protocol sends a form)',
  );
}

function abortError(): Error {
  return Object.assign(new Error('Request aborted'), { name: 'AbortError' });
}
