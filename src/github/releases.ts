/**
 * What the release step needs from GitHub's REST API, as a small gateway: the step and its
 * tests know this interface, `octokit-releases.ts` is the one implementation over the network.
 */

export interface Release {
  readonly id: number;
  readonly tagName: string;
  readonly body: string;
  readonly draft: boolean;
  readonly htmlUrl: string;
  /** GitHub's RFC 6570 template, `https://uploads.github.com/repos/o/r/releases/1/assets{?name,label}`. */
  readonly uploadUrl: string;
}

export interface ReleaseAsset {
  readonly id: number;
  readonly name: string;
  readonly url: string;
}

export interface ReleasesGateway {
  /** The release of the tag, drafts included; undefined when the tag has none. */
  findByTag(tag: string): Promise<Release | undefined>;
  get(releaseId: number): Promise<Release>;
  create(tag: string, body: string): Promise<Release>;
  updateBody(releaseId: number, body: string): Promise<Release>;
  listAssets(releaseId: number): Promise<ReleaseAsset[]>;
  deleteAsset(assetId: number): Promise<void>;
  uploadAsset(release: Release, name: string, contentType: string, data: string): Promise<ReleaseAsset>;
}

/** A GitHub call failed: which call (`PATCH release`), GitHub's status and message. */
export class GitHubCallError extends Error {
  constructor(
    readonly call: string,
    /** HTTP status; 0 when no answer came (network, abort). */
    readonly status: number,
    message: string,
    /** GitHub's validation error codes (`already_exists`), when it sent any. */
    readonly codes: readonly string[] = [],
  ) {
    super(message);
    this.name = 'GitHubCallError';
  }
}
