import type { Clock } from '../clock.js';
import type { ReleaseSection } from '../steps/release/inputs.js';
import { octokitReleases } from './octokit-releases.js';
import type { ReleasesGateway } from './releases.js';

/** How a front end reaches GitHub for the release step. */
export type ConnectGitHub = (release: ReleaseSection, signal: AbortSignal) => ReleasesGateway;

/** The production connection: octokit against the section's API URL, on the given clock. */
export function gitHubConnector(clock: Clock): ConnectGitHub {
  return (release, signal) =>
    octokitReleases({
      token: release.token,
      apiUrl: release.apiUrl,
      repository: release.repository,
      clock,
      signal,
    });
}
