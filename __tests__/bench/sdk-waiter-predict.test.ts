/**
 * The SDK waiter's computed schedule (strategy-sdk-waiter.ts `predictSdkWaiter`) against the real
 * `waitUntilImageAvailable` on fake time: the same looks, at the same times, with the same
 * outcome, on a fault-free workload, and on short timeouts that reach its deadline paths.
 */
import { describe, expect, it } from 'vitest';
import type { StrategyRun } from '../../bench/strategy.js';
import { sdkWaiterStrategy } from '../../bench/strategy-sdk-waiter.js';
import { type WorkloadSpec, workloadSpec } from '../../bench/workloads.js';

const comparable = (run: StrategyRun) => ({
  observed: [...run.observed].sort(([a], [b]) => (a < b ? -1 : 1)),
  calls: run.calls,
  exitAt: run.exitAt,
});

async function executedAndComputed(spec: WorkloadSpec) {
  const ran = await sdkWaiterStrategy.run(spec);
  const computed = await sdkWaiterStrategy.predict?.(spec, ran);
  return { ran, computed };
}

describe('SDK waiter computed instead of executed', () => {
  it('equals the executed waiter on a fault-free workload', async () => {
    const { ran, computed } = await executedAndComputed(workloadSpec('W4', 1));
    expect(computed && comparable(computed)).toEqual(comparable(ran));
    expect(ran.calls.describeImages).toBeGreaterThan(ran.copies.length);
    expect([...ran.observed.values()].every((o) => o.state === 'available')).toBe(true);
  });

  it('equals it where the waiter times out: cut backoff, sub-millisecond sleeps, give-up', async () => {
    // 20 s: the second delay is cut to the deadline minus 500 ms, then delays of 0 (slept as 1 ms);
    // 10 min: some copies finish, the others give up after the uncut 120 s delays.
    for (const timeoutMs of [20_000, 600_000]) {
      const base = workloadSpec('W4', 3);
      const spec = { ...base, copies: base.copies.slice(0, 6), timeoutMs };
      const { ran, computed } = await executedAndComputed(spec);
      expect(computed && comparable(computed)).toEqual(comparable(ran));
      expect([...ran.observed.values()].some((o) => o.state === 'gave-up')).toBe(true);
    }
  });
});
