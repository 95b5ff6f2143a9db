/**
 * A simulated world for the front end's tests (main and post phases through an injected
 * runner): the model on virtual time, its gateway, the poller, and a driver that lets virtual
 * time pass second by second until a phase ends.
 */
import { createModel, createModelAccess, virtualClock } from '../../sim/index.js';
import { createWaitForImages } from '../../src/waiter/poller.js';
import { memoryReleases } from './memory-releases.js';

export const TARGETS = 'eu-west-1, us-west-2';

export function world() {
  const clock = virtualClock();
  const model = createModel({ clock, seed: 11 });
  const source = model.seedImage({ region: 'us-east-1', name: 'web-base', sizeGiB: 20 });
  const github = memoryReleases();
  const deps = {
    // One attempt per call: the SDK's retry backoff would sleep on real timers, not this clock.
    connect: (_config: unknown) => createModelAccess(model, { maxAttempts: 1 }),
    clock,
    waitForImages: createWaitForImages({ random: () => 0.5 }),
    connectGitHub: () => github.gateway,
  };
  const inputs = (extra: Record<string, string> = {}) => ({
    'source-ami-id': source.imageId,
    'source-region': 'us-east-1',
    'target-regions': TARGETS,
    ...extra,
  });
  /** Runs a phase to its end, letting virtual time pass. */
  async function drive(work: Promise<unknown>, during?: (minutes: number) => void): Promise<void> {
    let done = false;
    void work.finally(() => {
      done = true;
    });
    // Second by second: a cancel's 3 s grace must not pass in one jump.
    for (let second = 0; !done && second < 24 * 3600; second++) {
      if (second % 60 === 0) during?.(second / 60);
      await clock.advance(1_000);
    }
    await work;
  }
  return { clock, model, source, deps, inputs, drive, github };
}
