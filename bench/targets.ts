/** The targets of issue 11, each checked over every workload and seed measured. */
import type { StrategyMetrics } from './metrics.js';
import type { JobResult } from './run-job.js';

export interface HttpFigures {
  readonly latencyPerCallMs: number;
  readonly fanOut: {
    readonly regions: number;
    readonly concurrentMs: number;
    readonly sequentialMs: number;
    readonly speedup: number;
  };
  readonly coldStart:
    | {
        /** `node dist/index.js`: spawn to the first request the simulator receives (no reply delay). */
        readonly bundleMs: number;
        /** A bundle of `@actions/core` alone that then makes one request: spawn to that request. */
        readonly coreOnlyMs: number;
        /** `node -e 0`: spawn to exit. */
        readonly nodeMs: number;
      }
    | undefined;
  readonly bundleBytes: number | undefined;
}

export interface TargetCheck {
  readonly target: string;
  readonly met: boolean;
  readonly measured: string;
}

const OURS = 'ours';
const SDK = 'SDK';
const FIXED = 'fixed 15 s per image';
const BATCHED_15 = 'batched 15 s per region';

const find = (results: readonly StrategyMetrics[], prefix: string) =>
  results.find((r) => r.strategy.startsWith(prefix));

export function evaluateTargets(jobs: readonly JobResult[]): TargetCheck[] {
  const checks: TargetCheck[] = [];

  // 1. Ours on the Pareto front: no baseline (that waited for every copy) beats it on both p95 and calls.
  const dominated: string[] = [];
  for (const job of jobs) {
    const ours = find(job.results, OURS);
    if (!ours) continue;
    for (const other of job.results) {
      if (other === ours || other.gaveUp > 0) continue;
      if (other.latencyS.p95 < ours.latencyS.p95 && other.calls.total < ours.calls.total) {
        dominated.push(
          `${job.workload}/s${job.seed} by ${other.strategy} (${other.latencyS.p95} s, ${other.calls.total} calls vs ${ours.latencyS.p95} s, ${ours.calls.total})`,
        );
      }
    }
  }
  checks.push({
    target: 'no baseline better than ours on both p95 latency and calls, any workload and seed',
    met: dominated.length === 0,
    measured:
      dominated.length === 0
        ? `on the front in all ${jobs.length} workload-seeds`
        : `beaten in ${new Set(dominated.map((d) => d.split(' ')[0])).size} of ${jobs.length} workload-seeds, e.g. ${dominated.slice(0, 3).join('; ')}`,
  });

  // 2. W1: p95 <= 15 s and max <= 30 s on >= 95% of seeds, with calls <= the SDK waiter's.
  const w1 = jobs.filter((j) => j.workload === 'W1');
  if (w1.length > 0) {
    const good = w1.filter((job) => {
      const ours = find(job.results, OURS);
      const sdk = find(job.results, SDK);
      return (
        ours &&
        sdk &&
        ours.latencyS.p95 <= 15 &&
        ours.latencyS.max <= 30 &&
        ours.calls.total <= sdk.calls.total
      );
    });
    const failing = w1
      .filter((j) => !good.includes(j))
      .map((j) => {
        const ours = find(j.results, OURS);
        return `s${j.seed}: p95 ${ours?.latencyS.p95} s, max ${ours?.latencyS.max} s, ${ours?.calls.total} calls vs SDK ${find(j.results, SDK)?.calls.total}`;
      });
    checks.push({
      target: 'W1: p95 <= 15 s and max <= 30 s with calls <= SDK waiter, on >= 95% of seeds',
      met: good.length >= 0.95 * w1.length,
      measured: `${good.length} of ${w1.length} seeds${failing.length ? ` (missed: ${failing.slice(0, 4).join('; ')})` : ''}`,
    });
  }

  // 3. Calls <= 1/3 of the fixed 15 s loop per image, every workload and seed.
  const heavy: string[] = [];
  let worstShare = 0;
  for (const job of jobs) {
    const ours = find(job.results, OURS);
    const fixed = find(job.results, FIXED);
    if (!ours || !fixed) continue;
    const share = ours.calls.total / fixed.calls.total;
    worstShare = Math.max(worstShare, share);
    if (share > 1 / 3) heavy.push(`${job.workload}/s${job.seed} ${(100 * share).toFixed(0)}%`);
  }
  checks.push({
    target: 'calls <= 1/3 of fixed 15 s per image, every workload and seed',
    met: heavy.length === 0,
    measured: `worst ${(100 * worstShare).toFixed(1)}% of its calls${heavy.length ? `; over in ${heavy.length}: ${heavy.slice(0, 4).join(', ')}` : ''}`,
  });

  // 4a. Nobody (ours) gives up before the timeout.
  const gaveUp = jobs.filter((j) => (find(j.results, OURS)?.gaveUp ?? 0) > 0);
  checks.push({
    target: 'ours never gives up before the timeout',
    met: gaveUp.length === 0,
    measured:
      gaveUp.length === 0
        ? `0 copies in ${jobs.length} workload-seeds`
        : gaveUp.map((j) => `${j.workload}/s${j.seed}`).join(', '),
  });

  // 4b. Throttled calls never exceed the batched 15 s loop's.
  const noisier: string[] = [];
  for (const job of jobs) {
    const ours = find(job.results, OURS);
    const batched = find(job.results, BATCHED_15);
    if (ours && batched && ours.calls.throttled > batched.calls.throttled) {
      noisier.push(`${job.workload}/s${job.seed} ${ours.calls.throttled} vs ${batched.calls.throttled}`);
    }
  }
  checks.push({
    target: 'ours: throttled calls <= the batched 15 s loop, every workload and seed',
    met: noisier.length === 0,
    measured:
      noisier.length === 0
        ? 'held everywhere'
        : `exceeded in ${noisier.length}: ${noisier.slice(0, 4).join('; ')}`,
  });
  return checks;
}

export function renderTargets(checks: readonly TargetCheck[], http: HttpFigures | undefined): string {
  const lines = ['Targets (issue 11), over every workload and seed above:'];
  for (const c of checks) lines.push(`  [${c.met ? 'met' : 'NOT MET'}] ${c.target}: ${c.measured}`);
  if (http) {
    lines.push(
      `  fan-out of ${http.fanOut.regions} regions, ${http.latencyPerCallMs} ms per call: ${http.fanOut.concurrentMs} ms all at once vs ${http.fanOut.sequentialMs} ms one after another (${http.fanOut.speedup}x)`,
    );
    const cs = http.coldStart;
    if (cs) {
      lines.push(
        `  cold start to the first request (no reply delay): dist/index.js ${cs.bundleMs} ms = ${(cs.bundleMs / cs.nodeMs).toFixed(1)}x \`node -e 0\` (${cs.nodeMs} ms), ${(cs.bundleMs / cs.coreOnlyMs).toFixed(1)}x a bundle of @actions/core alone (${cs.coreOnlyMs} ms)`,
      );
    }
    if (http.bundleBytes !== undefined)
      lines.push(`  bundle size: ${(http.bundleBytes / 1024 / 1024).toFixed(2)} MiB`);
  }
  return lines.join('\n');
}
