/** Runs work on the simulator's virtual clock: whenever everything waits, jump to the next wake-up. */
import type { VirtualClock } from '../sim/model/index.js';

export async function runOnVirtualClock<T>(clock: VirtualClock, work: Promise<T>): Promise<T> {
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
    const next = clock.nextWakeAt();
    if (next === undefined) {
      if (++idle > 1000) throw new Error('virtual time: the work waits on something other than the clock');
      continue;
    }
    idle = 0;
    await clock.advanceTo(Math.max(next, clock.now()));
  }
  return work;
}
