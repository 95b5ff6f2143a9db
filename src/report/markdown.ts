/**
 * The one way strings from AWS or a user (image names, descriptions, StateReasons, error
 * messages, input values) enter the job summary, which GitHub renders as GitHub-flavoured
 * Markdown. An AMI name may hold `[ ] ( ) /`, so a name such as `[Sign in](//evil.example)`
 * would render as a link if it were pasted in as it is. Every function here returns Markdown
 * that shows exactly the given text, on one line.
 */

/** Line breaks (also the Unicode ones) and other control characters: each becomes a space. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const BREAKS_AND_CONTROLS = /\r\n|[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;

/**
 * ASCII punctuation that means something inline in GFM (links, images, emphasis, code, HTML,
 * entities, tables, strikethrough, math) or starts an autolink (`http:`, `www.`, `a@b.c`),
 * a mention or a reference. CommonMark renders a backslash before any ASCII punctuation as
 * that character, so escaping a few too many is harmless. Left alone, for readability of the
 * raw text: - , ' " / ; ? % = { } + ^ (inert inside a line).
 */
const SIGNIFICANT = /[\\`*_[\]()<>!|~&#$:.@]/g;

function oneLine(value: string): string {
  return value.replace(BREAKS_AND_CONTROLS, ' ');
}

/** Plain text inside a line of Markdown: every significant character backslash-escaped. */
export function text(value: string): string {
  return oneLine(value).replace(SIGNIFICANT, (char) => `\\${char}`);
}

/**
 * A code span holding `value` verbatim: the fence is one backtick longer than the longest run
 * of backticks inside, and padded with spaces (which Markdown strips again) so a backtick at
 * either end cannot merge with the fence. Not for table cells: see `codeCell`.
 */
export function code(value: string): string {
  const content = oneLine(value);
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padded = content === '' || /^[ `]|[ `]$/.test(content) ? ` ${content} ` : content;
  return `${fence}${padded}${fence}`;
}

/**
 * A code span for a table cell. GFM splits a row on every `|` that is not backslash-escaped,
 * even inside code spans, and turns `\|` back into `|` before the span is read.
 */
export function codeCell(value: string): string {
  return code(value).replace(/\|/g, '\\|');
}
