/**
 * The stub's world: repositories, their releases and assets, tokens. No HTTP and no locks:
 * every change is applied at once, so two clients' read-modify-write sequences interleave as
 * they would on GitHub.
 */
import type { ContentsPermission, StubAsset, StubRelease } from './types.js';

export interface AssetRecord extends StubAsset {
  updatedAt: string;
}

export interface ReleaseRecord {
  id: number;
  tagName: string;
  targetCommitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  createdAt: string;
  /** null while a draft. */
  publishedAt: string | null;
  /** GitHub shows a draft under `untagged-<hex>` until it is published. */
  untaggedName: string;
  assets: AssetRecord[];
}

export interface RepositoryRecord {
  owner: string;
  name: string;
  releases: ReleaseRecord[];
}

export class GitHubStore {
  private readonly repositories = new Map<string, RepositoryRecord>();
  private readonly tokens = new Map<string, ContentsPermission>();
  private nextReleaseId = 1001;
  private nextAssetId = 5001;

  addRepository(fullName: string): RepositoryRecord {
    const [owner, name, ...rest] = fullName.split('/');
    if (!owner || !name || rest.length > 0) throw new Error(`repository must be "owner/repo": ${fullName}`);
    const key = repositoryKey(owner, name);
    const existing = this.repositories.get(key);
    if (existing) return existing;
    const record: RepositoryRecord = { owner, name, releases: [] };
    this.repositories.set(key, record);
    return record;
  }

  /** Owner and name are case-insensitive, as on GitHub. */
  repository(owner: string, name: string): RepositoryRecord | undefined {
    return this.repositories.get(repositoryKey(owner, name));
  }

  requireRepository(fullName: string): RepositoryRecord {
    const [owner = '', name = ''] = fullName.split('/');
    const record = this.repository(owner, name);
    if (!record) throw new Error(`unknown repository ${fullName}: call addRepository first`);
    return record;
  }

  addToken(token: string, contents: ContentsPermission): void {
    this.tokens.set(token, contents);
  }

  permission(token: string): ContentsPermission | undefined {
    return this.tokens.get(token);
  }

  createRelease(
    repo: RepositoryRecord,
    spec: {
      tagName: string;
      targetCommitish?: string;
      name?: string | null;
      body?: string | null;
      draft?: boolean;
      prerelease?: boolean;
    },
  ): ReleaseRecord {
    const now = timestamp();
    const draft = spec.draft ?? false;
    const id = this.nextReleaseId++;
    const release: ReleaseRecord = {
      id,
      tagName: spec.tagName,
      targetCommitish: spec.targetCommitish ?? 'main',
      name: spec.name ?? null,
      body: spec.body ?? null,
      draft,
      prerelease: spec.prerelease ?? false,
      createdAt: now,
      publishedAt: draft ? null : now,
      untaggedName: `untagged-${(id * 2654435761).toString(16).slice(-20).padStart(20, '0')}`,
      assets: [],
    };
    repo.releases.push(release);
    return release;
  }

  addAsset(
    release: ReleaseRecord,
    spec: { name: string; label: string | null; contentType: string; data: Buffer },
  ): AssetRecord {
    const now = timestamp();
    const asset: AssetRecord = {
      id: this.nextAssetId++,
      name: spec.name,
      label: spec.label,
      contentType: spec.contentType,
      size: spec.data.length,
      data: spec.data,
      createdAt: now,
      updatedAt: now,
    };
    release.assets.push(asset);
    return asset;
  }
}

export function findRelease(repo: RepositoryRecord, id: number): ReleaseRecord | undefined {
  return repo.releases.find((release) => release.id === id);
}

export function findAsset(
  repo: RepositoryRecord,
  assetId: number,
): { release: ReleaseRecord; asset: AssetRecord } | undefined {
  for (const release of repo.releases) {
    const asset = release.assets.find((candidate) => candidate.id === assetId);
    if (asset) return { release, asset };
  }
  return undefined;
}

/** The published release with that tag (GitHub does not find drafts by tag). */
export function publishedByTag(repo: RepositoryRecord, tag: string): ReleaseRecord | undefined {
  return repo.releases.find((release) => !release.draft && release.tagName === tag);
}

/** Newest first, as GitHub lists releases. */
export function newestFirst(releases: readonly ReleaseRecord[]): ReleaseRecord[] {
  return [...releases].sort((a, b) => b.id - a.id);
}

export function publicRelease(release: ReleaseRecord): StubRelease {
  return {
    id: release.id,
    tagName: release.tagName,
    name: release.name,
    body: release.body,
    draft: release.draft,
    prerelease: release.prerelease,
    assets: release.assets.map(publicAsset),
  };
}

export function publicAsset(asset: AssetRecord): StubAsset {
  return {
    id: asset.id,
    name: asset.name,
    label: asset.label,
    contentType: asset.contentType,
    size: asset.size,
    data: Buffer.from(asset.data),
    createdAt: asset.createdAt,
  };
}

function repositoryKey(owner: string, name: string): string {
  return `${owner.toLowerCase()}/${name.toLowerCase()}`;
}

/** GitHub's timestamps: ISO 8601 in UTC without milliseconds. */
function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
