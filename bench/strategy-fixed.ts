/**
 * The scripted baselines: one loop per image, DescribeImages for that image every `intervalMs`
 * (AWS CLI `wait image-available` style, and Packer's default of 120 attempts). First look right
 * away, as both do. Errors (throttling included) are simply retried at the next tick, which is
 * kinder to the baseline than the CLI, whose waiter stops on an unexpected error.
 */
import { virtualClock } from '../sim/model/index.js';
import { FAILED_IMAGE_STATES } from '../src/waiter/index.js';
import { copyKey, type Observation, type Strategy } from './strategy.js';
import { runOnVirtualClock } from './virtual-time.js';
import { startWorkload } from './workloads.js';

export const BENCH_START = Date.UTC(2026, 0, 1);

export function fixedIntervalStrategy(options: {
  name: string;
  description: string;
  intervalMs: number;
  maxAttempts?: number;
}): Strategy {
  return {
    name: options.name,
    description: options.description,
    async run(spec) {
      const clock = virtualClock(BENCH_START);
      const workload = await startWorkload(spec, clock);
      const deadline = workload.startedAt + spec.timeoutMs;
      const observed = new Map<string, Observation>();
      const loops = workload.copies.map(async (copy) => {
        const region = workload.ec2.forRegion(copy.region);
        for (let attempt = 1; ; attempt++) {
          if (attempt > 1) await clock.sleep(options.intervalMs);
          if (clock.now() > deadline) break;
          try {
            const [image] = await region.describeImages([copy.imageId]);
            if (image?.state === 'available' || (image && FAILED_IMAGE_STATES.has(image.state))) {
              observed.set(copyKey(copy), {
                state: image.state === 'available' ? 'available' : 'failed',
                at: clock.now(),
              });
              return;
            }
          } catch {
            // retried at the next tick
          }
          if (options.maxAttempts !== undefined && attempt >= options.maxAttempts) break;
        }
        observed.set(copyKey(copy), { state: 'gave-up', at: clock.now() });
      });
      await runOnVirtualClock(clock, Promise.all(loops));
      return {
        strategy: options.name,
        copies: workload.copies,
        observed,
        startedAt: workload.startedAt,
        exitAt: clock.now(),
        calls: {
          describeImages: workload.model.log.count({ action: 'DescribeImages' }),
          describeSnapshots: workload.model.log.count({ action: 'DescribeSnapshots' }),
        },
      };
    },
  };
}
