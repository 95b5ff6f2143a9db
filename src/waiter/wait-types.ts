import type { Ec2Access, ImageInfo } from '../aws/types.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

/** One copy to wait for. */
export interface WaitTarget {
  readonly region: string;
  readonly imageId: string;
  /** Total size of the image's volumes, GiB (from the source image); used to estimate. */
  readonly sizeGiB: number;
  /** When the copy was started (clock ms); for a reused pending copy, when we found it. */
  readonly startedAt: number;
  /**
   * Time-based copy (CopyImage with SnapshotCopyCompletionDurationMinutes): the clock ms (epoch)
   * by which AWS guarantees the copy complete; it may complete earlier. Until `completesBy` plus
   * `PollParams.guaranteeGraceMs` has passed, no completion estimate lies beyond it and the copy is
   * looked at by then at the latest; after that it is waited for as if it had none.
   */
  readonly completesBy?: number;
}

export type WaitState = 'available' | 'failed' | 'timed-out' | 'cancelled';

export interface WaitOutcome {
  readonly region: string;
  readonly imageId: string;
  readonly state: WaitState;
  /** AWS's StateReason for a failed image, or our reason (e.g. image vanished). */
  readonly reason: { readonly code: string; readonly message: string } | undefined;
  /** Clock ms when the poller saw the final state (undefined for timed-out / cancelled). */
  readonly observedAt: number | undefined;
  /** Last description seen, if any. */
  readonly image: ImageInfo | undefined;
  /** Last progress percent seen (0..100), if known. */
  readonly progressPercent: number | undefined;
}

export interface WaitDeps {
  readonly ec2: Ec2Access;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Absolute clock ms after which pending copies are given up as `timed-out`. */
  readonly deadline: number;
  /** Aborting ends the wait promptly; pending copies come back as `cancelled`. */
  readonly signal?: AbortSignal;
  /** Called every time a copy reaches a final state (for state saving / live reporting). */
  readonly onSettled?: (outcome: WaitOutcome) => void;
}

/** The poller's signature; implemented in `src/waiter/poller.ts`. */
export type WaitForImages = (targets: readonly WaitTarget[], deps: WaitDeps) => Promise<WaitOutcome[]>;
