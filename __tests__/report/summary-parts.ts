/**
 * The parts of a job summary's Markdown that tests read: a region's table row and the numbered
 * note its `[n]` marker points to (the note's line and the nested lines under it).
 */

/** The table rows: lines starting with `| <region> |`. */
export function summaryRows(markdown: string): string[] {
  return markdown.split('\n').filter((line) => /^\| [a-z]{2}-[a-z-]+\d \|/.test(line));
}

/** The row of a region; with `copy`, the one whose Copy cell says so (the source region may have two). */
export function summaryRow(markdown: string, region: string, copy?: 'source' | 'new' | 'reused'): string {
  return (
    summaryRows(markdown).find(
      (line) => line.startsWith(`| ${region} |`) && (copy === undefined || cells(line)[2] === copy),
    ) ?? ''
  );
}

/** The row's cells, unescaped pipes as separators. */
export function cells(row: string): string[] {
  return row
    .replace(/^\| | \|$/g, '')
    .split(/ (?<!\\)\| /)
    .map((cell) => cell.trim());
}

/** The note a row points to, or '' when it has none. */
export function summaryNote(markdown: string, row: string): string {
  const marker = /\\\[(\d+)\\\] \|$/.exec(row)?.[1];
  if (marker === undefined) return '';
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`${marker}. `));
  if (start < 0) return '';
  const end = lines.findIndex((line, i) => i > start && !line.startsWith(' '));
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

/** A region's row and its note together, for tests that look for a fact wherever it is shown. */
export function regionText(markdown: string, region: string, copy?: 'source' | 'new' | 'reused'): string {
  const row = summaryRow(markdown, region, copy);
  return `${row}\n${summaryNote(markdown, row)}`;
}
