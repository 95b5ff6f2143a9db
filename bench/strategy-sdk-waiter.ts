/**
 * The AWS SDK's own waiter, as users write it: `waitUntilImageAvailable` from
 * `@aws-sdk/client-ec2`, one waiter per image, one client per region, `maxWaitTime` = the
 * workload's timeout. It is the real function on the action's own clients (adaptive retries,
 * 8 attempts, the model as transport), run on fake time: @smithy/util-waiter sleeps with the
 * global `setTimeout` and reads `Date`, which fake-time.ts replaces, and its jitter's
 * `Math.random` is seeded. A throttled DescribeImages is retried by the SDK's retry strategy
 * first; only what gets past it reaches the waiter, which then retries on its own schedule.
 *
 * On a fault-free workload its schedule is also computed (`predict`, see `predictSdkWaiter`);
 * the runner executes the real waiter on the verify seeds and fails if the two differ.
 */
import { waitUntilImageAvailable } from '@aws-sdk/client-ec2';
import { createRng } from '../sim/model/index.js';
import { installFakeTime } from './fake-time.js';
import { callCounts, copyKey, type Observation, type Strategy, type StrategyRun } from './strategy.js';
import { BENCH_START, startedCopies } from './strategy-fixed.js';
import { type CopyRef, startWorkload } from './workloads.js';

export const sdkWaiterStrategy: Strategy = {
  name: 'SDK waitUntilImageAvailable',
  description: 'real @aws-sdk/client-ec2 waiter per image (15-120 s backoff with jitter)',
  async run(spec) {
    const time = installFakeTime(BENCH_START, spec.seed);
    try {
      const workload = await startWorkload(spec, time.clock);
      const observed = new Map<string, Observation>();
      const waiters = workload.copies.map((copy) =>
        waitUntilImageAvailable(
          { client: workload.clients(copy.region), maxWaitTime: spec.timeoutMs / 1000 },
          { ImageIds: [copy.imageId] },
        ).then(
          () => observed.set(copyKey(copy), { state: 'available', at: Date.now() }),
          (error: Error) =>
            observed.set(copyKey(copy), {
              state: error.name === 'TimeoutError' ? 'gave-up' : 'failed',
              at: Date.now(),
            }),
        ),
      );
      await time.run(Promise.all(waiters));
      return {
        strategy: sdkWaiterStrategy.name,
        copies: workload.copies,
        observed,
        startedAt: workload.startedAt,
        exitAt: Date.now(),
        calls: callCounts(workload.model),
      };
    } finally {
      time.uninstall();
    }
  },
  async predict(spec, started) {
    const { copies, startedAt } = started ?? (await startedCopies(spec));
    return predictSdkWaiter(spec.seed, copies, startedAt, spec.timeoutMs);
  },
};

/** `waitUntilImageAvailable`'s delays (@aws-sdk/client-ec2 3.1169), seconds. */
const MIN_DELAY_S = 15;
const MAX_DELAY_S = 120;

/**
 * The waiters above, computed for a workload where every DescribeImages answers at once: an
 * image reads `pending` until its copy settles, then its outcome. It replays, step by step,
 * what the run does on fake time:
 * - each waiter is @smithy/core's `runPolling` (3.41, formerly @smithy/util-waiter): a look at
 *   once, then after every RETRY `exponentialBackoffWithJitter` (copied below), TIMEOUT if the
 *   next look would pass `maxWaitTime`;
 * - `sleep` is `setTimeout(resolve, s * 1000)`: fake-time.ts lifts a delay below 1 ms to 1 ms and
 *   @sinonjs/fake-timers schedules at `now + parseInt(String(delay))` (whole ms, `Date.now()`
 *   stays whole), firing equal times in creation order;
 * - `Math.random` is the seeded `sdk-jitter` stream of installFakeTime and only the waiters
 *   draw from it (the SDK's retry strategy draws only on a retry, and nothing is retried here);
 *   they draw in the order their looks answer: at the start in the order the waiters were
 *   created (every look takes the same steps and no time), later in the order of the timers.
 */
export function predictSdkWaiter(
  seed: number,
  copies: readonly CopyRef[],
  startedAt: number,
  timeoutMs: number,
): StrategyRun {
  const random = createRng(seed).derive('sdk-jitter').next;
  const [minDelayMs, maxDelayMs] = [MIN_DELAY_S * 1000, MAX_DELAY_S * 1000];
  const waitUntil = startedAt + (timeoutMs / 1000) * 1000;
  const observed = new Map<string, Observation>();
  /** Pending sleeps: when they end, creation order (fake-timers' tie-break), the waiter's attempt. */
  const timers: { at: number; order: number; copy: CopyRef; attempt: number }[] = [];
  let order = 0;
  let looks = 0;
  let exitAt = startedAt;
  const look = (copy: CopyRef, now: number, attempt: number) => {
    looks++;
    if (copy.completesAt <= now) {
      // SUCCESS on `available`; FAILURE on `failed`, which checkExceptions throws as an Error.
      observed.set(copyKey(copy), { state: copy.outcome, at: now });
      exitAt = Math.max(exitAt, now);
      return;
    }
    const next = attempt + 1;
    const delayMs = exponentialBackoffWithJitter(minDelayMs, maxDelayMs, next, waitUntil, now, random);
    if (now + delayMs > waitUntil) {
      observed.set(copyKey(copy), { state: 'gave-up', at: now });
      exitAt = Math.max(exitAt, now);
      return;
    }
    const delay = (delayMs / 1000) * 1000;
    timers.push({
      at: now + parseInt(String(Math.max(delay, 1)), 10),
      order: order++,
      copy,
      attempt: next,
    });
  };
  for (const copy of copies) look(copy, startedAt, 0);
  for (let timer = timers[0]; timer; timer = timers[0]) {
    for (const t of timers) if (t.at < timer.at || (t.at === timer.at && t.order < timer.order)) timer = t;
    timers.splice(timers.indexOf(timer), 1);
    look(timer.copy, timer.at, timer.attempt);
  }
  return {
    strategy: sdkWaiterStrategy.name,
    copies,
    observed,
    startedAt,
    exitAt,
    calls: { describeImages: looks, describeSnapshots: 0, throttled: 0 },
  };
}

/** @smithy/core's (3.41, client submodule), with `Date.now()` as `now` and `Math.random` as `random`. */
function exponentialBackoffWithJitter(
  minDelayMs: number,
  maxDelayMs: number,
  attempt: number,
  waitUntil: number,
  now: number,
  random: () => number,
): number {
  const attemptCountCeiling = Math.log(maxDelayMs / minDelayMs) / Math.log(2) + 1;
  if (attempt > attemptCountCeiling) return maxDelayMs;
  const delay = minDelayMs * 2 ** (attempt - 1);
  const capped = Math.min(delay, maxDelayMs);
  const waitFor = minDelayMs + random() * (capped - minDelayMs);
  if (now + waitFor > waitUntil) return Math.max(0, waitUntil - now - 500);
  return waitFor;
}
