/** The one table `npm run bench` prints. */
import type { StrategyMetrics } from './metrics.js';

export interface TableRow {
  readonly workload: string;
  readonly metrics: StrategyMetrics;
}

const HEADERS = [
  'workload',
  'strategy',
  'p50 s',
  'p95 s',
  'max s',
  'calls',
  'DescImg',
  'DescSnap',
  'calls/img-h',
  'gave up',
  'overhead s',
];

export function renderTable(rows: readonly TableRow[]): string {
  const cells = rows.map(({ workload, metrics: m }) => [
    workload,
    m.strategy,
    fmt(m.latencyS.median),
    fmt(m.latencyS.p95),
    fmt(m.latencyS.max),
    String(m.calls.total),
    String(m.calls.describeImages),
    String(m.calls.describeSnapshots),
    fmt(m.callsPerImageHour),
    `${m.gaveUp}/${m.images}`,
    // Exiting before the last completion (having given up) has no overhead to speak of.
    m.gaveUp > 0 ? 'gave up' : fmt(m.overheadS),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i < 2 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(HEADERS), rule, ...cells.map(line)].join('\n');
}

function fmt(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : '-';
}
