/** The issue's targets, checked against the measured figures. */
import type { StrategyMetrics } from './metrics.js';

export interface HttpFigures {
  readonly latencyPerCallMs: number;
  readonly fanOut: {
    readonly regions: number;
    readonly concurrentMs: number;
    readonly sequentialMs: number;
    readonly speedup: number;
  };
  readonly coldStartMs: number | undefined;
  readonly bundleBytes: number | undefined;
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

const OURS = 'ours';
const SDK = 'SDK';
const FIXED = 'fixed 15 s';

function find(results: readonly StrategyMetrics[], prefix: string): StrategyMetrics | undefined {
  return results.find((r) => r.strategy.startsWith(prefix));
}

export function evaluateTargets(
  workloads: readonly { id: string; results: readonly StrategyMetrics[] }[],
  http: HttpFigures | undefined,
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const w1 = workloads.find((w) => w.id === 'W1');
  const ours1 = w1 && find(w1.results, OURS);
  const sdk1 = w1 && find(w1.results, SDK);
  if (ours1 && sdk1) {
    checks.push({
      target: 'W1 p95 detection latency <= 15 s',
      measured: `${ours1.latencyS.p95} s`,
      met: ours1.latencyS.p95 <= 15,
    });
    checks.push({
      target: 'W1 max detection latency <= 30 s',
      measured: `${ours1.latencyS.max} s`,
      met: ours1.latencyS.max <= 30,
    });
    checks.push({
      target: 'W1 API calls <= SDK waiter',
      measured: `${ours1.calls.total} vs ${sdk1.calls.total}`,
      met: ours1.calls.total <= sdk1.calls.total,
    });
  }
  for (const w of workloads) {
    const ours = find(w.results, OURS);
    const fixed = find(w.results, FIXED);
    if (!ours || !fixed) continue;
    checks.push({
      target: `${w.id} API calls <= 1/3 of fixed 15 s`,
      measured: `${ours.calls.total} vs ${fixed.calls.total} (${((100 * ours.calls.total) / fixed.calls.total).toFixed(1)}%)`,
      met: ours.calls.total * 3 <= fixed.calls.total,
    });
    checks.push({
      target: `${w.id} nobody gives up before the timeout (ours)`,
      measured: `${ours.gaveUp} of ${ours.images}`,
      met: ours.gaveUp === 0,
    });
  }
  if (http) {
    checks.push({
      target: `fan-out of ${http.fanOut.regions} regions >= 8x faster than sequential`,
      measured: `${http.fanOut.speedup.toFixed(1)}x (${http.fanOut.concurrentMs} ms vs ${http.fanOut.sequentialMs} ms)`,
      met: http.fanOut.speedup >= 8,
    });
  }
  return checks;
}

export function renderTargets(checks: readonly TargetCheck[], http: HttpFigures | undefined): string {
  const lines = ['Targets:'];
  for (const c of checks) lines.push(`  [${c.met ? 'met' : 'MISSED'}] ${c.target}: ${c.measured}`);
  if (http) {
    lines.push(
      `  cold start of dist/index.js (process start to first request): ${http.coldStartMs ?? 'n/a'} ms; bundle size: ${
        http.bundleBytes !== undefined ? `${(http.bundleBytes / 1024 / 1024).toFixed(2)} MiB` : 'n/a'
      }`,
    );
  } else {
    lines.push('  (fan-out, cold start and bundle size: run with --http)');
  }
  return lines.join('\n');
}
