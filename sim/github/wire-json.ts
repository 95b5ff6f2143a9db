/** Releases and assets as GitHub's REST API sends them (snake_case, hypermedia URLs). */
import type { AssetRecord, ReleaseRecord, RepositoryRecord } from './store.js';

/** A fixed stand-in for the user or app that made the release (GitHub Actions' bot). */
const AUTHOR = {
  login: 'github-actions[bot]',
  id: 41898282,
  node_id: 'MDM6Qm90NDE4OTgyODI=',
  type: 'Bot',
  site_admin: false,
};

export interface WireUrls {
  /** The stub's base URL (API, uploads under /uploads, downloads under /download). */
  readonly base: string;
}

export function repoApiUrl(urls: WireUrls, repo: RepositoryRecord): string {
  return `${urls.base}/repos/${repo.owner}/${repo.name}`;
}

export function releaseJson(urls: WireUrls, repo: RepositoryRecord, release: ReleaseRecord): object {
  const api = `${repoApiUrl(urls, repo)}/releases/${release.id}`;
  const shownTag = release.draft ? release.untaggedName : release.tagName;
  return {
    url: api,
    assets_url: `${api}/assets`,
    upload_url: `${urls.base}/uploads/repos/${repo.owner}/${repo.name}/releases/${release.id}/assets{?name,label}`,
    html_url: `${urls.base}/${repo.owner}/${repo.name}/releases/tag/${encodeURIComponent(shownTag)}`,
    id: release.id,
    author: AUTHOR,
    node_id: nodeId('RE', release.id),
    tag_name: release.tagName,
    target_commitish: release.targetCommitish,
    name: release.name,
    draft: release.draft,
    prerelease: release.prerelease,
    created_at: release.createdAt,
    published_at: release.publishedAt,
    assets: release.assets.map((asset) => assetJson(urls, repo, release, asset)),
    tarball_url: `${repoApiUrl(urls, repo)}/tarball/${encodeURIComponent(release.tagName)}`,
    zipball_url: `${repoApiUrl(urls, repo)}/zipball/${encodeURIComponent(release.tagName)}`,
    body: release.body,
  };
}

export function assetJson(
  urls: WireUrls,
  repo: RepositoryRecord,
  release: ReleaseRecord,
  asset: AssetRecord,
): object {
  return {
    url: `${repoApiUrl(urls, repo)}/releases/assets/${asset.id}`,
    id: asset.id,
    node_id: nodeId('RA', asset.id),
    name: asset.name,
    label: asset.label,
    uploader: AUTHOR,
    content_type: asset.contentType,
    state: 'uploaded',
    size: asset.size,
    download_count: 0,
    created_at: asset.createdAt,
    updated_at: asset.updatedAt,
    browser_download_url: downloadUrl(urls, repo, release, asset),
  };
}

/** `${base}/download/{owner}/{repo}/{tag}/{name}`, the tag and name URL-encoded (a tag may hold `/`). */
export function downloadUrl(
  urls: WireUrls,
  repo: RepositoryRecord,
  release: ReleaseRecord,
  asset: AssetRecord,
): string {
  const tag = release.draft ? release.untaggedName : release.tagName;
  return `${urls.base}/download/${repo.owner}/${repo.name}/${encodeURIComponent(tag)}/${encodeURIComponent(asset.name)}`;
}

function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(String(id)).toString('base64url')}`;
}
