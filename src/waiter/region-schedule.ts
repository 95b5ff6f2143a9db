/**
 * When a region polls next: the plans of its images (`poll-schedule.ts`) merged into one round,
 * one batched call per API for every image due by then, after the region's own limits: a
 * minimum gap, a call-rate cap, throttling and error back-off, jitter, and the deadline. Pure
 * functions of the region's call state, like the per-image schedule.
 */
import type { ImagePlan, PollParams } from './poll-schedule.js';

/** What the poller knows about one region's calls. */
export interface RegionCallState {
  /** Clock ms of the last poll round (undefined: none yet). */
  readonly lastPollAt: number | undefined;
  /** Start times of recent poll rounds (for the rate cap). */
  readonly recentPolls: readonly number[];
  /** Throttled rounds: up by one per throttled round, halved by each clean one. */
  readonly throttleLevel: number;
  /** Consecutive failed rounds for transient errors. */
  readonly errorLevel: number;
}

export const FRESH_REGION: RegionCallState = {
  lastPollAt: undefined,
  recentPolls: [],
  throttleLevel: 0,
  errorLevel: 0,
};

export interface RegionPlan {
  /** Clock ms of the next poll round. */
  readonly at: number;
  /** Images whose progress the round should fetch (batched). */
  readonly progressFor: readonly string[];
  /** True when the round must call DescribeImages whatever progress says. */
  readonly imageCheck: boolean;
  /** True when the round is the last look before the deadline. */
  readonly final: boolean;
}

/**
 * Merges the images' plans into the region's next round. `random` is in [0, 1); the jitter it
 * drives only ever delays a round that is not yet due, and never past the deadline.
 */
export function planRegion(
  plans: ReadonlyMap<string, ImagePlan>,
  calls: RegionCallState,
  now: number,
  deadline: number,
  params: PollParams,
  random: number,
): RegionPlan {
  let wanted = Number.POSITIVE_INFINITY;
  for (const plan of plans.values()) wanted = Math.min(wanted, plan.at);
  if (!Number.isFinite(wanted)) wanted = now + params.maxIntervalMs;

  // Jitter spreads regions apart (±jitterFraction of the wait), never below the bounds below.
  const wait = Math.max(0, wanted - now);
  let at = now + wait * (1 + params.jitterFraction * (2 * random - 1));

  const last = calls.lastPollAt;
  if (last !== undefined) {
    // Back-off floors get the same spread, so throttled regions do not come back in step.
    const spread = 1 + params.jitterFraction * (2 * random - 1);
    const throttle = backoff(calls.throttleLevel, params.throttleBaseMs, params.throttleMaxMs);
    const errors = backoff(calls.errorLevel, params.errorBaseMs, params.errorMaxMs);
    at = Math.max(at, last + params.minIntervalMs, last + throttle * spread, last + errors * spread);
  }
  const windowStart = at - 60_000;
  const inWindow = calls.recentPolls.filter((t) => t > windowStart).sort((a, b) => a - b);
  if (inWindow.length >= params.maxPollsPerMinute) {
    const oldest = inWindow[inWindow.length - params.maxPollsPerMinute] as number;
    at = Math.max(at, oldest + 60_000);
  }

  const final = at >= deadline;
  if (final) at = Math.max(deadline, now);

  // Everyone due by then (with a little slack) rides along in the same batched calls.
  const slack = Math.max(params.minIntervalMs, (at - now) * 0.25);
  const progressFor: string[] = [];
  let imageCheck = final;
  for (const [imageId, plan] of plans) {
    if (plan.at > at + slack) continue;
    if (plan.wantsProgress) progressFor.push(imageId);
    if (plan.wantsImageCheck && plan.at <= at + params.minIntervalMs) imageCheck = true;
  }
  if (progressFor.length === 0) imageCheck = true;
  return { at, progressFor, imageCheck, final };
}

/** The level from which `backoff` stays at its cap (counting further only slows recovery). */
export function backoffLevelCap(baseMs: number, maxMs: number): number {
  return Math.max(1, Math.ceil(Math.log2(Math.max(maxMs / baseMs, 1))) + 1);
}

/** base * 2^(level-1), capped. */
export function backoff(level: number, baseMs: number, maxMs: number): number {
  if (level <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(level - 1, 30));
}

/** Records a poll round at `at` in the region's call state (keeps the last minute). */
export function notePoll(calls: RegionCallState, at: number): RegionCallState {
  return {
    ...calls,
    lastPollAt: at,
    recentPolls: [...calls.recentPolls.filter((t) => t > at - 60_000), at],
  };
}
