/**
 * The release gateway over GitHub's REST API with `@actions/github`'s octokit (proxy settings
 * of the runner honoured). Transient answers (5xx, a lost connection, a rate limit that says
 * when to come back within a minute) are retried on the injected clock; every other answer
 * becomes a `GitHubCallError` naming the call.
 */
import { getOctokit } from '@actions/github';
import type { Clock } from '../clock.js';
import { GitHubCallError, type Release, type ReleaseAsset, type ReleasesGateway } from './releases.js';

export interface GitHubConnection {
  readonly token: string;
  /** `https://api.github.com`, or GITHUB_API_URL on GitHub Enterprise Server. */
  readonly apiUrl: string;
  readonly repository: string;
  readonly clock: Clock;
  readonly signal?: AbortSignal | undefined;
}

/** Attempts per call, and the pause before each retry (ms). */
const RETRY_PAUSES_MS = [1_000, 4_000, 9_000];
/** A rate limit that asks for a longer pause than this is reported, not waited out. */
const LONGEST_RATE_LIMIT_WAIT_MS = 60_000;
/** How many releases are searched for a draft of the tag (GitHub does not find drafts by tag). */
const DRAFT_SEARCH_PAGES = 3;

type Octokit = ReturnType<typeof getOctokit>;

export function octokitReleases(connection: GitHubConnection): ReleasesGateway {
  const octokit = getOctokit(connection.token, {
    baseUrl: connection.apiUrl,
    request: { signal: connection.signal },
  });
  const [owner, repo] = connection.repository.split('/') as [string, string];
  const call = <T>(name: string, request: (o: Octokit) => Promise<T>) =>
    withRetries(name, () => request(octokit), connection);

  return {
    async findByTag(tag) {
      try {
        const { data } = await call('GET release by tag', (o) =>
          o.rest.repos.getReleaseByTag({ owner, repo, tag }),
        );
        return release(data);
      } catch (error) {
        if (!(error instanceof GitHubCallError) || error.status !== 404) throw error;
      }
      for (let page = 1; page <= DRAFT_SEARCH_PAGES; page++) {
        const { data } = await call('GET releases', (o) =>
          o.rest.repos.listReleases({ owner, repo, per_page: 100, page }),
        );
        const draft = data.find((r) => r.tag_name === tag);
        if (draft) return release(draft);
        if (data.length < 100) break;
      }
      return undefined;
    },
    async get(releaseId) {
      const { data } = await call('GET release', (o) =>
        o.rest.repos.getRelease({ owner, repo, release_id: releaseId }),
      );
      return release(data);
    },
    async create(tag, body) {
      const { data } = await call('POST release', (o) =>
        o.rest.repos.createRelease({ owner, repo, tag_name: tag, name: tag, body }),
      );
      return release(data);
    },
    async updateBody(releaseId, body) {
      const { data } = await call('PATCH release', (o) =>
        o.rest.repos.updateRelease({ owner, repo, release_id: releaseId, body }),
      );
      return release(data);
    },
    async listAssets(releaseId) {
      const assets = await call('GET release assets', (o) =>
        o.paginate(o.rest.repos.listReleaseAssets, { owner, repo, release_id: releaseId, per_page: 100 }),
      );
      return assets.map((a) => ({ id: a.id, name: a.name, url: a.browser_download_url }));
    },
    async deleteAsset(assetId) {
      await call('DELETE release asset', (o) =>
        o.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: assetId }),
      );
    },
    async uploadAsset(target, name, contentType, data) {
      const bytes = Buffer.from(data, 'utf8');
      const response = await call('POST release asset', (o) =>
        o.request({
          method: 'POST',
          url: target.uploadUrl,
          name,
          data: bytes,
          headers: { 'content-type': contentType, 'content-length': bytes.length },
        }),
      );
      const asset = response.data as { id: number; name: string; browser_download_url: string };
      return { id: asset.id, name: asset.name, url: asset.browser_download_url } satisfies ReleaseAsset;
    },
  };
}

function release(data: {
  id: number;
  tag_name: string;
  body?: string | null;
  draft: boolean;
  html_url: string;
  upload_url: string;
}): Release {
  return {
    id: data.id,
    tagName: data.tag_name,
    body: data.body ?? '',
    draft: data.draft,
    htmlUrl: data.html_url,
    uploadUrl: data.upload_url,
  };
}

async function withRetries<T>(
  name: string,
  request: () => Promise<T>,
  connection: GitHubConnection,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      const failure = callError(name, error);
      const pause =
        attempt < RETRY_PAUSES_MS.length
          ? retryPause(error, failure, attempt, connection.clock.now())
          : undefined;
      if (pause === undefined || connection.signal?.aborted) throw failure;
      await connection.clock.sleep(pause, connection.signal);
    }
  }
}

/** How long to wait before retrying, or undefined when the answer is final. */
function retryPause(
  error: unknown,
  failure: GitHubCallError,
  attempt: number,
  now: number,
): number | undefined {
  const base = RETRY_PAUSES_MS[attempt];
  if (failure.status === 0 || failure.status >= 500) return base;
  if (failure.status !== 403 && failure.status !== 429) return undefined;
  const headers =
    (error as { response?: { headers?: Record<string, string | undefined> } }).response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter >= 0)
    return retryAfter * 1000 <= LONGEST_RATE_LIMIT_WAIT_MS ? Math.max(retryAfter * 1000, 1000) : undefined;
  if (headers['x-ratelimit-remaining'] === '0') {
    const resetMs = Number(headers['x-ratelimit-reset']) * 1000 - now;
    return Number.isFinite(resetMs) && resetMs <= LONGEST_RATE_LIMIT_WAIT_MS
      ? Math.max(resetMs, 1000)
      : undefined;
  }
  return undefined;
}

function callError(name: string, error: unknown): GitHubCallError {
  if (error instanceof GitHubCallError) return error;
  const e = error as {
    status?: number;
    message?: string;
    response?: { data?: { message?: unknown; errors?: unknown } };
  };
  const data = e.response?.data;
  const message = typeof data?.message === 'string' ? data.message : (e.message ?? String(error));
  const codes = Array.isArray(data?.errors)
    ? data.errors.flatMap((item: unknown) =>
        typeof (item as { code?: unknown })?.code === 'string' ? [(item as { code: string }).code] : [],
      )
    : [];
  return new GitHubCallError(name, typeof e.status === 'number' ? e.status : 0, message, codes);
}
