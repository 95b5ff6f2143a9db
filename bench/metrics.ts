/** From a strategy's run to the figures in the table. */
import { copyKey, type StrategyRun } from './strategy.js';
import { HOUR } from './workloads.js';

export interface StrategyMetrics {
  readonly strategy: string;
  readonly images: number;
  /** Copies that became available and that the strategy saw as available. */
  readonly detected: number;
  /** Detection latency after completion, seconds (over detected copies). */
  readonly latencyS: { readonly median: number; readonly p95: number; readonly max: number };
  readonly calls: {
    readonly total: number;
    readonly describeImages: number;
    readonly describeSnapshots: number;
    /** Of the total, answered RequestLimitExceeded. */
    readonly throttled: number;
  };
  /** Sum over copies of start-to-completion, hours. */
  readonly imageHours: number;
  readonly callsPerImageHour: number;
  /** Regions where the strategy stopped waiting before seeing its copy's final state. */
  readonly gaveUp: number;
  readonly gaveUpRegions: readonly string[];
  /** Exit time minus the last completion, seconds. */
  readonly overheadS: number;
}

/** Linear interpolation between closest ranks (numpy's default, "type 7"). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

export function measure(run: StrategyRun): StrategyMetrics {
  const latencies: number[] = [];
  const gaveUpRegions: string[] = [];
  for (const copy of run.copies) {
    const seen = run.observed.get(copyKey(copy));
    if (seen?.state === copy.outcome) latencies.push((seen.at - copy.completesAt) / 1000);
    else gaveUpRegions.push(copy.region);
  }
  const imageHours = run.copies.reduce((sum, c) => sum + (c.completesAt - c.startedAt) / HOUR, 0);
  const total = run.calls.describeImages + run.calls.describeSnapshots;
  const lastCompletion = Math.max(...run.copies.map((c) => c.completesAt));
  return {
    strategy: run.strategy,
    images: run.copies.length,
    detected: latencies.length,
    latencyS: {
      median: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      max: round(Math.max(...latencies)),
    },
    calls: { total, ...run.calls },
    imageHours: round(imageHours, 2),
    callsPerImageHour: round(total / imageHours),
    gaveUp: gaveUpRegions.length,
    gaveUpRegions,
    overheadS: round((run.exitAt - lastCompletion) / 1000),
  };
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
