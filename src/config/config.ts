/**
 * The one typed, immutable configuration of a run. Produced by `parseConfig` from the raw
 * action inputs; everything downstream receives this and never reads inputs itself.
 */
import type { StepSections } from '../steps/sections.js';

export type CleanupChoice = 'keep' | 'deregister';

export interface RoleConfig {
  /** ARN of the role to assume; credentials are refreshed before they expire. */
  readonly arn: string;
  readonly sessionName: string;
  readonly durationSeconds: number;
}

export interface Config {
  readonly sourceImageId: string;
  readonly sourceRegion: string;
  /** Deduplicated, in the order given. May contain the source region. */
  readonly targetRegions: readonly string[];
  /** Template for the copies' names; undefined means "the source image's name". */
  readonly nameTemplate: string | undefined;
  /** Template for the copies' descriptions; undefined means "the source's, else a provenance sentence". */
  readonly descriptionTemplate: string | undefined;
  readonly encrypted: boolean;
  /** Key for every target region that has no entry in `kmsKeyIds`. */
  readonly kmsKeyId: string | undefined;
  /** Per-region keys; keys of this record are target regions. */
  readonly kmsKeyIds: Readonly<Record<string, string>>;
  readonly copyTags: boolean;
  /** Extra user tags, already checked (no `aws:` keys, lengths within AWS's limits). */
  readonly tags: Readonly<Record<string, string>>;
  readonly tagSnapshots: boolean;
  readonly wait: boolean;
  /** Overall wait limit in milliseconds (> 0). */
  readonly timeoutMs: number;
  readonly reuseExisting: boolean;
  readonly includeSource: boolean;
  readonly cleanupFailed: boolean;
  /** What to do with copies still pending when the timeout hits. */
  readonly onTimeout: CleanupChoice;
  /** What the post step does with copies still pending after a cancelled run. */
  readonly onCancel: CleanupChoice;
  /** When set, credentials come from assuming this role (refreshable), else the default chain. */
  readonly role: RoleConfig | undefined;
  /** Time-based copy: SnapshotCopyCompletionDurationMinutes; undefined = standard copy. */
  readonly copyCompletionMinutes: number | undefined;
  /** Every mutating call is sent as DryRun: the run checks, nothing is created or changed. */
  readonly dryRun: boolean;
  /** Where to write the results JSON as well (results-file); undefined = nowhere. */
  readonly resultsFile: string | undefined;
  /** The post-copy steps' sections (share, protect, deprecate); undefined = the step does nothing. */
  readonly steps: StepSections;
}
