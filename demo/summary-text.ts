/**
 * The job summary (the Markdown the action writes to GITHUB_STEP_SUMMARY) as plain terminal
 * text: headings in bold, tables as aligned columns, code spans and emphasis unwrapped.
 * Covers what the action writes, not Markdown in general.
 */
import type { Paint } from './paint.js';

export function summaryAsText(markdown: string, paint: Paint): string {
  const out: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.startsWith('|')) {
      const table: string[][] = [];
      for (; i < lines.length && (lines[i] ?? '').startsWith('|'); i++) {
        const cells = splitRow(lines[i] ?? '');
        if (!cells.every((cell) => /^:?-+:?$/.test(cell))) table.push(cells.map(inline));
      }
      i--;
      out.push(...alignTable(table, paint));
    } else if (/^#+ /.test(line)) {
      out.push(paint.bold(inline(line.replace(/^#+ /, ''))));
    } else {
      out.push(inline(line));
    }
  }
  return out.join('\n');
}

function splitRow(row: string): string[] {
  // Cells are separated by unescaped pipes; `\|` is a pipe inside a cell.
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

function inline(markdown: string): string {
  // A link shows its text (the console links would widen the table past any terminal); code
  // spans show their content as it is; only the text around them is unescaped.
  const text = markdown.replace(/\[([^\]]*)\]\((https:[^)\s]*)\)/g, '$1');
  let out = '';
  let last = 0;
  for (const span of text.matchAll(/(`+)(.+?)\1(?!`)/g)) {
    out += plain(text.slice(last, span.index));
    out += (span[2] ?? '').replace(/^ (.*) $/, '$1');
    last = span.index + span[0].length;
  }
  return out + plain(text.slice(last));
}

function plain(text: string): string {
  return text
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(^|\s)_([^_].*?)_(?=$|\s|[.,;:])/g, '$1$2')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

function alignTable(rows: string[][], paint: Paint): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, width(cell));
    });
  }
  return rows.map((row, index) => {
    // The last column is left ragged: long notes would otherwise pad every row.
    const text = row
      .map((cell, column) => (column === row.length - 1 ? cell : pad(cell, widths[column] ?? 0)))
      .join('  ');
    return index === 0 ? paint.bold(text) : text;
  });
}

function pad(cell: string, to: number): string {
  return cell + ' '.repeat(Math.max(0, to - width(cell)));
}

/** Terminal columns of a cell: the state icons (✅ ⏳ ❌ ⌛ 🛑) take two. */
function width(cell: string): number {
  let columns = 0;
  for (const char of cell) columns += /\p{Extended_Pictographic}/u.test(char) ? 2 : 1;
  return columns;
}
