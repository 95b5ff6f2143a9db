/** Ours: `waitForImages` (one poller, progress-aware schedule), through the action's gateway. */
import { createRng } from '../sim/model/index.js';
import { silentLogger } from '../src/logger.js';
import { createWaitForImages, type PollerOptions } from '../src/waiter/index.js';
import { installFakeTime } from './fake-time.js';
import { callCounts, copyKey, type Observation, type Strategy } from './strategy.js';
import { BENCH_START } from './strategy-fixed.js';
import { startWorkload } from './workloads.js';

export function oursStrategy(options: PollerOptions = {}, name = 'ours (waitForImages)'): Strategy {
  return {
    name,
    description: 'one poller for all regions, schedule from estimated time to completion',
    async run(spec) {
      const time = installFakeTime(BENCH_START, spec.seed);
      try {
        const { clock } = time;
        const workload = await startWorkload(spec, clock);
        const observed = new Map<string, Observation>();
        const wait = createWaitForImages({
          random: createRng(spec.seed).derive('poller-jitter').next,
          ...options,
        });
        await time.run(
          wait(
            workload.copies.map((c) => ({
              region: c.region,
              imageId: c.imageId,
              sizeGiB: c.sizeGiB,
              startedAt: c.startedAt,
              // The action passes a time-based copy's guarantee (src/distribute/distribute.ts).
              ...(c.completesBy !== undefined ? { completesBy: c.completesBy } : {}),
            })),
            {
              ec2: workload.ec2,
              clock,
              logger: silentLogger,
              deadline: workload.startedAt + spec.timeoutMs,
              onSettled: (outcome) =>
                observed.set(copyKey(outcome), {
                  state:
                    outcome.state === 'available'
                      ? 'available'
                      : outcome.state === 'failed'
                        ? 'failed'
                        : 'gave-up',
                  at: outcome.observedAt ?? clock.now(),
                }),
            },
          ),
        );
        return {
          strategy: name,
          copies: workload.copies,
          observed,
          startedAt: workload.startedAt,
          exitAt: clock.now(),
          calls: callCounts(workload.model),
        };
      } finally {
        time.uninstall();
      }
    },
  };
}
