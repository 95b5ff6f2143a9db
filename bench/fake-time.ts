/**
 * One virtual timeline for everything a strategy runs: the model's clock, the waiter's clock,
 * and the AWS SDK's own timers. The SDK sleeps between retries and in its adaptive rate limiter
 * with the global `setTimeout` and reads `Date.now()`, so `@sinonjs/fake-timers` replaces those
 * two globals for the run and the model clock is built on them; `Math.random` (the SDK's retry
 * and waiter jitter) is swapped for a seeded stream so a seed always gives the same run.
 * Whenever everything waits, the next timer fires (time jumps to it).
 */
import FakeTimers from '@sinonjs/fake-timers';
import { createRng, type SimClock } from '../sim/model/index.js';
import { abortError } from '../src/clock.js';

export interface FakeTimeline {
  /** The shared clock (model, waiter, strategies). */
  readonly clock: SimClock;
  /** Runs `work` to completion, firing timers in time order whenever it waits. */
  run<T>(work: Promise<T>): Promise<T>;
  uninstall(): void;
}

const realSetImmediate = setImmediate;
const flush = () => new Promise<void>((resolve) => realSetImmediate(resolve));

export function installFakeTime(start: number, seed: number | string): FakeTimeline {
  const fake = FakeTimers.install({ now: start, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  // Node turns a delay below 1 ms into 1 ms; fake-timers keeps 0, and the SDK's rate limiter,
  // which sleeps fractions of a millisecond until its bucket refills, would then spin forever
  // at one instant. The global gets Node's rule; the model clock below keeps exact delays.
  const fakeSetTimeout = globalThis.setTimeout as (
    handler: () => void,
    delay?: number,
    ...args: unknown[]
  ) => ReturnType<typeof setTimeout>;
  globalThis.setTimeout = ((handler: () => void, delay?: number, ...args: unknown[]) =>
    fakeSetTimeout(handler, Number(delay) >= 1 ? delay : 1, ...args)) as typeof setTimeout;
  const realRandom = Math.random;
  Math.random = createRng(seed).derive('sdk-jitter').next;
  const clock: SimClock = {
    kind: 'virtual',
    now: () => Date.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(abortError(signal));
          return;
        }
        const onAbort = () => {
          clearTimeout(timer);
          reject(abortError(signal));
        };
        const timer = setTimeout(
          () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          Math.max(0, ms),
        );
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
  return {
    clock,
    async run(work) {
      let done = false;
      const settle = () => {
        done = true;
      };
      work.then(settle, settle);
      let idle = 0;
      while (!done) {
        await flush();
        if (done) break;
        if (fake.countTimers() === 0) {
          if (++idle > 1000) throw new Error('fake time: the work waits on something other than timers');
          continue;
        }
        idle = 0;
        fake.next();
      }
      return work;
    },
    uninstall() {
      Math.random = realRandom;
      fake.uninstall();
    },
  };
}
