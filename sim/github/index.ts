/** A GitHub REST stub for releases and release assets (a dev tool; never imported by src/). */

export { startGitHubStub } from './server.js';
export type {
  ContentsPermission,
  GitHubStubOptions,
  RecordedGitHubRequest,
  RunningGitHubStub,
  StubAsset,
  StubRelease,
} from './types.js';
