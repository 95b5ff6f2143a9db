/**
 * When a region polls next: the plans of its images (`poll-schedule.ts`) merged into one round,
 * one batched call per API for every image due by then, after the region's own limits: a
 * minimum gap, a call-rate cap, throttling and error back-off, the pace a region whose calls the
 * SDK has to retry keeps between calls (`noteCall`), jitter, and the deadline. Pure
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
  /** Clock ms when the region's last call ended (undefined: none yet). */
  readonly lastCallAt: number | undefined;
  /**
   * Least gap between two calls in the region, learned from the SDK's retries (0: none needed).
   * A region whose calls get through only after retries has a request budget others are
   * spending too: every call made sooner would cost throttled attempts of that shared budget.
   */
  readonly paceMs: number;
}

export const FRESH_REGION: RegionCallState = {
  lastPollAt: undefined,
  recentPolls: [],
  throttleLevel: 0,
  errorLevel: 0,
  lastCallAt: undefined,
  paceMs: 0,
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
  const paced = pacedFrom(calls, params, random);
  if (paced !== undefined) at = Math.max(at, paced);
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

/**
 * The earliest time the region's next call may go out under its learned pace (undefined: no
 * pace), spread by the same jitter as the back-off floors.
 */
export function pacedFrom(calls: RegionCallState, params: PollParams, random: number): number | undefined {
  if (calls.paceMs <= 0 || calls.lastCallAt === undefined) return undefined;
  return calls.lastCallAt + calls.paceMs * (1 + params.jitterFraction * (2 * random - 1));
}

/**
 * A call that started at `startedAt` ended at `at` after the SDK retried it `retries` times.
 * Retries mean the region's request budget ran dry: the retried call waited about as long as
 * the budget takes to allow one more call, so the pace becomes `paceOfCall` times that wait,
 * and grows by `paceGrowth` at least (from `paceBaseMs`, to `paceMaxMs` at most). A call answered
 * at once eases the pace by `paceEase`; below the minimum interval it is dropped. One unlucky
 * retry starts no pace (`paceRetries`): a region where a few calls in a hundred are retried is
 * not short of budget.
 */
export function noteCall(
  calls: RegionCallState,
  retries: number,
  startedAt: number,
  at: number,
  params: PollParams,
): RegionCallState {
  let paceMs = calls.paceMs;
  if (retries >= params.paceRetries || (retries > 0 && paceMs > 0)) {
    const grown = Math.max(
      paceMs * params.paceGrowth,
      (at - startedAt) * params.paceOfCall,
      params.paceBaseMs,
    );
    paceMs = Math.min(grown, params.paceMaxMs);
  } else if (retries === 0 && paceMs > 0) {
    paceMs *= params.paceEase;
    if (paceMs < params.minIntervalMs) paceMs = 0;
  }
  return { ...calls, lastCallAt: at, paceMs };
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
