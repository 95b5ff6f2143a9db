/**
 * The simulator's sense of time. Every state in the model (copy progress, credential expiry,
 * throttling windows) is a pure function of `now()`, so a virtual clock can jump hours at once.
 * All three clocks also satisfy the action's `Clock` contract (`now` + abortable `sleep`).
 */

import { abortError, systemClock } from '../../src/clock.js';
export interface SimClock {
  readonly kind: 'real' | 'scaled' | 'virtual';
  /** Simulated milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` simulated milliseconds (or rejects with AbortError when `signal` aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function realClock(): SimClock {
  return { kind: 'real', now: () => Date.now(), sleep: (ms, signal) => systemClock.sleep(ms, signal) };
}

/** `factor` simulated seconds pass per real second, starting at `start` (default: real now). */
export function scaledClock(factor: number, start = Date.now()): SimClock {
  if (!(factor > 0)) throw new Error(`scaled clock factor must be > 0, got ${factor}`);
  const realStart = Date.now();
  return {
    kind: 'scaled',
    now: () => start + (Date.now() - realStart) * factor,
    sleep: (ms, signal) => systemClock.sleep(ms / factor, signal),
  };
}

interface Sleeper {
  readonly wakeAt: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/** A clock that only moves when told to; sleepers wake in time order as it is advanced. */
export interface VirtualClock extends SimClock {
  readonly kind: 'virtual';
  /** Moves time forward by `ms`, waking every sleeper due on the way (in order). */
  advance(ms: number): Promise<void>;
  /** Moves time to `time` (never backwards). */
  advanceTo(time: number): Promise<void>;
  /** Wake time of the earliest pending sleeper, if any. */
  nextWakeAt(): number | undefined;
  /** Number of pending sleepers. */
  pendingSleeps(): number;
}

export function virtualClock(start = Date.UTC(2026, 0, 1)): VirtualClock {
  let current = start;
  let seq = 0;
  const sleepers: Sleeper[] = [];
  const flush = () => new Promise<void>((resolve) => setImmediate(resolve));
  const clock: VirtualClock = {
    kind: 'virtual',
    now: () => current,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(abortError(signal));
          return;
        }
        const sleeper: Sleeper = {
          wakeAt: current + Math.max(0, ms),
          seq: seq++,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const index = sleepers.indexOf(sleeper);
          if (index >= 0) sleepers.splice(index, 1);
          reject(abortError(signal));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(sleeper);
        sleepers.sort((a, b) => a.wakeAt - b.wakeAt || a.seq - b.seq);
      });
    },
    async advanceTo(time) {
      if (time < current) return;
      for (;;) {
        const next = sleepers[0];
        if (!next || next.wakeAt > time) break;
        sleepers.shift();
        current = Math.max(current, next.wakeAt);
        next.resolve();
        await flush();
      }
      current = time;
      await flush();
    },
    advance(ms) {
      return clock.advanceTo(current + ms);
    },
    nextWakeAt: () => sleepers[0]?.wakeAt,
    pendingSleeps: () => sleepers.length,
  };
  return clock;
}
