/**
 * How long a copy takes and how its reported progress moves. Progress is a pure function of
 * the fraction of the copy's duration that has elapsed, described by keyframes
 * `[timeFraction, progressFraction]` interpolated linearly; two keyframes at the same time
 * make a jump, two with the same progress a stall. Profiles draw their keyframes from a seeded
 * RNG, so a copy's curve repeats for a seed.
 */
import { awsError } from './errors.js';
import type { Rng } from './rng.js';

export type Keyframe = readonly [timeFraction: number, progress: number];

export type ProgressProfileName =
  | 'linear'
  | 'realistic'
  | 'jumps-and-stalls'
  | 'late-start'
  | 'zero-until-done';
export type ProgressProfile = ProgressProfileName | ((rng: Rng) => Keyframe[]);

export const PROGRESS_PROFILES: readonly ProgressProfileName[] = [
  'linear',
  'realistic',
  'jumps-and-stalls',
  'late-start',
  'zero-until-done',
];

export function keyframesFor(profile: ProgressProfile, rng: Rng): Keyframe[] {
  if (typeof profile === 'function') return normalise(profile(rng));
  switch (profile) {
    case 'linear':
      return [
        [0, 0],
        [1, 1],
      ];
    case 'realistic':
      return realistic(rng);
    case 'jumps-and-stalls':
      return jumpsAndStalls(rng);
    case 'late-start':
      return lateStart(rng);
    case 'zero-until-done':
      // Reported against real copies: "0%" for the whole copy, then straight to 100%.
      return [
        [0, 0],
        [1, 0],
        [1, 1],
      ];
  }
}

/** Sits at 0% for 5-25% of the time, then rises in 3-5 segments of uneven speed. */
function realistic(rng: Rng): Keyframe[] {
  const hold = rng.between(0.05, 0.25);
  const frames: Keyframe[] = [
    [0, 0],
    [hold, 0],
  ];
  const segments = 3 + rng.int(3);
  const weights = Array.from({ length: segments }, () => rng.between(0.2, 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let progress = 0;
  for (let i = 0; i < segments - 1; i++) {
    progress += (weights[i] ?? 0) / total;
    frames.push([hold + ((1 - hold) * (i + 1)) / segments, progress]);
  }
  frames.push([1, 1]);
  return frames;
}

/** Long 0% start, then flat stretches broken by sudden jumps; the last jump lands at completion. */
function jumpsAndStalls(rng: Rng): Keyframe[] {
  let time = rng.between(0.1, 0.3);
  let progress = 0;
  const frames: Keyframe[] = [
    [0, 0],
    [time, 0],
  ];
  while (time < 0.85) {
    const jump = rng.between(0.08, 0.3);
    progress = Math.min(0.95, progress + jump);
    frames.push([time, progress]);
    time += rng.between(0.05, 0.2);
    frames.push([Math.min(time, 0.97), progress]);
  }
  frames.push([1, progress], [1, 1]);
  return normalise(frames);
}

/** Nothing visible for most of the copy, then a quick climb. */
function lateStart(rng: Rng): Keyframe[] {
  const start = rng.between(0.6, 0.85);
  return [
    [0, 0],
    [start, 0],
    [1, 1],
  ];
}

function normalise(frames: Keyframe[]): Keyframe[] {
  const clamped = frames.map(([t, p]) => [clamp01(t), clamp01(p)] as const);
  const sorted = clamped.map((frame, index) => ({ frame, index }));
  sorted.sort((a, b) => a.frame[0] - b.frame[0] || a.index - b.index);
  let max = 0;
  const out: Keyframe[] = sorted.map(({ frame }) => {
    max = Math.max(max, frame[1]);
    return [frame[0], max];
  });
  if (out[0]?.[0] !== 0) out.unshift([0, 0]);
  const last = out[out.length - 1];
  if (last?.[0] !== 1 || last[1] !== 1) out.push([1, 1]);
  return out;
}

/** Progress (0..1) after `fraction` (0..1) of the duration has elapsed. */
export function progressAt(frames: readonly Keyframe[], fraction: number): number {
  if (fraction >= 1) return 1;
  if (fraction <= 0) return frames[0]?.[1] ?? 0;
  let i = 0;
  for (let k = 0; k < frames.length; k++) if ((frames[k]?.[0] ?? 2) <= fraction) i = k;
  const from = frames[i];
  const to = frames[i + 1];
  if (!from) return 0;
  if (!to || to[0] === from[0]) return from[1];
  return from[1] + ((to[1] - from[1]) * (fraction - from[0])) / (to[0] - from[0]);
}

/** AWS's snapshot progress string: "37%"; never "100%" before the copy is done. */
export function progressText(progress: number, done: boolean): string {
  if (done) return '100%';
  return `${Math.min(99, Math.floor(progress * 100))}%`;
}

export interface CopyTiming {
  /** MiB/s a snapshot copy into this region achieves. */
  readonly throughputMiBps: number;
  /** Fixed start-up time of any copy, seconds. */
  readonly overheadSeconds: number;
  /** Relative jitter: the duration is multiplied by a factor in [1-jitter, 1+jitter]. */
  readonly jitter: number;
}

/** Duration of one snapshot copy of `sizeGiB`, in ms. */
export function snapshotCopyDurationMs(sizeGiB: number, timing: CopyTiming, rng: Rng): number {
  const seconds = timing.overheadSeconds + (sizeGiB * 1024) / Math.max(timing.throughputMiBps, 0.001);
  const factor = 1 + rng.between(-timing.jitter, timing.jitter);
  return Math.max(1000, Math.round(seconds * factor * 1000));
}

/** Time-based copies move at most this fast per snapshot. */
export const TIME_BASED_MAX_MIBPS = 500;

/** The least a time-based copy of `sizeGiB` can take, ms (at the 500 MiB/s ceiling). */
export function timeBasedMinimumMs(sizeGiB: number): number {
  return Math.ceil(((sizeGiB * 1024) / TIME_BASED_MAX_MIBPS) * 1000);
}

/** A time-based copy must be able to finish in 90% of its duration at the 500 MiB/s ceiling. */
export function checkTimeBasedFits(
  source: { readonly blockDevices: readonly { snapshotId: string; volumeSize: number }[] },
  minutes: number,
): void {
  const budget = minutes * 60_000;
  for (const device of source.blockDevices) {
    const minimum = timeBasedMinimumMs(device.volumeSize);
    if (minimum > budget * 0.9) {
      const needed = Math.ceil(minimum / 0.9 / (15 * 60_000)) * 15;
      throw awsError(
        'InvalidParameterValue',
        `The completion duration of ${minutes} minutes is too short for snapshot ${device.snapshotId} (${device.volumeSize} GiB): specify at least ${needed} minutes.`,
      );
    }
  }
}

/**
 * A time-based copy's schedule: the image must be available within `budgetMs`, so the
 * registration lag is cut to at most a tenth of the budget and each snapshot takes its normal
 * (seeded) time, or the rest of the budget if that is sooner. Never faster than the ceiling.
 */
export function timeBasedSchedule(
  budgetMs: number,
  normalMs: readonly number[],
  sizesGiB: readonly number[],
  registrationLagMs: number,
): { snapshotMs: number[]; registrationLagMs: number } {
  const lag = Math.min(registrationLagMs, Math.floor(budgetMs / 10));
  const snapshotMs = normalMs.map((normal, i) =>
    Math.max(Math.min(normal, budgetMs - lag), timeBasedMinimumMs(sizesGiB[i] ?? 0)),
  );
  return { snapshotMs, registrationLagMs: lag };
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
