/**
 * When to look at a copy next, and with which call: pure functions of what the poller knows, so
 * the schedule is unit-tested on plain numbers and replayed by the benchmark on virtual time.
 *
 * Two looks exist. DescribeImages (batched per region) says whether the copy is done and needs
 * no guess about the registration lag; DescribeSnapshots (batched too) gives progress, which is
 * only worth its call where it lets the poller skip looks: where progress has been moving and
 * the copy still has a long way to go. Per image, a phase decides the next look:
 * - `first`: one early look shortly after the start (a copy AWS refuses outright shows up here);
 * - `confirm`: DescribeImages did not list the image; look again after the minimum interval;
 * - `flat`: no progress seen yet (AWS often sits at 0% for a long time): read the snapshots at
 *   an interval growing with the time waited, capped by how fast an image of this size could
 *   possibly copy, while 0% still means "not started yet" (`zeroReadsFactor`);
 * - `zero`: progress has sat at 0% past that: AWS is not reporting it (some copies read 0% until
 *   done). Snapshot reads stop; DescribeImages on the image cadence (below) takes over;
 * - `approach`: progress gives a completion window; look again after a fraction of the time to
 *   its earliest edge, so each look refines the estimate and the gaps shrink towards the end;
 * - `near`: inside the window: look at the snapshots every few seconds (slower when lags vary
 *   so much that knowing the end to the second buys nothing); DescribeImages follows once they
 *   are done;
 * - `overdue`: past the window with no completion (a stall): back off geometrically;
 * - `stalling`: a copy seen moving in jumps and stalls: look at a pace set by the distance to
 *   when its average speed says it should be done (`stallPace`);
 * - `finishing`: every snapshot is complete; the image turns available after a registration lag
 *   that differs per copy (its range is learned in the run, `poll-lag.ts`): look at the image
 *   at the shortest lag seen, then every few seconds, ever less often past the longest;
 * - `blind`: progress cannot be read at all: the image cadence.
 *
 * The image cadence (`zero`, `blind`): no look before the copy could possibly be done (bar the
 * first look and the liveness bound), then a gap growing with the time waited and capped by
 * `imageCapMs`, so a copy that jumps to done is seen within that cap however long it sat.
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
  /** While flat at 0%: next interval = this multiple of the time waited so far. */
  readonly flatGrowth: number;
  /**
   * Moving but with no rate yet (or a short one): the next look within this multiple of the time
   * waited, capped like the flat phase. Lower than `flatGrowth`: a copy seen moving may be close.
   */
  readonly approachGrowth: number;
  /** Bounds of the flat-phase interval; the size-based cap lies between them. */
  readonly flatCapMinMs: number;
  readonly flatCapMaxMs: number;
  /** Prior: the fastest a snapshot copy plausibly runs (MiB/s). */
  readonly fastestCopyMiBps: number;
  /** While every snapshot is done and the image is still pending: cap of the growing interval. */
  readonly finishingCapMs: number;
  /**
   * ...and the gaps between its looks are at least this fraction of the time since the snapshots
   * were done (a lag longer than any seen so far is not chased every few seconds).
   */
  readonly finishingGrowth: number;
  /**
   * A copy still at 0% after this multiple of the fastest plausible copy of its size (and at
   * least `zeroReadsMinMs`) is taken as not reporting progress: its snapshots are no longer read.
   */
  readonly zeroReadsFactor: number;
  readonly zeroReadsMinMs: number;
  /** Image cadence (no progress worth reading): gap = this fraction of the time waited, capped. */
  readonly imageGrowth: number;
  readonly imageCapMs: number;
  /**
   * When lags vary from copy to copy, progress is read only while the copy's earliest plausible
   * completion is at least this far off; closer, DescribeImages on the image cadence.
   */
  readonly progressWorthMs: number;
  /**
   * Inside the window, snapshots every max(nearIntervalMs, this share of the spread of lags),
   * capped by finishingCapMs; through the spread, the image is looked at on the same pace.
   */
  readonly nearLagShare: number;
  /** Past the window without completion: interval = this fraction of the time overdue, capped. */
  readonly overdueGrowth: number;
  readonly overdueCapMs: number;
  /** Copies seen stalling: look every sqrt(stallPaceMs * distance to the expected end). */
  readonly stallPaceMs: number;
  readonly stallCapMs: number;
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
  /**
   * Pacing a region whose calls the SDK had to retry (`region-schedule.ts` `noteCall`): a call
   * retried this many times starts the pace (once paced, any retry grows it): `paceOfCall` times
   * the retried call's duration, and at least `paceGrowth` times the pace before, from
   * `paceBaseMs` up to `paceMaxMs`; each call answered at once multiplies it by `paceEase`.
   */
  readonly paceRetries: number;
  readonly paceOfCall: number;
  readonly paceGrowth: number;
  readonly paceBaseMs: number;
  readonly paceMaxMs: number;
  readonly paceEase: number;
}

export const DEFAULT_POLL_PARAMS: PollParams = {
  firstPollMs: 15_000,
  minIntervalMs: 5_000,
  maxIntervalMs: 5 * 60_000,
  imageCheckMaxMs: 30 * 60_000,
  nearIntervalMs: 10_000,
  nearLeadMs: 5_000,
  approachFraction: 0.5,
  approachFloorMs: 60_000,
  extrapolation: 1,
  flatGrowth: 4,
  approachGrowth: 2,
  flatCapMinMs: 30_000,
  flatCapMaxMs: 5 * 60_000,
  fastestCopyMiBps: 200,
  finishingCapMs: 30_000,
  finishingGrowth: 0.25,
  zeroReadsFactor: 1.5,
  zeroReadsMinMs: 60_000,
  imageGrowth: 1,
  imageCapMs: 60_000,
  progressWorthMs: 5 * 60_000,
  nearLagShare: 0.35,
  overdueGrowth: 0.5,
  overdueCapMs: 2 * 60_000,
  overdueGraceMs: 10_000,
  stallPaceMs: 30_000,
  stallCapMs: 60_000,
  guaranteeGraceMs: 15_000,
  jitterFraction: 0.1,
  maxPollsPerMinute: 10,
  throttleBaseMs: 15_000,
  throttleMaxMs: 2 * 60_000,
  errorBaseMs: 5_000,
  errorMaxMs: 5 * 60_000,
  paceRetries: 2,
  paceOfCall: 2,
  paceGrowth: 1.5,
  paceBaseMs: 10_000,
  paceMaxMs: 2 * 60_000,
  paceEase: 0.8,
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
  /** How much longer than that some copy's lag has been seen to be (learned; 0 if unknown). */
  readonly registrationLagSpreadMs?: number;
}

export type ImagePhase =
  | 'first'
  | 'confirm'
  | 'flat'
  | 'cadence'
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
  const spread = view.registrationLagSpreadMs ?? 0;
  if (view.snapshotsDoneAt !== undefined) {
    // The image follows its snapshots after a lag of its own. Look at the shortest lag seen in
    // the run, then every nearIntervalMs through the spread of lags seen, then ever less often.
    const since = now - (view.snapshotsDoneAt + view.registrationLagMs);
    const through = lagPace(spread, params);
    const wanted =
      since < 0 ? -since : clamp(Math.max(since - spread, 0) * 0.5, through, params.finishingCapMs);
    // The lag figure can move past a look just made (it converges from below): the image just
    // seen pending waits a gap growing with the time since its snapshots were done (at least the
    // pace through the lags), so a lag longer than any seen so far is not chased every few seconds.
    const sinceSeen = view.imageSeenAt === undefined ? Number.POSITIVE_INFINITY : now - view.imageSeenAt;
    const gap = clamp((now - view.snapshotsDoneAt) * params.finishingGrowth, through, params.finishingCapMs);
    const delay = Math.max(wanted, gap - sinceSeen);
    return plan('finishing', delay, images);
  }
  const waited = now - view.startedAt;
  const flatDelay = clamp(waited * params.flatGrowth, params.minIntervalMs, flatCap(view, params));
  // DescribeImages only: nothing before the copy could be done, then a gap growing with the time
  // waited (a copy that sat long is less likely to finish in the next seconds), capped.
  const imageCadence = (couldBeDone = view.startedAt + fastestCopyMs(view, params)) => {
    const gap = clamp(waited * params.imageGrowth, params.minIntervalMs, params.imageCapMs);
    return Math.max(couldBeDone, (view.imageSeenAt ?? view.startedAt) + gap) - now;
  };
  // Progress is worth reading where it lets the poller skip looks: when lags are alike (seeing
  // the snapshots done then times the image check to the second), or while the copy still has
  // longer to go than `progressWorthMs`. Otherwise DescribeImages on the cadence answers sooner
  // for the same calls, and one call answers for every image of the region.
  const lagsVary = spread >= 2 * params.nearIntervalMs;
  const worthReading = (earliest: number) => !lagsVary || earliest - now >= params.progressWorthMs;
  if (!view.progressAvailable) {
    // Nothing to estimate from (DescribeSnapshots denied, or snapshots not found).
    return plan('blind', imageCadence(), images);
  }
  const estimate = estimateFor(view, now, params);
  if (!estimate) {
    // Still 0%. Early on that says the copy has not really started, and reading on shows when it
    // does; past a few times the fastest copy of its size it says AWS is not reporting progress
    // for this copy (some read 0% until done): stop paying for reads that tell nothing.
    const zeroLimit = Math.max(params.zeroReadsFactor * fastestCopyMs(view, params), params.zeroReadsMinMs);
    const couldBeDone = view.startedAt + fastestCopyMs(view, params);
    if (waited < zeroLimit && worthReading(couldBeDone)) return plan('flat', flatDelay, progress);
    return plan('cadence', imageCadence(), images);
  }

  const pace = boundPace(stallPace(view.history, now), completesBy);
  if (pace) {
    // Jumps and stalls: any look may find it done. Look about every sqrt(k * distance to the
    // expected end): rarely far from it, closely around it. (The square root balances the calls
    // against the expected delay when completion can come at any look.)
    // A stall outlasting every earlier one widens the gaps too (a copy stuck for hours).
    const distance = Math.max(Math.abs(pace.expectedEnd - now), pace.overrunMs, params.nearIntervalMs);
    // Each look may be the one after the final leap, so the gap is capped (`stallCapMs`): a leap
    // is never seen minutes late.
    const delay = clamp(Math.sqrt(params.stallPaceMs * distance), params.nearIntervalMs, params.stallCapMs);
    return plan('stalling', delay, progress, estimate);
  }

  // Overdue: sitting at one percent past the time the pace so far says it should be done.
  const overdueFrom = (estimate.latest ?? Number.POSITIVE_INFINITY) + params.overdueGraceMs;
  const windowStart = estimate.earliest - params.nearLeadMs;
  if (estimate.plateauSince !== undefined && now >= overdueFrom) {
    // Spread out as the stall drags on, but never denser than the approach to the earliest
    // completion would be (a copy stalled at 60% cannot be done in a minute unless it leaps),
    // and never more than overdueCapMs apart (it may leap: it should not be seen minutes late).
    const delay = Math.min(
      Math.max(
        clamp((now - overdueFrom) * params.overdueGrowth, params.nearIntervalMs, params.overdueCapMs),
        (windowStart - now) * params.approachFraction,
      ),
      params.overdueCapMs,
    );
    return plan('overdue', delay, progress, estimate);
  }
  if (!worthReading(windowStart)) return plan('cadence', imageCadence(windowStart), images, estimate);
  if (now < windowStart) {
    let delay = (windowStart - now) * params.approachFraction;
    if (windowStart - now <= params.approachFloorMs) delay = windowStart - now;
    // No rate yet: look again soon enough to measure one, within `approachGrowth` times the time
    // waited (a fast copy may otherwise finish unseen). With a rate: never extrapolate it further
    // ahead than the stretch it was measured over (copies speed up and slow down).
    const early = clamp(waited * params.approachGrowth, params.minIntervalMs, flatCap(view, params));
    if (!estimate.observed) delay = Math.min(delay, early);
    else delay = Math.min(delay, Math.max(early, params.extrapolation * progressSpan(view)));
    // Sitting on one percent, the rate says little about when it moves again (copies leap from
    // a stall, some straight to done): the gap is bounded as for a stalling copy.
    if (estimate.plateauSince !== undefined) delay = Math.min(delay, params.stallCapMs);
    // Approaching is never denser than the close polling it leads to.
    return plan('approach', Math.max(delay, params.nearIntervalMs), progress, estimate);
  }
  // Close (and lags alike): follow the snapshots; the round calls DescribeImages as soon as they
  // are done, and the finishing phase aims at the lag.
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
  return clamp(fastestCopyMs(view, params), params.flatCapMinMs, params.flatCapMaxMs);
}

/** The pace of looks through a spread of registration lags (and of snapshot reads near the end). */
function lagPace(spreadMs: number, params: PollParams): number {
  return clamp(spreadMs * params.nearLagShare, params.nearIntervalMs, params.finishingCapMs);
}

/** How long the fastest plausible copy of an image of this size takes (`fastestCopyMiBps`). */
export function fastestCopyMs(view: Pick<ImageView, 'sizeGiB'>, params: PollParams): number {
  return ((Math.max(view.sizeGiB, 1) * 1024) / params.fastestCopyMiBps) * 1000;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
