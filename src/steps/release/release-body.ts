/**
 * The marked section of a release body that belongs to one `release-section`: found by its
 * start and end marker lines, replaced whole on a rerun, appended when absent. Everything
 * outside the markers is the release author's and is kept byte for byte. Pure.
 */

export function startMarker(sectionId: string): string {
  return `<!-- ami-distribute:${sectionId}:start -->`;
}

export function endMarker(sectionId: string): string {
  return `<!-- ami-distribute:${sectionId}:end -->`;
}

export type Spliced =
  | { readonly ok: true; readonly body: string }
  | { readonly ok: false; readonly problem: string };

/**
 * The body with `section` (which starts and ends with its markers) in place of the old one.
 * A marker counts only as a whole line (`\r\n` bodies, as the web editor saves them, too), so a
 * marker quoted inside a paragraph or a code span is text. A body whose markers are not exactly
 * one start followed by one end is not guessed at: that would risk deleting the author's text.
 */
export function spliceSection(body: string, sectionId: string, section: string): Spliced {
  const lines = body.split('\n');
  const at = (marker: string) =>
    lines.flatMap((line, index) => (line.replace(/\r$/, '').trim() === marker ? [index] : []));
  const starts = at(startMarker(sectionId));
  const ends = at(endMarker(sectionId));
  if (starts.length === 0 && ends.length === 0) {
    const kept = body.replace(/\s+$/, '');
    return { ok: true, body: kept === '' ? section : `${kept}\n\n${section}` };
  }
  const [start] = starts;
  const [end] = ends;
  if (starts.length !== 1 || ends.length !== 1 || start === undefined || end === undefined || end < start) {
    return {
      ok: false,
      problem: `the release body has ${starts.length} start and ${ends.length} end marker lines for section "${sectionId}" (${startMarker(sectionId)} … ${endMarker(sectionId)}), not one pair in order; edit the release body to remove the stray markers (or the whole section), then rerun`,
    };
  }
  const after = lines.slice(end + 1);
  // The web editor saves \r\n: the new section takes the line ending of the end marker it replaces.
  const cr = lines[end]?.endsWith('\r') ? '\r' : '';
  const sectionLines = section
    .split('\n')
    .map((line, i, all) => (i < all.length - 1 || after.length > 0 ? line + cr : line));
  return { ok: true, body: [...lines.slice(0, start), ...sectionLines, ...after].join('\n') };
}

/** The section as it stands in a body (line endings normalised), or undefined. */
export function sectionIn(body: string, sectionId: string): string | undefined {
  const normal = body.replace(/\r\n/g, '\n');
  const start = normal.indexOf(`${startMarker(sectionId)}\n`);
  const endText = endMarker(sectionId);
  const end = normal.indexOf(endText, start);
  if (start < 0 || end < 0) return undefined;
  return normal.slice(start, end + endText.length);
}
