/**
 * One job of the benchmark: every strategy on one workload and seed. Two shortcuts save SDK
 * calls without changing a figure, and on `verify` jobs both sides are run and must agree:
 * - on a fault-free workload the fixed-interval loops and the SDK waiter are computed
 *   (`Strategy.predict`) from the copies of a run executed in the same job (every strategy gets
 *   the same copies), so they do not start the workload again (W5: 170 CopyImage calls each);
 * - a run provably identical to one already made is reused: the batched 15 s loop makes the
 *   very requests of the per-image 15 s loop when every region has one copy, and Packer's loop
 *   is the per-image 15 s loop when no loop of that needed more than 120 looks.
 */
import { isDeepStrictEqual } from 'node:util';
import { measure, type StrategyMetrics } from './metrics.js';
import { STRATEGIES } from './strategies.js';
import type { Strategy, StrategyRun } from './strategy.js';
import { isFaultFree, type WorkloadId, type WorkloadSpec, workloadSpec } from './workloads.js';

export interface JobResult {
  readonly workload: WorkloadId;
  readonly seed: number;
  readonly copies: number;
  readonly results: readonly StrategyMetrics[];
  /** Strategies whose computed run was checked against the executed one. */
  readonly verified: readonly string[];
  /** Strategies that were computed, not executed. */
  readonly computed: readonly string[];
}

const FIXED_15 = 'fixed 15 s per image';

/** Strategies whose run equals an earlier one in this job, and when. */
const SAME_AS: Readonly<Record<string, (spec: WorkloadSpec, fixed15: StrategyRun) => boolean>> = {
  'batched 15 s per region': (spec) => new Set(spec.copies.map((c) => c.region)).size === spec.copies.length,
  'Packer default (15 s x 120)': (_spec, fixed15) => (fixed15.loopAttempts ?? Infinity) <= 120,
};

/**
 * A verification executes the computed run too; it is skipped where that would cost more than
 * this many SDK calls (the per-image loops of W5: 6,000 calls for one seed). The computation is
 * the same code for every workload, and the cheaper runs check it on every path (per image, per
 * region with several images, Packer's attempt cap).
 */
export const VERIFY_MAX_CALLS = 2500;

export async function runJob(workload: WorkloadId, seed: number, verify: boolean): Promise<JobResult> {
  const spec = workloadSpec(workload, seed);
  const runs = new Map<string, StrategyRun>();
  const verified: string[] = [];
  const computed: string[] = [];
  const predictable = (strategy: Strategy) => strategy.predict !== undefined && isFaultFree(spec);
  const checked = (run: StrategyRun) =>
    verify && run.calls.describeImages + run.calls.describeSnapshots <= VERIFY_MAX_CALLS;

  // First the runs that must be executed (they also give the copies the computed runs need),
  // then the others in table order (a reused run needs the one it equals).
  for (const strategy of STRATEGIES) {
    if (!predictable(strategy) && !SAME_AS[strategy.name]) runs.set(strategy.name, await strategy.run(spec));
  }
  const executed = [...runs.values()][0];
  for (const strategy of STRATEGIES) {
    if (runs.has(strategy.name)) continue;
    let run: StrategyRun;
    const same = SAME_AS[strategy.name];
    const fixed15 = runs.get(FIXED_15);
    if (same && fixed15 && same(spec, fixed15)) {
      run = { ...fixed15, strategy: strategy.name };
      if (checked(run)) {
        const ran = await strategy.run(spec);
        if (!isDeepStrictEqual(comparable(ran), comparable(run))) {
          throw new Error(`${workload} seed ${seed}: ${strategy.name} differs from ${FIXED_15}`);
        }
        verified.push(strategy.name);
      } else computed.push(`${strategy.name} (= ${FIXED_15})`);
    } else if (strategy.predict && predictable(strategy)) {
      run = await strategy.predict(spec, executed);
      if (checked(run)) {
        const ran = await strategy.run(spec);
        if (!isDeepStrictEqual(comparable(ran), comparable(run))) {
          throw new Error(`${workload} seed ${seed}: ${strategy.name} computed differs from executed`);
        }
        verified.push(strategy.name);
      } else computed.push(strategy.name);
    } else {
      run = await strategy.run(spec);
    }
    runs.set(strategy.name, run);
  }
  const results = STRATEGIES.map((strategy) => measure(runs.get(strategy.name) as StrategyRun));
  return { workload, seed, copies: spec.copies.length, results, verified, computed };
}

function comparable(run: StrategyRun) {
  return {
    observed: [...run.observed].sort(([a], [b]) => (a < b ? -1 : 1)),
    calls: run.calls,
    exitAt: run.exitAt,
  };
}
