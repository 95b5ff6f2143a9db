/**
 * GitHub's releases in memory, behind the release gateway, for unit tests of the release
 * step: the calls are recorded, and any call can be made to fail or to run a hook first (a
 * concurrent writer). The end-to-end tests use the HTTP stub in sim/github instead.
 */
import {
  GitHubCallError,
  type Release,
  type ReleaseAsset,
  type ReleasesGateway,
} from '../../src/github/releases.js';

export interface MemoryRelease {
  id: number;
  tagName: string;
  body: string;
  draft: boolean;
  assets: { id: number; name: string; data: string }[];
}

type Method = keyof ReleasesGateway;

export function memoryReleases() {
  const releases: MemoryRelease[] = [];
  const calls: Method[] = [];
  const failures = new Map<Method, GitHubCallError[]>();
  const hooks = new Map<Method, (() => void)[]>();
  let nextId = 1;

  const view = (r: MemoryRelease): Release => ({
    id: r.id,
    tagName: r.tagName,
    body: r.body,
    draft: r.draft,
    htmlUrl: `https://github.com/o/r/releases/tag/${r.tagName}`,
    uploadUrl: `https://uploads.github.com/repos/o/r/releases/${r.id}/assets{?name,label}`,
  });
  const byId = (id: number) => {
    const found = releases.find((r) => r.id === id);
    if (!found) throw new GitHubCallError('GET release', 404, 'Not Found');
    return found;
  };
  const enter = (method: Method) => {
    calls.push(method);
    hooks.get(method)?.shift()?.();
    const failure = failures.get(method)?.shift();
    if (failure) throw failure;
  };

  const gateway: ReleasesGateway = {
    async findByTag(tag) {
      enter('findByTag');
      const found = releases.find((r) => r.tagName === tag);
      return found ? view(found) : undefined;
    },
    async get(id) {
      enter('get');
      return view(byId(id));
    },
    async create(tag, body) {
      enter('create');
      if (releases.some((r) => r.tagName === tag))
        throw new GitHubCallError('POST release', 422, 'Validation Failed', ['already_exists']);
      const release = { id: nextId++, tagName: tag, body, draft: false, assets: [] };
      releases.push(release);
      return view(release);
    },
    async updateBody(id, body) {
      enter('updateBody');
      const release = byId(id);
      release.body = body;
      return view(release);
    },
    async listAssets(id) {
      enter('listAssets');
      return byId(id).assets.map(
        (a): ReleaseAsset => ({ id: a.id, name: a.name, url: `https://x/${a.name}` }),
      );
    },
    async deleteAsset(assetId) {
      enter('deleteAsset');
      for (const r of releases) r.assets = r.assets.filter((a) => a.id !== assetId);
    },
    async uploadAsset(release, name, _type, data) {
      enter('uploadAsset');
      const target = byId(release.id);
      if (target.assets.some((a) => a.name === name))
        throw new GitHubCallError('POST release asset', 422, 'Validation Failed', ['already_exists']);
      const asset = { id: nextId++, name, data };
      target.assets.push(asset);
      return { id: asset.id, name, url: `https://x/${name}` };
    },
  };

  return {
    gateway,
    releases,
    calls,
    seed(tag: string, body = '', draft = false): MemoryRelease {
      const release = { id: nextId++, tagName: tag, body, draft, assets: [] };
      releases.push(release);
      return release;
    },
    failNext(method: Method, error: GitHubCallError) {
      failures.set(method, [...(failures.get(method) ?? []), error]);
    },
    /** Runs `hook` when `method` is next called, before it does anything (a concurrent writer). */
    beforeNext(method: Method, hook: () => void) {
      hooks.set(method, [...(hooks.get(method) ?? []), hook]);
    },
  };
}
