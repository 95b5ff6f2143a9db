/**
 * When to look at a copy next: pure functions of what the poller knows, so the schedule is unit-tested on
 * plain numbers and replayed by the benchmark on virtual time.
 *
 * Per image, a phase decides the next look:
 * - `first`: one early look shortly after the start (a copy AWS refuses outright shows up here);
 * - `confirm`: DescribeImages did not list the image; look again after the minimum interval;
 * - `flat`: no progress seen yet (AWS often sits at 0% for a long time). Little is known, so the
 *   interval grows with the time already waited, up to a cap tied to how fast an image of this
 *   size could possibly copy: a copy that jumps straight to done is still noticed within the cap;
 * - `approach`: progress gives a completion window; look again after a fraction of the time to
 *   its earliest edge, so each look refines the estimate and the gaps shrink towards the end;
 * - `near`: inside the window: look at the snapshots every few seconds (each look also corrects the
 *   estimate); the round calls DescribeImages as soon as they are done;
 * - `overdue`: past the window with no completion (a stall): back off geometrically;
 * - `stalling`: a copy seen moving in jumps and stalls: look at a pace set by the distance to
 *   when its average speed says it should be done (`stallPace`);
 * - `finishing`: every snapshot is complete; the image turns available after a registration lag
 *   (learned in the run, `poll-lag.ts`): look at the image then, and ever less often after.
 *
 * A time-based copy's guaranteed completion (`copy-guarantee.ts`) bounds the estimate every
 * phase goes by, and the time of the next look, until it has passed.
 *
 * Per region, the images' wishes are merged into one round (`region-schedule.ts`).
 */
import { boundEstimate, boundPace, guaranteeInForce } from './copy-guarantee.js';
import {
  type CompletionEstimate,
  estimateCompletion,
  type ProgressHistory,
  stallPace,
} from './poll-estimate.js';

export interface PollParams {
  /** First look at a new copy, after its start. */
  readonly firstPollMs: number;
  /** Never poll a region more often than this. */
  readonly minIntervalMs: number;
  /** Look at every copy at least this often (bounds how late a failure is seen). */
  readonly maxIntervalMs: number;
  /** Call DescribeImages for every copy at least this often, whatever its snapshots say. */
  readonly imageCheckMaxMs: number;
  /** Interval inside the completion window. */
  readonly nearIntervalMs: number;
  /** Start close polling this long before the earliest plausible completion. */
  readonly nearLeadMs: number;
  /** In the approach, look again after this fraction of the time to the window. */
  readonly approachFraction: number;
  /** A measured rate is not extrapolated further ahead than this multiple of the time it was measured over. */
  readonly extrapolation: number;
  /** Closer than this to the window, go straight to it instead of another step. */
  readonly approachFloorMs: number;
  /** While flat at 0%: next interval = this fraction of the time waited so far. */
  readonly flatGrowth: number;
  /** Bounds of the flat-phase interval; the size-based cap lies between them. */
  readonly flatCapMinMs: number;
  readonly flatCapMaxMs: number;
  /** Without progress to go by: cap of the growing interval. */
  readonly blindCapMs: number;
  /** Prior: the fastest a snapshot copy plausibly runs (MiB/s). */
  readonly fastestCopyMiBps: number;
  /** While every snapshot is done and the image is still pending: cap of the growing interval. */
  readonly finishingCapMs: number;
  /** Past the window without completion: interval = this fraction of the time overdue, capped. */
  readonly overdueGrowth: number;
  readonly overdueCapMs: number;
  /** Copies seen stalling: look every sqrt(stallPaceMs * distance to the expected end). */
  readonly stallPaceMs: number;
  /** Grace after the latest plausible completion before an image counts as overdue. */
  readonly overdueGraceMs: number;
  /**
   * A time-based copy (`WaitTarget.completesBy`) is looked at no later than this long after its
   * guaranteed completion; once that has passed unfinished, the guarantee counts as missed.
   */
  readonly guaranteeGraceMs: number;
  /** Random spread of every interval, as a fraction (0.1 = ±10%). */
  readonly jitterFraction: number;
  /** Per-region cap on poll rounds within any 60 s window. */
  readonly maxPollsPerMinute: number;
  /** Throttling back-off: first step and cap; the step doubles per consecutive throttle. */
  readonly throttleBaseMs: number;
  readonly throttleMaxMs: number;
  /** Back-off after transient errors (5xx, network): first step and cap. */
  readonly errorBaseMs: number;
  readonly errorMaxMs: number;
}

export const DEFAULT_POLL_PARAMS: PollParams = {
  firstPollMs: 15_000,
  minIntervalMs: 5_000,
  maxIntervalMs: 10 * 60_000,
  imageCheckMaxMs: 30 * 60_000,
  nearIntervalMs: 10_000,
  nearLeadMs: 5_000,
  approachFraction: 0.5,
  approachFloorMs: 60_000,
  extrapolation: 1,
  flatGrowth: 2,
  flatCapMinMs: 30_000,
  flatCapMaxMs: 5 * 60_000,
  blindCapMs: 2 * 60_000,
  fastestCopyMiBps: 200,
  finishingCapMs: 2 * 60_000,
  overdueGrowth: 0.5,
  overdueCapMs: 2 * 60_000,
  overdueGraceMs: 10_000,
  stallPaceMs: 30_000,
  guaranteeGraceMs: 15_000,
  jitterFraction: 0.1,
  maxPollsPerMinute: 10,
  throttleBaseMs: 15_000,
  throttleMaxMs: 2 * 60_000,
  errorBaseMs: 5_000,
  errorMaxMs: 5 * 60_000,
};

/** What the poller knows about one pending image. */
export interface ImageView {
  readonly startedAt: number;
  readonly sizeGiB: number;
  /** Time-based copy: AWS guarantees its snapshots are copied by then (clock ms). */
  readonly completesBy?: number | undefined;
  readonly history: ProgressHistory;
  /** When every snapshot of the image was first seen completed. */
  readonly snapshotsDoneAt: number | undefined;
  /** Last DescribeImages that listed the image (undefined: never). */
  readonly imageSeenAt: number | undefined;
  /**
   * Last time the copy was seen alive: listed as pending by DescribeImages, or its snapshots seen
   * pending without error. Bounds how long a failure can go unnoticed (`maxIntervalMs`).
   */
  readonly aliveAt: number | undefined;
  /** False once progress is known to be unavailable (denied, or snapshots never found). */
  readonly progressAvailable: boolean;
  /** Set while DescribeImages does not list the image (eventual consistency, or deregistered). */
  readonly missingSince: number | undefined;
  /** After the snapshots are seen done, first look at the image this much later (learned; 0 if unknown). */
  readonly registrationLagMs: number;
}

export type ImagePhase =
  | 'first'
  | 'confirm'
  | 'flat'
  | 'approach'
  | 'near'
  | 'overdue'
  | 'stalling'
  | 'finishing'
  | 'blind';

export interface ImagePlan {
  /** Clock ms this image wants to be looked at. */
  readonly at: number;
  /** The look should fetch snapshot progress (which also shows the copy is alive). */
  readonly wantsProgress: boolean;
  /** The look must call DescribeImages (else only when progress suggests a change). */
  readonly wantsImageCheck: boolean;
  readonly phase: ImagePhase;
  /** Estimated completion window, when progress gives one. */
  readonly estimate: CompletionEstimate | undefined;
}

/** The next look at one image, from its view at `now`. */
export function planImage(view: ImageView, now: number, params: PollParams): ImagePlan {
  // A time-based copy's guarantee, while it holds: until its snapshots are seen done, it is
  // looked at by then (and a grace) whatever the phase says.
  const completesBy = guaranteeInForce(view.completesBy, now, params.guaranteeGraceMs);
  const lookBy =
    completesBy !== undefined && view.snapshotsDoneAt === undefined
      ? completesBy + params.guaranteeGraceMs
      : Number.POSITIVE_INFINITY;
  const plan = (
    phase: ImagePhase,
    delay: number,
    look: { progress: boolean; image: boolean },
    estimate?: CompletionEstimate,
  ): ImagePlan => {
    // Whatever the phase, look at a copy at least every maxIntervalMs. DescribeImages itself is
    // asked at least about every imageCheckMaxMs even when the snapshots look healthy (an image
    // could fail while its snapshot does not); that check rides along with a look due anyway.
    const at = Math.max(
      now,
      Math.min(now + Math.max(delay, 0), (view.aliveAt ?? view.startedAt) + params.maxIntervalMs, lookBy),
    );
    const imageDue = (view.imageSeenAt ?? view.startedAt) + params.imageCheckMaxMs;
    const progress = look.progress && view.progressAvailable;
    return {
      at,
      wantsProgress: progress,
      wantsImageCheck: look.image || !progress || at >= imageDue,
      phase,
      estimate,
    };
  };
  const images = { progress: false, image: true };
  const progress = { progress: true, image: false };

  if (view.missingSince !== undefined) {
    // Not listed: look again soon to tell a copy not yet visible from one that is gone.
    return plan('confirm', params.minIntervalMs, images);
  }
  if (view.imageSeenAt === undefined && view.history.lastSeenAt === undefined) {
    // The snapshots tell whether the copy is under way; a missing or failed one brings the image
    // check into the same round.
    return plan('first', view.startedAt + params.firstPollMs - now, progress);
  }
  if (view.snapshotsDoneAt !== undefined) {
    // The image follows its snapshots after a registration lag (learned in the run). Look when
    // it is due, then ever less often if it takes longer.
    const since = now - (view.snapshotsDoneAt + view.registrationLagMs);
    const delay = since < 0 ? -since : clamp(since * 0.5, params.nearIntervalMs, params.finishingCapMs);
    return plan('finishing', delay, images);
  }
  const waited = now - view.startedAt;
  const flatDelay = clamp(waited * params.flatGrowth, params.minIntervalMs, flatCap(view, params));
  if (!view.progressAvailable) {
    // Nothing to estimate from (DescribeSnapshots denied, or snapshots not found): grow as in
    // the 0% phase, but never slower than the SDK waiter's 2 minutes.
    return plan('blind', Math.min(flatDelay, params.blindCapMs), images);
  }
  const estimate = estimateFor(view, now, params);
  if (!estimate) return plan('flat', flatDelay, progress);

  const pace = boundPace(stallPace(view.history, now), completesBy);
  if (pace) {
    // Jumps and stalls: any look may find it done. Look about every sqrt(k * distance to the
    // expected end): rarely far from it, closely around it. (The square root balances the calls
    // against the expected delay when completion can come at any look.)
    // A stall outlasting every earlier one widens the gaps too (a copy stuck for hours).
    const distance = Math.max(Math.abs(pace.expectedEnd - now), pace.overrunMs, params.nearIntervalMs);
    const delay = clamp(
      Math.sqrt(params.stallPaceMs * distance),
      params.nearIntervalMs,
      params.maxIntervalMs,
    );
    return plan('stalling', delay, progress, estimate);
  }

  // Overdue: sitting at one percent past the time the pace so far says it should be done.
  const overdueFrom = (estimate.latest ?? Number.POSITIVE_INFINITY) + params.overdueGraceMs;
  const windowStart = estimate.earliest - params.nearLeadMs;
  if (estimate.plateauSince !== undefined && now >= overdueFrom) {
    // Spread out as the stall drags on, but never denser than the approach to the earliest
    // completion would be (a copy stalled at 60% cannot be done in a minute unless it leaps).
    const delay = Math.max(
      clamp((now - overdueFrom) * params.overdueGrowth, params.nearIntervalMs, params.overdueCapMs),
      (windowStart - now) * params.approachFraction,
    );
    return plan('overdue', delay, progress, estimate);
  }
  if (now < windowStart) {
    let delay = (windowStart - now) * params.approachFraction;
    if (windowStart - now <= params.approachFloorMs) delay = windowStart - now;
    // No rate yet: look again soon enough to measure one, and no later than the flat rule would
    // have (a fast copy may otherwise finish unseen). With a rate: never extrapolate it further
    // ahead than the stretch it was measured over (copies speed up and slow down).
    if (!estimate.observed) delay = Math.min(delay, flatDelay);
    else delay = Math.min(delay, Math.max(flatDelay, params.extrapolation * progressSpan(view)));
    // Approaching is never denser than the close polling it leads to.
    return plan('approach', Math.max(delay, params.nearIntervalMs), progress, estimate);
  }
  // Close: follow the snapshots; the round calls DescribeImages as soon as they are done.
  return plan('near', params.nearIntervalMs, progress, estimate);
}

/**
 * The completion window progress gives at `now` (undefined before any progress above 0%), never
 * past a time-based copy's guaranteed completion while that holds.
 */
export function estimateFor(
  view: Pick<ImageView, 'history' | 'sizeGiB' | 'completesBy'>,
  now: number,
  params: PollParams,
): CompletionEstimate | undefined {
  const estimate = estimateCompletion({
    history: view.history,
    sizeGiB: view.sizeGiB,
    fastestCopyMiBps: params.fastestCopyMiBps,
  });
  return boundEstimate(estimate, guaranteeInForce(view.completesBy, now, params.guaranteeGraceMs));
}

/** How long progress has been measured: first to last sample above 0%. */
function progressSpan(view: ImageView): number {
  const samples = view.history.samples;
  const first = samples[0];
  const last = samples[samples.length - 1];
  return first && last ? last.at - first.at : 0;
}

/** The flat-phase cap for an image: the fastest plausible copy of its size, within bounds. */
export function flatCap(view: Pick<ImageView, 'sizeGiB'>, params: PollParams): number {
  const fastestMs = ((Math.max(view.sizeGiB, 1) * 1024) / params.fastestCopyMiBps) * 1000;
  return clamp(fastestMs, params.flatCapMinMs, params.flatCapMaxMs);
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
