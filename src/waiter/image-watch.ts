/**
 * What the wait knows about one pending copy, and how each answer about it changes that: its
 * snapshots seen (or not found), the image listed (or not). Pure functions over plain data; the
 * region's loop (`poll-region.ts`) makes the calls and keeps the results.
 */
import type { ImageInfo } from '../aws/types.js';
import { FAILED_IMAGE_STATES, type FailureReason, failedStateReason } from './image-final-states.js';
import { EMPTY_HISTORY, recordProgress } from './poll-estimate.js';
import type { LagObservation } from './poll-lag.js';
import type { ProgressReading } from './poll-progress.js';
import type { ImageView } from './poll-schedule.js';
import type { WaitTarget } from './wait-types.js';

/** One pending copy as the wait knows it. */
export interface ImageWatch {
  readonly target: WaitTarget;
  /** What the schedule plans from (the run-wide registration lag is added at planning time). */
  readonly view: WatchedView;
  /** The latest description DescribeImages gave, if any. */
  readonly image: ImageInfo | undefined;
  /** Snapshot lookups in a row that found none. */
  readonly snapshotMisses: number;
}

export type WatchedView = Omit<ImageView, 'registrationLagMs'> & {
  /** Last time its snapshots were seen unfinished. */
  readonly snapshotsUnfinishedAt: number | undefined;
};

/** A final state an answer showed. */
export interface Finish {
  readonly state: 'available' | 'failed';
  readonly reason: FailureReason | undefined;
}

export function startWatch(target: WaitTarget): ImageWatch {
  return {
    target,
    image: undefined,
    snapshotMisses: 0,
    view: {
      startedAt: target.startedAt,
      sizeGiB: target.sizeGiB,
      completesBy: target.completesBy,
      history: EMPTY_HISTORY,
      snapshotsDoneAt: undefined,
      imageSeenAt: undefined,
      aliveAt: undefined,
      progressAvailable: true,
      missingSince: undefined,
      snapshotsUnfinishedAt: undefined,
    },
  };
}

export interface SnapshotRules {
  /** Three lookups in a row that find nothing this long after the start give progress up. */
  readonly snapshotLookupGraceMs: number;
  /**
   * The registration lag is known: snapshots seen done need no image check at once (the
   * finishing phase aims at the lag instead).
   */
  readonly lagKnown: boolean;
}

export interface SnapshotsSeen {
  readonly watch: ImageWatch;
  /** Something suggests the image's state changed: the round should call DescribeImages. */
  readonly lookAtImage: boolean;
  /** This answer gave progress up for the image (its snapshots cannot be found). */
  readonly progressLost: boolean;
}

/** DescribeSnapshots answered; `reading` is the image's snapshots, undefined when none were listed. */
export function onImageSnapshots(
  watch: ImageWatch,
  reading: ProgressReading | undefined,
  now: number,
  rules: SnapshotRules,
): SnapshotsSeen {
  const { view } = watch;
  if (!reading) {
    // Not found: maybe not created yet, maybe the copy failed. Check the image.
    const snapshotMisses = watch.snapshotMisses + 1;
    const lost = snapshotMisses >= 3 && now - watch.target.startedAt >= rules.snapshotLookupGraceMs;
    return {
      watch: { ...watch, snapshotMisses, view: lost ? { ...view, progressAvailable: false } : view },
      lookAtImage: true,
      progressLost: lost,
    };
  }
  const next: WatchedView = {
    ...view,
    aliveAt: reading.anyError ? view.aliveAt : now,
    history: recordProgress(view.history, reading.percent, now),
    snapshotsDoneAt: reading.allCompleted ? (view.snapshotsDoneAt ?? now) : view.snapshotsDoneAt,
    snapshotsUnfinishedAt: reading.allCompleted ? view.snapshotsUnfinishedAt : now,
  };
  return {
    watch: { ...watch, snapshotMisses: 0, view: next },
    // Snapshots done: the image follows after the registration lag. Look right away only while
    // that lag is unknown (or short); otherwise the finishing phase aims at it.
    lookAtImage: reading.anyError || (reading.allCompleted && !rules.lagKnown),
    progressLost: false,
  };
}

export interface ImageSeen {
  readonly watch: ImageWatch;
  /** The final state the answer shows, if it shows one. */
  readonly finished: Finish | undefined;
  readonly lag: LagObservation | undefined;
}

/** DescribeImages listed the image. */
export function onImageListed(watch: ImageWatch, image: ImageInfo, now: number): ImageSeen {
  const view: WatchedView = { ...watch.view, imageSeenAt: now, aliveAt: now, missingSince: undefined };
  const available = image.state === 'available';
  let lag: LagObservation | undefined;
  if (available && view.snapshotsUnfinishedAt !== undefined) {
    lag = { kind: 'available', ms: now - view.snapshotsUnfinishedAt };
  } else if (!available && view.snapshotsDoneAt !== undefined) {
    lag = { kind: 'pending', ms: now - view.snapshotsDoneAt };
  }
  let finished: Finish | undefined;
  if (available) finished = { state: 'available', reason: undefined };
  else if (FAILED_IMAGE_STATES.has(image.state))
    finished = { state: 'failed', reason: failedStateReason(image) };
  return { watch: { ...watch, image, view }, finished, lag };
}

/**
 * DescribeImages did not list the image: not visible yet (eventual consistency), or gone. It is
 * gone once it was already missing at an earlier look and the visibility grace has passed.
 */
export function onImageUnlisted(
  watch: ImageWatch,
  now: number,
  visibilityGraceMs: number,
): { readonly watch: ImageWatch; readonly vanished: boolean } {
  const { missingSince } = watch.view;
  const withinGrace = now - watch.target.startedAt < visibilityGraceMs;
  if (missingSince !== undefined && !withinGrace) return { watch, vanished: true };
  return { watch: { ...watch, view: { ...watch.view, missingSince: missingSince ?? now } }, vanished: false };
}

/** Progress cannot be read for this image any more (DescribeSnapshots denied). */
export function withoutImageProgress(watch: ImageWatch): ImageWatch {
  return { ...watch, view: { ...watch.view, progressAvailable: false } };
}
