/** Results of many seeds folded into one row per workload and strategy: median and worst. */
import { percentile, round, type StrategyMetrics } from './metrics.js';
import type { JobResult } from './run-job.js';
import type { WorkloadId } from './workloads.js';

export interface Spread {
  readonly median: number;
  readonly worst: number;
}

export interface SummaryRow {
  readonly workload: WorkloadId;
  readonly strategy: string;
  readonly seeds: number;
  readonly p95S: Spread;
  readonly maxS: Spread;
  readonly calls: Spread;
  readonly throttled: Spread;
  /** Calls divided by the floor's (one DescribeImages per copy), median over seeds. */
  readonly callsPerFloor: number;
  /** Copies given up on (stopped waiting before the final state), summed over seeds. */
  readonly gaveUp: number;
  readonly copies: number;
}

export const FLOOR = 'floor: one look per copy at completion';

const spread = (values: readonly number[], worst: 'max' | 'min' = 'max'): Spread => ({
  median: round(percentile(values, 50)),
  worst: round(worst === 'max' ? Math.max(...values) : Math.min(...values)),
});

export function summarize(jobs: readonly JobResult[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const workloads = [...new Set(jobs.map((j) => j.workload))];
  for (const workload of workloads) {
    const mine = jobs.filter((j) => j.workload === workload);
    const copies = mine[0]?.copies ?? 0;
    rows.push({
      workload,
      strategy: FLOOR,
      seeds: mine.length,
      p95S: { median: 0, worst: 0 },
      maxS: { median: 0, worst: 0 },
      calls: { median: copies, worst: copies },
      throttled: { median: 0, worst: 0 },
      callsPerFloor: 1,
      gaveUp: 0,
      copies,
    });
    const strategies = [...new Set(mine.flatMap((j) => j.results.map((r) => r.strategy)))];
    for (const strategy of strategies) {
      const results = mine.flatMap((j) => j.results.filter((r) => r.strategy === strategy));
      rows.push(row(workload, strategy, results, copies));
    }
  }
  return rows;
}

function row(
  workload: WorkloadId,
  strategy: string,
  results: readonly StrategyMetrics[],
  copies: number,
): SummaryRow {
  return {
    workload,
    strategy,
    seeds: results.length,
    p95S: spread(results.map((r) => r.latencyS.p95)),
    maxS: spread(results.map((r) => r.latencyS.max)),
    calls: spread(results.map((r) => r.calls.total)),
    throttled: spread(results.map((r) => r.calls.throttled)),
    callsPerFloor: round(
      percentile(
        results.map((r) => r.calls.total / Math.max(1, copies)),
        50,
      ),
    ),
    gaveUp: results.reduce((sum, r) => sum + r.gaveUp, 0),
    copies,
  };
}
