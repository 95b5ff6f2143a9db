/**
 * The job summary as GitHub shows it: rendered by micromark with its GFM extension (CommonMark
 * plus GFM tables, autolink literals, strikethrough, footnotes and the tag filter, each checked
 * against the GFM spec's examples), with raw HTML let through as GitHub's renderer lets it
 * through before sanitising, so that any HTML the summary lets in shows up here. Then the
 * HTML is read back: micromark escapes every `<` of text as `&lt;`, so each `<` left is a tag.
 */
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';

export function renderGfm(markdown: string): string {
  return micromark(markdown, {
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
    allowDangerousHtml: true,
  });
}

export interface RenderedTable {
  /** Header cells, as text. */
  readonly header: string[];
  /** Body rows: each cell as text (tags removed, entities decoded). */
  readonly rows: string[][];
  /** Body rows: each cell's inner HTML. */
  readonly html: string[][];
}

/** Every table of the rendered HTML. */
export function tables(html: string): RenderedTable[] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map(([, inner = '']) => {
    const rows = [...inner.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(([, row = '']) =>
      [...row.matchAll(/<t([hd])(?: [^>]*)?>([\s\S]*?)<\/t\1>/g)].map(([, , cell = '']) => cell),
    );
    const [header = [], ...body] = rows;
    return { header: header.map(textOf), rows: body.map((row) => row.map(textOf)), html: body };
  });
}

/** Every tag name the HTML has (`a`, `table`, `script`, …), once each. */
export function tagNames(html: string): string[] {
  return [
    ...new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map(([, name = '']) => name.toLowerCase())),
  ];
}

/** The href of every link, and the src of every image. */
export function linkTargets(html: string): string[] {
  return [...html.matchAll(/<(?:a\b[^>]*\bhref|img\b[^>]*\bsrc)="([^"]*)"/g)].map(([, url = '']) =>
    decode(url),
  );
}

/** The items of every top-level ordered list, as text. */
export function orderedListItems(html: string): string[] {
  return [...html.matchAll(/<ol>([\s\S]*?)<\/ol>/g)].flatMap(([, inner = '']) =>
    topLevelItems(inner).map(textOf),
  );
}

function topLevelItems(listHtml: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (const match of listHtml.matchAll(/<(\/?)(li|ol|ul)\b[^>]*>/g)) {
    const closing = match[1] === '/';
    const tag = match[2];
    const at = match.index ?? 0;
    if (tag === 'li' && !closing && depth === 0) start = at + match[0].length;
    if (tag === 'li' && closing && depth === 1) items.push(listHtml.slice(start, at));
    if (tag === 'li') depth += closing ? -1 : 1;
  }
  return items;
}

/** What a reader sees of some HTML: the tags removed, the entities decoded, white space folded. */
export function textOf(html: string): string {
  return decode(html.replace(/<\/?(?:p|li|ol|ul|td|th|tr|br)\b[^>]*>/g, ' ').replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

function decode(html: string): string {
  return html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&amp;/g, '&');
}
