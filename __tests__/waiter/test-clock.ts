import type { Clock } from '../../src/clock.js';

interface Sleeper {
  readonly at: number;
  readonly seq: number;
  readonly wake: () => void;
}

/**
 * Virtual time for the poller tests: `run(work)` lets every pending promise settle, then jumps
 * to the earliest sleeper and wakes it, until `work` is done. Hours pass in milliseconds.
 */
export class TestClock implements Clock {
  private current: number;
  private seq = 0;
  private sleepers: Sleeper[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      const sleeper: Sleeper = {
        at: this.current + Math.max(0, ms),
        seq: this.seq++,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
    });
  }

  /** Calls `fn` at virtual time `at` (e.g. to abort a run). */
  at(at: number, fn: () => void): void {
    this.sleepers.push({ at, seq: this.seq++, wake: fn });
  }

  pendingSleepers(): number {
    return this.sleepers.length;
  }

  async run<T>(work: Promise<T>): Promise<T> {
    let done = false;
    work.then(
      () => {
        done = true;
      },
      () => {
        done = true;
      },
    );
    let idle = 0;
    while (!done) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (done) break;
      this.sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.sleepers.shift();
      if (!next) {
        if (++idle > 1000) throw new Error('TestClock: work is waiting on something other than the clock');
        continue;
      }
      idle = 0;
      this.current = Math.max(this.current, next.at);
      next.wake();
    }
    return work;
  }
}

function abortError(): Error {
  const error = new Error('The operation was aborted');
  error.name = 'AbortError';
  return error;
}
