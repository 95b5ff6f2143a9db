/**
 * What the wait knows about one region: its pending copies (`image-watch.ts`), its calls (for the
 * schedule's limits and back-off) and the errors of the round under way. Every answer, error and
 * round boundary is a pure function from one state to the next; the region's loop
 * (`poll-region.ts`) makes the calls, settles what these functions report finished, and logs.
 */

import type { ImageInfo, SnapshotInfo } from '../aws/types.js';
import { vanishedReason } from './image-final-states.js';
import {
  type ImageWatch,
  onImageListed,
  onImageSnapshots,
  onImageUnlisted,
  type SnapshotRules,
  startWatch,
  withoutImageProgress,
} from './image-watch.js';
import { classifyPollError, UNKNOWN_ERROR_LIMIT } from './poll-errors.js';
import type { LagObservation } from './poll-lag.js';
import { readProgress } from './poll-progress.js';
import { type ImagePlan, type PollParams, planImage } from './poll-schedule.js';
import {
  backoffLevelCap,
  FRESH_REGION,
  noteCall,
  notePoll,
  type RegionCallState,
} from './region-schedule.js';
import type { WaitOutcome, WaitState, WaitTarget } from './wait-types.js';

export type PollApi = 'images' | 'snapshots';

export interface RegionWatchState {
  readonly region: string;
  /** The copies still pending, in the order they were given. */
  readonly pending: ReadonlyMap<string, ImageWatch>;
  readonly calls: RegionCallState;
  /** Unrecognised errors in a row, per API: a run of them counts as permanent. */
  readonly unknownErrors: Readonly<Record<PollApi, number>>;
  /** What went wrong in the round under way (shapes the back-off at its end). */
  readonly round: { readonly throttled: boolean; readonly failedTransiently: boolean };
}

const CLEAN_ROUND: RegionWatchState['round'] = { throttled: false, failedTransiently: false };

/** `targets` are one region's, without duplicates. */
export function startRegionWatch(region: string, targets: readonly WaitTarget[]): RegionWatchState {
  return {
    region,
    pending: new Map(targets.map((target) => [target.imageId, startWatch(target)])),
    calls: FRESH_REGION,
    unknownErrors: { images: 0, snapshots: 0 },
    round: CLEAN_ROUND,
  };
}

/** What the run has learned about registration lags, as the schedule uses it (0: unknown). */
export interface LagFigures {
  /** First look at the image this long after its snapshots are done. */
  readonly registrationLagMs: number;
  /** Some copy's lag has been seen this much longer than that. */
  readonly registrationLagSpreadMs: number;
}

/** Each pending image's next look, with the run's current lag figures. */
export function planImages(
  state: RegionWatchState,
  now: number,
  params: PollParams,
  lags: LagFigures,
): Map<string, ImagePlan> {
  const plans = new Map<string, ImagePlan>();
  for (const [imageId, watch] of state.pending) {
    plans.set(imageId, planImage({ ...watch.view, ...lags }, now, params));
  }
  return plans;
}

/** Those of `imageIds` whose progress can still be read. */
export function withReadableProgress(state: RegionWatchState, imageIds: readonly string[]): string[] {
  return imageIds.filter((id) => state.pending.get(id)?.view.progressAvailable);
}

/** A call of the round ended at `at`, after the SDK retried it `retries` times (the pace learns). */
export function onCallEnded(
  state: RegionWatchState,
  retries: number,
  startedAt: number,
  at: number,
  params: PollParams,
): RegionWatchState {
  return { ...state, calls: noteCall(state.calls, retries, startedAt, at, params) };
}

export function onRoundStart(state: RegionWatchState, now: number): RegionWatchState {
  return { ...state, calls: notePoll(state.calls, now), round: CLEAN_ROUND };
}

/** DescribeSnapshots answered for `imageIds` (an image whose snapshots it did not list missed). */
export function onSnapshotsAnswer(
  state: RegionWatchState,
  imageIds: readonly string[],
  snapshots: readonly SnapshotInfo[],
  now: number,
  rules: SnapshotRules,
): { readonly state: RegionWatchState; readonly lookAtImages: boolean; readonly progressLost: string[] } {
  const readings = readProgress(snapshots);
  const pending = new Map(state.pending);
  let lookAtImages = false;
  const progressLost: string[] = [];
  for (const imageId of imageIds) {
    const watch = pending.get(imageId);
    if (!watch) continue;
    const seen = onImageSnapshots(watch, readings.get(imageId), now, rules);
    pending.set(imageId, seen.watch);
    if (seen.lookAtImage) lookAtImages = true;
    if (seen.progressLost) progressLost.push(imageId);
  }
  const unknownErrors = { ...state.unknownErrors, snapshots: 0 };
  return { state: { ...state, pending, unknownErrors }, lookAtImages, progressLost };
}

/**
 * DescribeImages answered for every pending image. `finished` lists, in pending order, the copies
 * the answer ends (no longer pending in the new state); `lags` what it says about the
 * registration lag.
 */
export function onImagesAnswer(
  state: RegionWatchState,
  images: readonly ImageInfo[],
  now: number,
  visibilityGraceMs: number,
): { readonly state: RegionWatchState; readonly finished: WaitOutcome[]; readonly lags: LagObservation[] } {
  const byId = new Map(images.map((image) => [image.imageId, image]));
  const pending = new Map(state.pending);
  const finished: WaitOutcome[] = [];
  const lags: LagObservation[] = [];
  for (const [imageId, watch] of state.pending) {
    const image = byId.get(imageId);
    if (!image) {
      const missed = onImageUnlisted(watch, now, visibilityGraceMs);
      if (!missed.vanished) pending.set(imageId, missed.watch);
      else {
        pending.delete(imageId);
        finished.push(outcomeOf(state.region, watch, 'failed', vanishedReason(state.region, imageId), now));
      }
      continue;
    }
    const seen = onImageListed(watch, image, now);
    pending.set(imageId, seen.watch);
    if (seen.lag) lags.push(seen.lag);
    if (seen.finished) {
      pending.delete(imageId);
      finished.push(outcomeOf(state.region, seen.watch, seen.finished.state, seen.finished.reason, now));
    }
  }
  const unknownErrors = { ...state.unknownErrors, images: 0 };
  return { state: { ...state, pending, unknownErrors }, finished, lags };
}

/**
 * A call failed. Throttling and transient errors mark the round (it backs off); an unrecognised
 * error does too until UNKNOWN_ERROR_LIMIT of them in a row. `permanent`: retrying cannot help.
 */
export function onCallError(
  state: RegionWatchState,
  api: PollApi,
  error: unknown,
): { readonly state: RegionWatchState; readonly permanent: boolean } {
  const kind = classifyPollError(error);
  if (kind === 'throttled') return { state: markRound(state, 'throttled'), permanent: false };
  if (kind === 'transient') return { state: markRound(state, 'failedTransiently'), permanent: false };
  if (kind === 'permanent') return { state, permanent: true };
  const count = state.unknownErrors[api] + 1;
  const counted = { ...state, unknownErrors: { ...state.unknownErrors, [api]: count } };
  if (count < UNKNOWN_ERROR_LIMIT)
    return { state: markRound(counted, 'failedTransiently'), permanent: false };
  return { state: counted, permanent: true };
}

function markRound(state: RegionWatchState, what: keyof RegionWatchState['round']): RegionWatchState {
  return { ...state, round: { ...state.round, [what]: true } };
}

/**
 * The round is over: throttling raises the back-off level by one per throttled round and a clean
 * round halves it (the budget is back, but gently); transient errors count up until a round
 * without them. `throttlingStarted`: this round was throttled after unthrottled ones.
 */
export function onRoundEnd(
  state: RegionWatchState,
  params: PollParams,
): { readonly state: RegionWatchState; readonly throttlingStarted: boolean } {
  const { throttled, failedTransiently } = state.round;
  const before = state.calls.throttleLevel;
  const cap = backoffLevelCap(params.throttleBaseMs, params.throttleMaxMs);
  const throttleLevel = throttled ? Math.min(before + 1, cap) : Math.floor(before / 2);
  const errorLevel = failedTransiently ? state.calls.errorLevel + 1 : 0;
  return {
    state: { ...state, calls: { ...state.calls, throttleLevel, errorLevel } },
    throttlingStarted: throttled && before === 0,
  };
}

/** Snapshot progress cannot be read in this region (DescribeSnapshots denied). */
export function withoutProgress(state: RegionWatchState): RegionWatchState {
  const pending = new Map([...state.pending].map(([id, watch]) => [id, withoutImageProgress(watch)]));
  return { ...state, pending };
}

/** Ends every pending copy the same way (timed out, cancelled, or failed with one reason). */
export function finishAll(
  state: RegionWatchState,
  finalState: WaitState,
  reason: WaitOutcome['reason'],
  observedAt: number | undefined,
): { readonly state: RegionWatchState; readonly finished: WaitOutcome[] } {
  const finished = [...state.pending.values()].map((watch) =>
    outcomeOf(state.region, watch, finalState, reason, observedAt),
  );
  return { state: { ...state, pending: new Map() }, finished };
}

function outcomeOf(
  region: string,
  watch: ImageWatch,
  state: WaitState,
  reason: WaitOutcome['reason'],
  observedAt: number | undefined,
): WaitOutcome {
  return {
    region,
    imageId: watch.target.imageId,
    state,
    reason,
    observedAt,
    image: watch.image,
    progressPercent: state === 'available' ? 100 : watch.view.history.lastPercent,
  };
}
