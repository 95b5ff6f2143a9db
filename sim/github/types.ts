/** The GitHub REST stub's public types: what tests seed, inspect and record. */

export interface GitHubStubOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Real milliseconds waited before every request is handled (widens race windows). */
  latencyMs?: number;
}

/** A token's `contents` permission, on every repository of the stub. */
export type ContentsPermission = 'none' | 'read' | 'write';

export interface StubAsset {
  id: number;
  name: string;
  label: string | null;
  contentType: string;
  size: number;
  data: Buffer;
  createdAt: string;
}

export interface StubRelease {
  id: number;
  tagName: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  assets: StubAsset[];
}

export interface RecordedGitHubRequest {
  method: string;
  /** The path as sent (still URL-encoded). */
  path: string;
  query: Record<string, string>;
  token: string | undefined;
  /** Real wall-clock ms when the request arrived. */
  at: number;
  /** The status answered (0 while the request is still being handled). */
  status: number;
  /** Parsed JSON request body, when there was one. */
  json?: unknown;
  upload?: { name: string; label: string | null; contentType: string; size: number; text: string };
}

export interface RunningGitHubStub {
  /** API base, e.g. http://127.0.0.1:PORT (what GITHUB_API_URL is set to). */
  readonly url: string;
  /** "owner/repo" */
  addRepository(fullName: string): void;
  /** Per-token permission on every repository. */
  addToken(token: string, contents: ContentsPermission): void;
  seedRelease(
    repo: string,
    spec: { tag: string; name?: string; body?: string; draft?: boolean; prerelease?: boolean },
  ): StubRelease;
  seedAsset(
    repo: string,
    releaseId: number,
    name: string,
    data: string | Buffer,
    contentType?: string,
  ): StubAsset;
  /** Current state in creation order, deep copies. */
  releases(repo: string): StubRelease[];
  readonly requests: readonly RecordedGitHubRequest[];
  /** The next `count` requests matching the filter answer `status` (default 502) without doing anything. */
  failNext(count: number, options?: { status?: number; method?: string; pathIncludes?: string }): void;
  close(): Promise<void>;
}
