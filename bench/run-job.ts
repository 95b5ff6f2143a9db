/**
 * One job of the benchmark: every strategy on one workload and seed. Two shortcuts save SDK
 * calls without changing a figure, and on `verify` jobs both sides are run and must agree:
 * - fixed-interval loops on a fault-free workload are computed (`Strategy.predict`);
 * - a run provably identical to one already made is reused: the batched 15 s loop makes the
 *   very requests of the per-image 15 s loop when every region has one copy, and Packer's loop
 *   is the per-image 15 s loop when no loop of that needed more than 120 looks.
 */
import { isDeepStrictEqual } from 'node:util';
import { measure, type StrategyMetrics } from './metrics.js';
import { STRATEGIES } from './strategies.js';
import type { StrategyRun } from './strategy.js';
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

export async function runJob(workload: WorkloadId, seed: number, verify: boolean): Promise<JobResult> {
  const spec = workloadSpec(workload, seed);
  const results: StrategyMetrics[] = [];
  const verified: string[] = [];
  const computed: string[] = [];
  let fixed15: StrategyRun | undefined;
  for (const strategy of STRATEGIES) {
    let run: StrategyRun;
    const same = SAME_AS[strategy.name];
    if (same && fixed15 && same(spec, fixed15)) {
      run = { ...fixed15, strategy: strategy.name };
      if (verify) {
        const executed = await strategy.run(spec);
        if (!isDeepStrictEqual(comparable(executed), comparable(run))) {
          throw new Error(`${workload} seed ${seed}: ${strategy.name} differs from ${FIXED_15}`);
        }
        verified.push(strategy.name);
      } else computed.push(`${strategy.name} (= ${FIXED_15})`);
    } else if (strategy.predict && isFaultFree(spec)) {
      run = await strategy.predict(spec);
      if (verify) {
        const executed = await strategy.run(spec);
        if (!isDeepStrictEqual(comparable(executed), comparable(run))) {
          throw new Error(`${workload} seed ${seed}: ${strategy.name} computed differs from executed`);
        }
        verified.push(strategy.name);
      } else computed.push(strategy.name);
    } else {
      run = await strategy.run(spec);
    }
    if (strategy.name === FIXED_15) fixed15 = run;
    results.push(measure(run));
  }
  return { workload, seed, copies: spec.copies.length, results, verified, computed };
}

function comparable(run: StrategyRun) {
  return {
    observed: [...run.observed].sort(([a], [b]) => (a < b ? -1 : 1)),
    calls: run.calls,
    exitAt: run.exitAt,
  };
}
