/**
 * The block-level Markdown of the job summary: a GFM table and a numbered list whose items may
 * hold a nested list. They lay out Markdown that markdown.ts already made safe (one line, every
 * string from AWS or a user escaped or in a code span); they add no text of their own.
 */

/** A GFM table: the header row, the delimiter row, then one line per row, each with the header's cell count. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [
    line(header),
    line(header.map(() => '---')),
    ...rows.map((row) => line(header.map((_, column) => row[column] ?? ''))),
  ];
}

/**
 * A cell on one line. GFM ends a row at a line break and splits it at every `|` that no
 * backslash escapes (also inside code spans): a last guard, the cells come escaped already.
 */
function cell(markdown: string): string {
  return markdown.replace(/[\r\n]+/g, ' ').replace(/(?<!\\)\|/g, '\\|');
}

/** One entry of a numbered list: a lead, and its parts (one part goes on the lead's line, several below it). */
export interface ListItem {
  readonly lead: string;
  readonly parts: readonly string[];
}

/**
 * A numbered list, counting from 1. An item's parts follow its lead after a colon when there is
 * one, else as a nested bullet list indented to the item's content (GFM: the marker's width).
 */
export function numberedList(items: readonly ListItem[]): string[] {
  return items.flatMap((item, index) => {
    const marker = `${index + 1}. `;
    if (item.parts.length <= 1)
      return [`${marker}${item.lead}${item.parts[0] ? `: ${inline(item.parts[0])}` : ''}`];
    const indent = ' '.repeat(marker.length);
    return [`${marker}${item.lead}:`, ...item.parts.map((part) => `${indent}- ${inline(part)}`)];
  });
}

/**
 * A part as the content of a list line: on one line, and not read as the start of a block. Text
 * from markdown.ts escapes `#`, `>`, `*`, `.` and `)`, but a leading `-`, `+` or `=` would still
 * open a nested list (or end in a setext heading or a thematic break).
 */
function inline(markdown: string): string {
  const oneLine = markdown.replace(/[\r\n]+/g, ' ');
  return /^[-+=]/.test(oneLine) ? `\\${oneLine}` : oneLine;
}
