/**
 * Time-based copies (CopyImage with SnapshotCopyCompletionDurationMinutes): AWS guarantees the
 * snapshots are copied by a known time, the target's `completesBy`; they may be done earlier.
 * While that time plus a grace has not passed, the schedule takes it as an upper bound: no
 * completion estimate lies beyond it, and a copy whose snapshots are unfinished is looked at no
 * later than `completesBy + grace`. Once that moment has passed with the copy unfinished, the
 * guarantee counts as missed and the copy is scheduled exactly as one without it.
 */
import type { CompletionEstimate, StallPace } from './poll-estimate.js';

/** `completesBy` while it still shapes the schedule at `now`; undefined without one, or once missed. */
export function guaranteeInForce(
  completesBy: number | undefined,
  now: number,
  graceMs: number,
): number | undefined {
  return completesBy !== undefined && now < completesBy + graceMs ? completesBy : undefined;
}

/** The estimate with neither edge of its window past `completesBy` (an unknown latest becomes it). */
export function boundEstimate(
  estimate: CompletionEstimate | undefined,
  completesBy: number | undefined,
): CompletionEstimate | undefined {
  if (!estimate || completesBy === undefined) return estimate;
  return {
    ...estimate,
    earliest: Math.min(estimate.earliest, completesBy),
    latest: Math.min(estimate.latest ?? completesBy, completesBy),
  };
}

/** A stalling copy's expected end, never past `completesBy`. */
export function boundPace(
  pace: StallPace | undefined,
  completesBy: number | undefined,
): StallPace | undefined {
  if (!pace || completesBy === undefined) return pace;
  return { ...pace, expectedEnd: Math.min(pace.expectedEnd, completesBy) };
}
