/**
 * The AWS SDK's own waiter, as users write it: `waitUntilImageAvailable` from
 * `@aws-sdk/client-ec2`, one waiter per image, one client per region, `maxWaitTime` = the
 * workload's timeout. It is the real function on the action's own clients (adaptive retries,
 * 8 attempts, the model as transport), run on fake time: @smithy/util-waiter sleeps with the
 * global `setTimeout` and reads `Date`, which fake-time.ts replaces, and its jitter's
 * `Math.random` is seeded. A throttled DescribeImages is retried by the SDK's retry strategy
 * first; only what gets past it reaches the waiter, which then retries on its own schedule.
 */
import { waitUntilImageAvailable } from '@aws-sdk/client-ec2';
import { installFakeTime } from './fake-time.js';
import { callCounts, copyKey, type Observation, type Strategy } from './strategy.js';
import { BENCH_START } from './strategy-fixed.js';
import { startWorkload } from './workloads.js';

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
};
