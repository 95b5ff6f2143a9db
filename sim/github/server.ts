/**
 * The GitHub REST stub's HTTP door on 127.0.0.1: reads and records each request, applies
 * failNext and the latency, lets routes.ts answer, and writes GitHub's headers.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBody } from '../http/read-body.js';
import type { StubAnswer } from './answers.js';
import { FailNext } from './fail-next.js';
import { INVALID_JSON, parseJsonBody, parseToken, pathSegments, type StubRequest } from './request.js';
import { route } from './routes.js';
import { findRelease, GitHubStore, publicAsset, publicRelease, publishedByTag } from './store.js';
import type { GitHubStubOptions, RecordedGitHubRequest, RunningGitHubStub } from './types.js';

/** Assets can be larger than API bodies; GitHub's own limit (2 GiB) is far beyond a test's needs. */
const MAX_BODY = 64 * 1024 * 1024;
const RATE_LIMIT = 5000;

export async function startGitHubStub(options: GitHubStubOptions = {}): Promise<RunningGitHubStub> {
  const host = options.host ?? '127.0.0.1';
  const store = new GitHubStore();
  const failures = new FailNext();
  const requests: RecordedGitHubRequest[] = [];
  const used = new Map<string, number>();
  let base = '';

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`GitHub stub bug: ${String(error)}`);
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, base);
    const body = await readBody(req, MAX_BODY);
    const token = parseToken(req.headers.authorization);
    const query = Object.fromEntries(url.searchParams);
    const record: RecordedGitHubRequest = {
      method,
      path: url.pathname,
      query,
      token,
      at: Date.now(),
      status: 0,
    };
    const contentType = req.headers['content-type'];
    const isUpload = url.pathname.startsWith('/uploads/');
    if (isUpload) {
      record.upload = {
        name: query.name ?? '',
        label: query.label ?? null,
        contentType: contentType ?? '',
        size: body.length,
        text: body.toString('utf8'),
      };
    } else {
      const json = parseJsonBody(body);
      if (json !== undefined && json !== INVALID_JSON) record.json = json;
    }
    requests.push(record);

    const injected = failures.take(method, url.pathname);
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    const segments = pathSegments(url.pathname);
    const request: StubRequest = {
      method,
      segments: segments ?? [],
      query,
      token,
      contentType,
      body,
      selfUrl: url.toString(),
    };
    const answer: StubAnswer =
      injected ??
      (segments ? route(store, { base }, request) : { status: 400, json: { message: 'Bad request' } });
    record.status = answer.status;
    res.writeHead(answer.status, { ...commonHeaders(token), ...answer.headers, ...bodyHeaders(answer) });
    res.end(answer.raw?.data ?? (answer.json === undefined ? undefined : JSON.stringify(answer.json)));
  }

  function commonHeaders(token: string | undefined): Record<string, string> {
    const count = (used.get(token ?? '') ?? 0) + 1;
    used.set(token ?? '', count);
    return {
      'x-github-request-id': requestId(),
      'x-github-media-type': 'github.v3; format=json',
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(Math.max(0, RATE_LIMIT - count)),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': String(count),
      'x-ratelimit-resource': 'core',
    };
  }

  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  base = `http://${host}:${port}`;

  return {
    url: base,
    addRepository: (fullName) => {
      store.addRepository(fullName);
    },
    addToken: (token, contents) => store.addToken(token, contents),
    seedRelease: (repo, spec) => {
      const record = store.requireRepository(repo);
      if (!spec.draft && publishedByTag(record, spec.tag))
        throw new Error(`${repo} has a release ${spec.tag}`);
      return publicRelease(
        store.createRelease(record, {
          tagName: spec.tag,
          name: spec.name,
          body: spec.body,
          draft: spec.draft,
          prerelease: spec.prerelease,
        }),
      );
    },
    seedAsset: (repo, releaseId, name, data, contentType = 'application/octet-stream') => {
      const release = findRelease(store.requireRepository(repo), releaseId);
      if (!release) throw new Error(`no release ${releaseId} in ${repo}`);
      if (release.assets.some((asset) => asset.name === name)) throw new Error(`asset ${name} exists`);
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
      return publicAsset(store.addAsset(release, { name, label: null, contentType, data: bytes }));
    },
    releases: (repo) => store.requireRepository(repo).releases.map(publicRelease),
    requests,
    failNext: (count, failOptions) => failures.add(count, failOptions),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function bodyHeaders(answer: StubAnswer): Record<string, string> {
  if (answer.raw)
    return { 'content-type': answer.raw.contentType, 'content-length': String(answer.raw.data.length) };
  if (answer.json === undefined) return {};
  return { 'content-type': 'application/json; charset=utf-8' };
}

/** GitHub's form: five colon-separated hex groups. */
function requestId(): string {
  const hex = randomBytes(12).toString('hex').toUpperCase();
  return [hex.slice(0, 4), hex.slice(4, 8), hex.slice(8, 14), hex.slice(14, 20), hex.slice(20, 24)].join(':');
}
