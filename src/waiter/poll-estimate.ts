/**
 * When will a copy finish? Pure estimation from the snapshot progress the poller has seen.
 *
 * AWS reports progress as a whole percent ("37%"), so a sample (t, p) says the true progress at
 * t lies in [p, p+1). Two samples bound the rate between them; the latest samples bound the
 * completion time. Every figure is an interval, so sparse or coarse samples give an honest wide
 * window rather than a confident wrong point.
 *
 * The model behind it is "roughly steady lately": the rate comes from the latest stretch of
 * history (recent third), cross-checked with the long run since progress first showed. A copy
 * that speeds up is caught by the poller looking again well before the window (see
 * `approachFraction`); one that stalls pushes the window out as samples pile up at one percent.
 */

export interface ProgressSample {
  readonly at: number;
  /** 0..100 (whole percent as AWS reports it). */
  readonly percent: number;
}

export interface ProgressHistory {
  /**
   * Samples above 0%, oldest first. Of a run of equal percents only the first and last are kept
   * (the ones in between add nothing); the first sample is kept when trimming.
   */
  readonly samples: readonly ProgressSample[];
  /** Latest percent seen (0..100), undefined before any sample. */
  readonly lastPercent: number | undefined;
  /** Clock ms of the latest sample (0% included). */
  readonly lastSeenAt: number | undefined;
}

export const EMPTY_HISTORY: ProgressHistory = { samples: [], lastPercent: undefined, lastSeenAt: undefined };

const MAX_SAMPLES = 32;

/**
 * Adds one sample. A percent lower than the last one counts as no change (progress does not go
 * back; a lower figure is a stale answer).
 */
export function recordProgress(history: ProgressHistory, percent: number, at: number): ProgressHistory {
  const last = history.lastPercent;
  const value = Math.max(Math.min(100, Math.max(0, percent)), last ?? 0);
  if (value === 0) return { samples: history.samples, lastPercent: 0, lastSeenAt: at };
  let samples = [...history.samples];
  const n = samples.length;
  // Plateau: keep its first and last sample only.
  if (n >= 2 && samples[n - 1]?.percent === value && samples[n - 2]?.percent === value) samples.pop();
  samples.push({ at, percent: value });
  if (samples.length > MAX_SAMPLES)
    samples = [samples[0] as ProgressSample, ...samples.slice(-(MAX_SAMPLES - 1))];
  return { samples, lastPercent: value, lastSeenAt: at };
}

export interface EstimateInput {
  readonly history: ProgressHistory;
  /** Total size of the image, GiB. */
  readonly sizeGiB: number;
  /** A prior: the fastest a copy plausibly runs (MiB/s). Used only until a rate is measured. */
  readonly fastestCopyMiBps: number;
}

export interface CompletionEstimate {
  /** Earliest plausible completion (clock ms). */
  readonly earliest: number;
  /** Latest completion if the rate measured so far held (clock ms; may lie before `earliest` when the
   * copy stalls); undefined when unknown. */
  readonly latest: number | undefined;
  /** The (upper) rate used for `earliest`, percent per ms. */
  readonly fastRate: number;
  /** True when based on a measured rate, false when on the size prior. */
  readonly observed: boolean;
  /** When the current percent was first seen, if it has been seen more than once (a plateau). */
  readonly plateauSince: number | undefined;
}

/** Undefined while no progress above 0% has been seen. */
export function estimateCompletion(input: EstimateInput): CompletionEstimate | undefined {
  const { samples } = input.history;
  const last = samples[samples.length - 1];
  const first = samples[0];
  if (!last || !first) return undefined;
  const priorRate = (100 * input.fastestCopyMiBps) / (Math.max(input.sizeGiB, 1) * 1024 * 1000);

  // A rate needs two samples with a measurable gap between them.
  if (last.percent - first.percent < 2 || last.at <= first.at || samples.length < 2) {
    const earliest = last.at + Math.max(0, 99 - last.percent) / priorRate;
    return { earliest, latest: undefined, fastRate: priorRate, observed: false, plateauSince: undefined };
  }

  // Rates are measured up to the first sample of the current plateau: time spent sitting at one
  // percent is a stall, not a slower rate (else a copy stuck at 99% would never be overdue).
  const plateau = samples.length >= 2 && samples[samples.length - 2]?.percent === last.percent;
  const measured = plateau ? samples.slice(0, -1) : samples;
  const end = measured[measured.length - 1] as ProgressSample;
  const longRate = rateBetween(first, end);
  const anchorIndex = recentAnchor(measured);
  const anchor = measured[anchorIndex] as ProgressSample;
  const recentRate = rateBetween(anchor, end);
  // The latest step alone: the first sign of a speed-up.
  const latestRate = rateBetween(measured[latestStep(measured)] as ProgressSample, end);
  // Copies change speed; the fastest they have been seen going is what they may do again.
  // ...but not more than RATE_SPREAD times its average: a leap after a stall is not a speed.
  const average = (last.percent - first.percent + 1) / (last.at - first.at);
  const fastRate = Math.min(
    Math.max(longRate.high, recentRate.high, latestRate.high, peakRate(measured)),
    RATE_SPREAD * average,
  );
  // The pace lately, for when the copy should be done if nothing changes.
  const slowRate = Math.min(recentRate.low, latestRate.low);

  // Earliest: from every sample of the recent stretch (at t the copy was below p+1). Latest: from
  // the moment the current percent was first seen, at the recent pace.
  let earliest = Number.NEGATIVE_INFINITY;
  for (let i = anchorIndex; i < samples.length; i++) {
    const s = samples[i] as ProgressSample;
    earliest = Math.max(earliest, s.at + Math.max(0, 99 - s.percent) / fastRate);
  }
  return {
    earliest,
    // A latest before the earliest means the copy is behind its own pace: a stall (overdue).
    latest: slowRate > 0 ? end.at + (100 - end.percent) / slowRate : undefined,
    fastRate,
    observed: true,
    plateauSince: plateau ? end.at : undefined,
  };
}

/** Bounds of the (assumed steady) rate between two samples, percent per ms. */
function rateBetween(a: ProgressSample, b: ProgressSample): { low: number; high: number } {
  const span = b.at - a.at;
  if (span <= 0) return { low: 0, high: Number.POSITIVE_INFINITY };
  return { low: Math.max(0, b.percent - a.percent - 1) / span, high: (b.percent - a.percent + 1) / span };
}

/**
 * Start of the recent stretch: the latest sample at least a third of the history's span before
 * the last one and at least 3 percent below it (so whole-percent rounding stays small).
 */
function recentAnchor(samples: readonly ProgressSample[]): number {
  const first = samples[0] as ProgressSample;
  const last = samples[samples.length - 1] as ProgressSample;
  const minSpan = (last.at - first.at) / 3;
  for (let i = samples.length - 2; i > 0; i--) {
    const s = samples[i] as ProgressSample;
    if (last.at - s.at >= minSpan && last.percent - s.percent >= 3) return i;
  }
  return 0;
}

/** The latest sample at least 3 percent below the last one (else the first). */
function latestStep(samples: readonly ProgressSample[]): number {
  const last = samples[samples.length - 1] as ProgressSample;
  for (let i = samples.length - 2; i > 0; i--) {
    if (last.percent - (samples[i] as ProgressSample).percent >= 3) return i;
  }
  return 0;
}

/** How much faster than its average a copy is expected to go at most. */
const RATE_SPREAD = 4;

/** The fastest steady stretch seen: max rate between samples at least PEAK_STEP percent apart. */
const PEAK_STEP = 5;
function peakRate(samples: readonly ProgressSample[]): number {
  let peak = 0;
  let from = 0;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[from] as ProgressSample;
    const b = samples[i] as ProgressSample;
    if (b.percent - a.percent < PEAK_STEP) continue;
    peak = Math.max(peak, rateBetween(a, b).low);
    from = i;
  }
  return peak;
}

/**
 * Copies that move in jumps and stalls (progress sits still, then leaps) make a rate meaningless:
 * each leap looks like "almost done". Once a stall has been seen — a plateau lasting many times
 * the copy's average time per percent, before the current one — the poller goes by the average
 * pace instead: the copy
 * should be done about when the average so far (stalls included) reaches 100%.
 */
export interface StallPace {
  /** When the average pace so far (stalls included) reaches 100% (clock ms). */
  readonly expectedEnd: number;
  /** How far the stall under way has run past twice the longest earlier one (and 30 min), ms. */
  readonly overrunMs: number;
}

/** A plateau this many average percent-times long (and at least MIN_STALL_MS) marks a stalling copy. */
const STALL_FACTOR = 8;
const MIN_STALL_MS = 2 * 60_000;
const LONG_STALL_MS = 30 * 60_000;

export function stallPace(history: ProgressHistory, now: number): StallPace | undefined {
  const { samples } = history;
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || samples.length < 3 || last.percent - first.percent < 2) return undefined;
  const perPercent = (last.at - first.at) / (last.percent - first.percent);
  const stallMs = Math.max(STALL_FACTOR * perPercent, MIN_STALL_MS);
  let stalled = false;
  let longestEarlier = 0;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1] as ProgressSample;
    const b = samples[i] as ProgressSample;
    // Earlier plateaus only: sitting at the current percent is the `overdue` rule's business
    // until the copy has shown it moves in jumps.
    if (a.percent !== b.percent || b.percent === last.percent) continue;
    if (b.at - a.at >= stallMs) stalled = true;
    longestEarlier = Math.max(longestEarlier, b.at - a.at);
  }
  if (!stalled) return undefined;
  let reached = samples.length - 1;
  while (reached > 0 && (samples[reached - 1] as ProgressSample).percent === last.percent) reached--;
  // A stall far longer than any before it (twice, and half an hour at least): less and less
  // likely to end at the next look (a copy stuck for hours).
  const sitting = now - (samples[reached] as ProgressSample).at;
  const overrun = Math.max(0, sitting - Math.max(2 * longestEarlier, LONG_STALL_MS));
  // The average pace, the stall under way included: the longer it sits, the slower the pace and
  // the further the expected end.
  const pace = (last.percent - first.percent) / Math.max(now - first.at, 1);
  return { expectedEnd: now + (100 - last.percent) / pace, overrunMs: overrun };
}
