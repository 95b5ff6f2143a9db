/**
 * A call to EC2 raced against cancellation and the deadline: an answer that never comes must not
 * keep the run alive. Losing the race throws a `StopSignal` saying which of the two ended it.
 */
import type { Clock } from '../clock.js';

/** Thrown when the wait must stop: the signal aborted, or the deadline (plus its grace) passed. */
export class StopSignal extends Error {
  constructor(readonly state: 'cancelled' | 'timed-out') {
    super(state);
  }
}

export interface CallLimits {
  readonly clock: Clock;
  readonly signal: AbortSignal | undefined;
  readonly deadline: number;
  /** A call still in flight this long after the deadline is abandoned. */
  readonly deadlineCallGraceMs: number;
}

export function guardCall<T>(call: Promise<T>, limits: CallLimits): Promise<T> {
  const { clock, signal, deadline } = limits;
  call.catch(() => {});
  const timer = new AbortController();
  const onAbort = () => timer.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const limit = Math.max(0, deadline + limits.deadlineCallGraceMs - clock.now());
  const stop = clock.sleep(limit, timer.signal).then(
    () => {
      throw new StopSignal('timed-out');
    },
    () => {
      throw new StopSignal(signal?.aborted ? 'cancelled' : 'timed-out');
    },
  );
  stop.catch(() => {});
  return Promise.race([call, stop]).finally(() => {
    signal?.removeEventListener('abort', onAbort);
    if (!timer.signal.aborted) timer.abort();
  });
}
