/** The one table `npm run bench` prints: per workload and strategy, median and worst over seeds. */
import type { SummaryRow } from './summary.js';

const HEADERS = [
  'workload',
  'strategy',
  'p95 s med',
  'p95 s worst',
  'max s med',
  'max s worst',
  'calls med',
  'calls worst',
  'x floor',
  'throttled med',
  'gave up',
];

export function renderTable(rows: readonly SummaryRow[]): string {
  const cells = rows.map((r) => [
    r.workload,
    r.strategy,
    fmt(r.p95S.median),
    fmt(r.p95S.worst),
    fmt(r.maxS.median),
    fmt(r.maxS.worst),
    String(r.calls.median),
    String(r.calls.worst),
    r.callsPerFloor.toFixed(1),
    String(r.throttled.median),
    `${r.gaveUp}/${r.copies * r.seeds}`,
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
