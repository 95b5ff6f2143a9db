/** What the job summary needs to know about the run besides its result (main.ts passes the config and the links). */
import type { CleanupChoice } from '../config/config.js';
import type { ReleaseReport } from '../steps/release/publish-release.js';

export interface SummaryOptions {
  /** What the post step will do with a copy a cancelled run left copying. */
  readonly onCancel: CleanupChoice;
  /** Time-based copies were asked for (they cost extra). */
  readonly copyCompletionMinutes?: number | undefined;
  /** include-source: the outputs map the source region to the source image even when it is not a target. */
  readonly includeSource?: boolean | undefined;
  /** The workflow run's page (see console-links.ts `runUrl`). */
  readonly runUrl?: string | undefined;
  /** What the release step did (release: true). */
  readonly release?: ReleaseReport | undefined;
}

/** What a run that stopped before any copy was asked to do (the config's fields). */
export interface StopScope {
  readonly sourceImageId: string;
  readonly sourceRegion: string;
  readonly targetRegions: readonly string[];
}
