/** What a distribution produced, region by region: the data the report layer formats. */
import type { StepReport } from '../steps/step.js';

/** 'dry-run': nothing was done; the region was checked with DryRun calls (see `reason` and `steps`). */
export type RegionState = 'available' | 'pending' | 'failed' | 'timed-out' | 'cancelled' | 'dry-run';

/** Where a region's image came from. */
export type ImageOrigin = 'source' | 'reused' | 'new';

/**
 * What happened to a copy that did not end available: removed by this run, kept (still in AWS),
 * removal-failed (parts left, named), or gone (no longer in AWS, removed by someone else).
 */
export type Disposition = 'removed' | 'kept' | 'removal-failed' | 'gone';

export interface FailureReason {
  readonly code: string;
  readonly message: string;
}

export interface RegionResult {
  readonly region: string;
  /** Undefined when no copy was ever started in the region. */
  readonly imageId: string | undefined;
  readonly name: string;
  readonly state: RegionState;
  readonly origin: ImageOrigin;
  readonly encrypted: boolean;
  readonly kmsKeyId: string | undefined;
  readonly snapshotIds: readonly string[];
  /** Seconds from the copy's start to the moment it was seen final (or to the end of the run). */
  readonly seconds: number | undefined;
  readonly reason: FailureReason | undefined;
  /** What a person can do about `reason`. */
  readonly hint: string | undefined;
  readonly disposition: Disposition | undefined;
  /** Seconds the copy was queued because the region's concurrent-copy quota was full. */
  readonly waitedForCapacitySeconds: number;
  /** Last progress percent seen for a copy that is still pending. */
  readonly progressPercent: number | undefined;
  /**
   * True when the run stopped watching a copy that AWS never reported final (the wait ended on
   * expired credentials or a permission error): it is not removed, and may still be copying.
   */
  readonly lostTrack?: boolean;
  /** Things a person should know about the region (reused copy under another name, kept for another run, …). */
  readonly notes: readonly string[];
  /** Leftovers this run removed in the region (failed earlier copies, orphaned snapshots, its own duplicate). */
  readonly cleanedUp: readonly string[];
  /** This run still holds its lease on the copy (a cancelled run: the post step takes it off). */
  readonly leaseHeld?: boolean;
  /** What each post-copy step did with the region's image (empty when no step is configured). */
  readonly steps: readonly StepReport[];
}

export interface SourceSummary {
  readonly imageId: string;
  readonly region: string;
  readonly name: string;
  readonly encrypted: boolean;
  /** Sum of the image's EBS volume sizes, GiB. */
  readonly sizeGiB: number;
}

export interface DistributionResult {
  readonly source: SourceSummary;
  /** One entry per target region, in target order; the source region first when it is not a target. */
  readonly regions: readonly RegionResult[];
  /**
   * The source image's entry when it is output without being a target region (include-source)
   * and post-copy steps acted on it: what they did has to be reported somewhere.
   */
  readonly sourceOutput?: RegionResult;
  readonly startedAt: number;
  readonly finishedAt: number;
}

/** A run that stopped before any copy was created: every problem found, each actionable. */
export class DistributionStopped extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      problems.length === 1
        ? (problems[0] ?? '')
        : `${problems.length} problems stopped the run before any copy was made:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
    this.name = 'DistributionStopped';
  }
}

/** The run was cancelled before any copy was made (waiting for the source, or in preflight). */
export class DistributionCancelled extends Error {
  constructor(readonly during: 'source' | 'preflight') {
    super(
      during === 'source'
        ? 'Cancelled while waiting for the source image to become available; no copy was made.'
        : 'Cancelled during preflight; no copy was made.',
    );
    this.name = 'DistributionCancelled';
  }
}
