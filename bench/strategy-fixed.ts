/**
 * The scripted baselines, through the action's gateway (so a throttled call is retried by the
 * SDK's adaptive strategy before the loop sees it, as it would be for a user of the SDK):
 * - per image: one loop per image, DescribeImages for that image every `intervalMs` (AWS CLI
 *   `wait image-available` style, and Packer's default of 120 attempts);
 * - per region: one loop per region, one DescribeImages for all of the region's pending images
 *   every `intervalMs` (the batched loop a careful script writes).
 * First look right away, as the CLI and Packer do. Errors that get past the SDK's retries are
 * simply retried at the next tick, which is kinder to the baseline than the CLI, whose waiter
 * stops on an unexpected error.
 */
import { FAILED_IMAGE_STATES } from '../src/waiter/index.js';
import { installFakeTime } from './fake-time.js';
import { callCounts, copyKey, type Observation, type Strategy, type StrategyRun } from './strategy.js';
import { type CopyRef, startWorkload, type WorkloadSpec } from './workloads.js';

export const BENCH_START = Date.UTC(2026, 0, 1);

export interface FixedIntervalOptions {
  readonly name: string;
  readonly description: string;
  readonly intervalMs: number;
  /** Looks per loop before giving up (Packer: 120); default: until the timeout. */
  readonly maxAttempts?: number;
  /** `image`: a loop per image; `region`: a loop per region, all its pending images in one call. */
  readonly per: 'image' | 'region';
}

/** The copies a run of `spec` starts (identical in every run of it), for a computed run without one at hand. */
export async function startedCopies(spec: WorkloadSpec): Promise<Pick<StrategyRun, 'copies' | 'startedAt'>> {
  const time = installFakeTime(BENCH_START, spec.seed);
  try {
    const { copies, startedAt } = await startWorkload(spec, time.clock);
    return { copies, startedAt };
  } finally {
    time.uninstall();
  }
}

export function fixedIntervalStrategy(options: FixedIntervalOptions): Strategy {
  return {
    name: options.name,
    description: options.description,
    async run(spec) {
      const time = installFakeTime(BENCH_START, spec.seed);
      try {
        const { clock } = time;
        const workload = await startWorkload(spec, clock);
        const deadline = workload.startedAt + spec.timeoutMs;
        const observed = new Map<string, Observation>();
        const groups = new Map<string, CopyRef[]>();
        for (const copy of workload.copies) {
          const key = options.per === 'image' ? copyKey(copy) : copy.region;
          groups.set(key, [...(groups.get(key) ?? []), copy]);
        }
        let loopAttempts = 0;
        const loops = [...groups.values()].map(async (group) => {
          const region = workload.ec2.forRegion(group[0]?.region ?? '');
          let pending = group;
          for (let attempt = 1; ; attempt++) {
            if (attempt > 1) await clock.sleep(options.intervalMs);
            if (clock.now() > deadline) break;
            loopAttempts = Math.max(loopAttempts, attempt);
            try {
              const images = await region.describeImages(pending.map((c) => c.imageId));
              const states = new Map(images.map((image) => [image.imageId, image.state]));
              pending = pending.filter((copy) => {
                const state = states.get(copy.imageId);
                if (state !== 'available' && (state === undefined || !FAILED_IMAGE_STATES.has(state)))
                  return true;
                observed.set(copyKey(copy), {
                  state: state === 'available' ? 'available' : 'failed',
                  at: clock.now(),
                });
                return false;
              });
              if (pending.length === 0) return;
            } catch {
              // retried at the next tick
            }
            if (options.maxAttempts !== undefined && attempt >= options.maxAttempts) break;
          }
          for (const copy of pending) observed.set(copyKey(copy), { state: 'gave-up', at: clock.now() });
        });
        await time.run(Promise.all(loops));
        return {
          strategy: options.name,
          copies: workload.copies,
          observed,
          startedAt: workload.startedAt,
          exitAt: clock.now(),
          calls: callCounts(workload.model),
          loopAttempts,
        };
      } finally {
        time.uninstall();
      }
    },
    async predict(spec, started) {
      const { copies, startedAt } = started ?? (await startedCopies(spec));
      return predictFixed(options, copies, startedAt, startedAt + spec.timeoutMs);
    },
  };
}

/**
 * The loop above, computed: look k happens at start + k * interval and sees every copy settled
 * by then. Valid only where every call answers at once (no faults).
 */
function predictFixed(
  options: FixedIntervalOptions,
  copies: readonly CopyRef[],
  startedAt: number,
  deadline: number,
) {
  const groups = new Map<string, CopyRef[]>();
  for (const copy of copies) {
    const key = options.per === 'image' ? copyKey(copy) : copy.region;
    groups.set(key, [...(groups.get(key) ?? []), copy]);
  }
  const observed = new Map<string, Observation>();
  let calls = 0;
  let exitAt = startedAt;
  let loopAttempts = 0;
  for (const group of groups.values()) {
    let pending = group;
    let now = startedAt;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) now += options.intervalMs;
      if (now > deadline) break;
      calls++;
      loopAttempts = Math.max(loopAttempts, attempt);
      const at = now;
      pending = pending.filter((copy) => {
        if (copy.completesAt > at) return true;
        observed.set(copyKey(copy), { state: copy.outcome, at });
        return false;
      });
      if (pending.length === 0) break;
      if (options.maxAttempts !== undefined && attempt >= options.maxAttempts) break;
    }
    for (const copy of pending) observed.set(copyKey(copy), { state: 'gave-up', at: now });
    exitAt = Math.max(exitAt, now);
  }
  return {
    strategy: options.name,
    copies,
    observed,
    startedAt,
    exitAt,
    calls: { describeImages: calls, describeSnapshots: 0, throttled: 0 },
    loopAttempts,
  };
}
