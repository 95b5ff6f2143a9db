/**
 * The routes: authentication, then the repository (hidden from a token without `contents`),
 * then the write check, then the operation. Each answers a StubAnswer; nothing here knows HTTP.
 */
import {
  badCredentials,
  DOC_PAGE,
  type DocPage,
  notAccessible,
  notFound,
  type StubAnswer,
  validationFailed,
} from './answers.js';
import { assetName } from './asset-names.js';
import { paginate } from './pagination.js';
import { parseReleaseInput } from './release-input.js';
import { parseJsonBody, type StubRequest } from './request.js';
import {
  findAsset,
  findRelease,
  type GitHubStore,
  newestFirst,
  publishedByTag,
  type ReleaseRecord,
  type RepositoryRecord,
} from './store.js';
import type { ContentsPermission } from './types.js';
import { assetJson, releaseJson, type WireUrls } from './wire-json.js';

interface Context {
  store: GitHubStore;
  urls: WireUrls;
  request: StubRequest;
  repo: RepositoryRecord;
  canWrite: boolean;
}

export function route(store: GitHubStore, urls: WireUrls, request: StubRequest): StubAnswer {
  const [first, ...rest] = request.segments;
  if (first === 'download' && request.method === 'GET') return download(store, request, rest);
  const permission = request.token === undefined ? undefined : store.permission(request.token);
  if (permission === undefined) return badCredentials();
  if (first === 'uploads' && rest[0] === 'repos') {
    const [, owner, name, releases, id, assets, ...more] = rest;
    if (releases !== 'releases' || assets !== 'assets' || more.length > 0 || request.method !== 'POST') {
      return notFound(DOC_PAGE.root);
    }
    return inRepository(store, urls, request, permission, owner, name, DOC_PAGE.uploadAsset, (context) =>
      upload(context, id),
    );
  }
  if (first !== 'repos') return notFound(DOC_PAGE.root);
  const [owner, name, releases, ...path] = rest;
  if (releases !== 'releases') return notFound(DOC_PAGE.root);
  const operation = releaseOperation(request.method, path);
  if (!operation) return notFound(DOC_PAGE.root);
  return inRepository(store, urls, request, permission, owner, name, operation.doc, operation.run);
}

function inRepository(
  store: GitHubStore,
  urls: WireUrls,
  request: StubRequest,
  permission: ContentsPermission,
  owner: string | undefined,
  name: string | undefined,
  doc: DocPage,
  run: (context: Context) => StubAnswer,
): StubAnswer {
  const repo = owner && name ? store.repository(owner, name) : undefined;
  if (!repo || permission === 'none') return notFound(doc);
  if (request.method !== 'GET' && permission !== 'write') return notAccessible(doc);
  return run({ store, urls, request, repo, canWrite: permission === 'write' });
}

interface Operation {
  doc: DocPage;
  run: (context: Context) => StubAnswer;
}

function releaseOperation(method: string, path: string[]): Operation | undefined {
  const [head, second, ...more] = path;
  if (head === undefined) {
    if (method === 'GET') return { doc: DOC_PAGE.listReleases, run: listReleases };
    if (method === 'POST') return { doc: DOC_PAGE.createRelease, run: createRelease };
    return undefined;
  }
  if (head === 'tags' && second !== undefined && method === 'GET') {
    // A tag with `/` may come encoded (one segment) or not (several); both name the same tag.
    const tag = [second, ...more].join('/');
    return { doc: DOC_PAGE.getReleaseByTag, run: (context) => releaseByTag(context, tag) };
  }
  if (head === 'assets' && second !== undefined && more.length === 0) {
    if (method === 'GET') return { doc: DOC_PAGE.getAsset, run: (context) => getAsset(context, second) };
    if (method === 'DELETE')
      return { doc: DOC_PAGE.deleteAsset, run: (context) => deleteAsset(context, second) };
    return undefined;
  }
  if (second === undefined) {
    if (method === 'GET') return { doc: DOC_PAGE.getRelease, run: (context) => getRelease(context, head) };
    if (method === 'PATCH')
      return { doc: DOC_PAGE.updateRelease, run: (context) => updateRelease(context, head) };
    if (method === 'DELETE')
      return { doc: DOC_PAGE.deleteRelease, run: (context) => deleteRelease(context, head) };
    return undefined;
  }
  if (second === 'assets' && more.length === 0 && method === 'GET') {
    return { doc: DOC_PAGE.listAssets, run: (context) => listAssets(context, head) };
  }
  return undefined;
}

/** A release the token may see: drafts only with `write`. */
function visibleRelease(context: Context, rawId: string | undefined): ReleaseRecord | undefined {
  const id = numericId(rawId);
  const release = id === undefined ? undefined : findRelease(context.repo, id);
  return release && (!release.draft || context.canWrite) ? release : undefined;
}

function listReleases(context: Context): StubAnswer {
  const visible = newestFirst(context.repo.releases).filter((release) => !release.draft || context.canWrite);
  const page = paginate(visible, context.request.query, context.request.selfUrl);
  return {
    status: 200,
    json: page.items.map((release) => releaseJson(context.urls, context.repo, release)),
    ...(page.link ? { headers: { link: page.link } } : {}),
  };
}

function releaseByTag(context: Context, tag: string): StubAnswer {
  const release = publishedByTag(context.repo, tag);
  if (!release) return notFound(DOC_PAGE.getReleaseByTag);
  return { status: 200, json: releaseJson(context.urls, context.repo, release) };
}

function getRelease(context: Context, rawId: string): StubAnswer {
  const release = visibleRelease(context, rawId);
  if (!release) return notFound(DOC_PAGE.getRelease);
  return { status: 200, json: releaseJson(context.urls, context.repo, release) };
}

function createRelease(context: Context): StubAnswer {
  const parsed = parseReleaseInput(parseJsonBody(context.request.body), DOC_PAGE.createRelease, true);
  if ('refusal' in parsed) return parsed.refusal;
  const { input } = parsed;
  const tagName = input.tagName ?? '';
  // Only a published release holds its tag: GitHub accepts a second draft for the same tag.
  if (publishedByTag(context.repo, tagName)) return tagTaken(DOC_PAGE.createRelease);
  const release = context.store.createRelease(context.repo, { ...input, tagName });
  return { status: 201, json: releaseJson(context.urls, context.repo, release) };
}

function updateRelease(context: Context, rawId: string): StubAnswer {
  const release = visibleRelease(context, rawId);
  if (!release) return notFound(DOC_PAGE.updateRelease);
  const parsed = parseReleaseInput(parseJsonBody(context.request.body), DOC_PAGE.updateRelease, false);
  if ('refusal' in parsed) return parsed.refusal;
  const { input } = parsed;
  const tagName = input.tagName ?? release.tagName;
  const draft = input.draft ?? release.draft;
  const holder = publishedByTag(context.repo, tagName);
  if (!draft && holder && holder !== release) return tagTaken(DOC_PAGE.updateRelease);
  release.tagName = tagName;
  if (input.targetCommitish !== undefined) release.targetCommitish = input.targetCommitish;
  if (input.name !== undefined) release.name = input.name;
  if (input.body !== undefined) release.body = input.body;
  if (input.prerelease !== undefined) release.prerelease = input.prerelease;
  if (release.draft && !draft) release.publishedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (draft) release.publishedAt = null;
  release.draft = draft;
  return { status: 200, json: releaseJson(context.urls, context.repo, release) };
}

function deleteRelease(context: Context, rawId: string): StubAnswer {
  const release = visibleRelease(context, rawId);
  if (!release) return notFound(DOC_PAGE.deleteRelease);
  context.repo.releases.splice(context.repo.releases.indexOf(release), 1);
  return { status: 204 };
}

function listAssets(context: Context, rawId: string): StubAnswer {
  const release = visibleRelease(context, rawId);
  if (!release) return notFound(DOC_PAGE.listAssets);
  const page = paginate(release.assets, context.request.query, context.request.selfUrl);
  return {
    status: 200,
    json: page.items.map((asset) => assetJson(context.urls, context.repo, release, asset)),
    ...(page.link ? { headers: { link: page.link } } : {}),
  };
}

function visibleAsset(context: Context, rawId: string) {
  const id = numericId(rawId);
  const found = id === undefined ? undefined : findAsset(context.repo, id);
  return found && (!found.release.draft || context.canWrite) ? found : undefined;
}

function getAsset(context: Context, rawId: string): StubAnswer {
  const found = visibleAsset(context, rawId);
  if (!found) return notFound(DOC_PAGE.getAsset);
  return { status: 200, json: assetJson(context.urls, context.repo, found.release, found.asset) };
}

function deleteAsset(context: Context, rawId: string): StubAnswer {
  const found = visibleAsset(context, rawId);
  if (!found) return notFound(DOC_PAGE.deleteAsset);
  found.release.assets.splice(found.release.assets.indexOf(found.asset), 1);
  return { status: 204 };
}

function upload(context: Context, rawId: string | undefined): StubAnswer {
  const release = visibleRelease(context, rawId);
  if (!release) return notFound(DOC_PAGE.uploadAsset);
  const requested = context.request.query.name;
  if (requested === undefined || requested === '') {
    return validationFailed(DOC_PAGE.uploadAsset, [
      { resource: 'ReleaseAsset', code: 'missing_field', field: 'name' },
    ]);
  }
  const name = assetName(requested);
  if (release.assets.some((asset) => asset.name === name)) {
    return validationFailed(DOC_PAGE.uploadAsset, [
      { resource: 'ReleaseAsset', code: 'already_exists', field: 'name' },
    ]);
  }
  const asset = context.store.addAsset(release, {
    name,
    label: context.request.query.label ?? null,
    contentType: context.request.contentType ?? 'application/octet-stream',
    data: context.request.body,
  });
  return { status: 201, json: assetJson(context.urls, context.repo, release, asset) };
}

/** `download/{owner}/{repo}/{tag…}/{name}`: the bytes; a draft's assets only with a `write` token. */
function download(store: GitHubStore, request: StubRequest, path: string[]): StubAnswer {
  const [owner, name, ...tagAndName] = path;
  const assetName = tagAndName.pop();
  const tag = tagAndName.join('/');
  const repo = owner && name ? store.repository(owner, name) : undefined;
  const permission = request.token === undefined ? undefined : store.permission(request.token);
  const release = repo?.releases.find((candidate) =>
    candidate.draft ? permission === 'write' && candidate.untaggedName === tag : candidate.tagName === tag,
  );
  const asset = release?.assets.find((candidate) => candidate.name === assetName);
  if (!asset)
    return { status: 404, raw: { contentType: 'text/plain; charset=utf-8', data: Buffer.from('Not Found') } };
  return { status: 200, raw: { contentType: asset.contentType, data: Buffer.from(asset.data) } };
}

function tagTaken(doc: DocPage): StubAnswer {
  return validationFailed(doc, [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]);
}

function numericId(raw: string | undefined): number | undefined {
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
}
