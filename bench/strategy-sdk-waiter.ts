/**
 * The AWS SDK's own waiter, as users write it: `waitUntilImageAvailable` from
 * `@aws-sdk/client-ec2`, one waiter per image, one client per region, `maxWaitTime` = the
 * workload's timeout. It is the real function, run on virtual time: `@sinonjs/fake-timers`
 * replaces the global `setTimeout` and `Date` (which @smithy/util-waiter sleeps and reads the
 * time with), and `Math.random` (its jitter) is swapped for a seeded stream so a run repeats.
 * The client's `send` answers DescribeImagesCommand straight from the model (no HTTP, no SDK
 * retries: a throttled answer is one failed attempt, which the waiter retries on its schedule).
 */
import { DescribeImagesCommand, type EC2Client, waitUntilImageAvailable } from '@aws-sdk/client-ec2';
import FakeTimers from '@sinonjs/fake-timers';
import { createRng, type SimClock } from '../sim/model/index.js';
import { copyKey, type Observation, type Strategy } from './strategy.js';
import { BENCH_START } from './strategy-fixed.js';
import { startWorkload } from './workloads.js';

export const sdkWaiterStrategy: Strategy = {
  name: 'SDK waitUntilImageAvailable',
  description: 'real @aws-sdk/client-ec2 waiter per image (15-120 s backoff with jitter)',
  async run(spec) {
    const fake = FakeTimers.install({
      now: BENCH_START,
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
      loopLimit: 10_000_000,
    });
    const realRandom = Math.random;
    Math.random = createRng(spec.seed).derive('sdk-waiter-jitter').next;
    try {
      // The model reads the same (fake) Date the waiter does.
      const clock: SimClock = {
        kind: 'virtual',
        now: () => Date.now(),
        sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      };
      const workload = await startWorkload(spec, clock);
      const { model } = workload;
      const clientFor = (region: string) =>
        ({
          config: {},
          send: async (command: unknown) => {
            if (!(command instanceof DescribeImagesCommand))
              throw new Error('only DescribeImages is expected');
            const meta = {
              region,
              accessKeyId: model.defaultCredentials.accessKeyId,
              via: 'gateway' as const,
            };
            return model.invokeEc2('DescribeImages', meta, command.input).result;
          },
        }) as unknown as EC2Client;

      const observed = new Map<string, Observation>();
      const waiters = workload.copies.map((copy) =>
        waitUntilImageAvailable(
          { client: clientFor(copy.region), maxWaitTime: spec.timeoutMs / 1000 },
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
      let done = false;
      const all = Promise.all(waiters).then(() => {
        done = true;
      });
      while (!done) await fake.runAllAsync();
      await all;
      return {
        strategy: sdkWaiterStrategy.name,
        copies: workload.copies,
        observed,
        startedAt: workload.startedAt,
        exitAt: Date.now(),
        calls: {
          describeImages: model.log.count({ action: 'DescribeImages' }),
          describeSnapshots: model.log.count({ action: 'DescribeSnapshots' }),
        },
      };
    } finally {
      Math.random = realRandom;
      fake.uninstall();
    }
  },
};
