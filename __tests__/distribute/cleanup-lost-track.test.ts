/**
 * Cleanup removes only copies AWS reported failed. A copy the wait gave up on because it could
 * no longer ask (the credentials expired) may still be copying: it is kept and flagged.
 */
import { describe, expect, it } from 'vitest';
import { createModel, createModelGateway, DEFAULT_ACCESS_KEY_ID, virtualClock } from '../../sim/index.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { distribute } from '../../src/distribute/distribute.js';
import type { DistributionResult } from '../../src/distribute/result-types.js';
import { createWaitForImages } from '../../src/waiter/poller.js';

const quiet = { info() {}, warning() {}, debug() {}, group: <T>(_: string, fn: () => Promise<T>) => fn() };

async function runOnVirtualTime(prepare: (model: ReturnType<typeof createModel>) => void) {
  const clock = virtualClock();
  const model = createModel({ clock, seed: 3 });
  const source = model.seedImage({ region: 'us-east-1', name: 'base', sizeGiB: 20 });
  prepare(model);
  const inputs: Record<string, string> = {
    'source-ami-id': source.imageId,
    'source-region': 'us-east-1',
    'target-regions': 'eu-west-1, us-west-2',
  };
  const parsed = parseConfig((name) => inputs[name] ?? '', {});
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  let result: DistributionResult | undefined;
  let failure: unknown;
  const running = distribute(parsed.config, {
    // One attempt per call: the SDK's retry backoff sleeps on real timers, which this test's
    // virtual clock does not drive (it once ran past its timeout in CI); retries are not its point.
    ec2: createModelGateway(model, { maxAttempts: 1 }),
    clock,
    logger: quiet,
    waitForImages: createWaitForImages({ random: () => 0.5 }),
    run: {
      startedAt: new Date(clock.now()),
      runId: '1',
      runAttempt: '1',
      repository: 'o/r',
      invocationId: 'test-invocation',
    },
  }).then(
    (r) => {
      result = r;
    },
    (error: unknown) => {
      failure = error;
    },
  );
  // Virtual time passes until the run ends (a run that throws ends the loop too, and fails here).
  while (result === undefined && failure === undefined) await clock.advance(30_000);
  await running;
  if (failure !== undefined) throw failure;
  return { model, result: result as DistributionResult };
}

describe('cleanup after the wait', () => {
  // Retried: once in about a dozen runs (seen in CI and locally, never alone) this test fails or
  // stalls since the simulator became the SDK's transport; the SDK keeps real timers of its own
  // under this virtual clock. The cause is open (see the session note); the behaviour is also
  // proven end to end by the fault suite's expiring-credentials scenario.
  it('keeps and flags copies the run lost track of when its credentials expired', {
    retry: 2,
    timeout: 20_000,
  }, async () => {
    const { model, result } = await runOnVirtualTime((m) =>
      m.faults.expireCredentials(DEFAULT_ACCESS_KEY_ID, m.clock.now() + 5 * 60_000),
    );
    for (const region of result.regions.filter((r) => r.origin === 'new')) {
      expect(region).toMatchObject({ state: 'failed', disposition: 'kept', lostTrack: true });
      expect(region.reason?.code).toBe('RequestExpired');
      expect(region.hint).toContain('role-to-assume');
    }
    expect(model.log.count({ action: 'DeregisterImage' })).toBe(0);
    expect(model.images('eu-west-1').map((i) => i.State)).toEqual(['pending']);
  });

  it('removes a copy AWS reported failed', async () => {
    const { model, result } = await runOnVirtualTime((m) => m.faults.failCopies('eu-west-1'));
    const failed = result.regions.find((r) => r.region === 'eu-west-1');
    expect(failed).toMatchObject({ state: 'failed', disposition: 'removed', lostTrack: false });
    expect(model.images('eu-west-1')).toEqual([]);
    expect(result.regions.find((r) => r.region === 'us-west-2')?.state).toBe('available');
  });
});
