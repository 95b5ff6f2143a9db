/**
 * Finds what GitHub-flavoured Markdown would turn into a link, an image or raw HTML, the way the
 * job summary is rendered: code spans and backslash-escaped characters are taken out first
 * (they render as literal text), then the rest is searched for inline and reference links,
 * images, autolinks (`<scheme:…>`, bare `http://`, `www.`, e-mail addresses) and HTML tags.
 * A simplification of CommonMark, erring on the side of finding too much.
 */
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/** The Markdown with code spans and escaped characters replaced by `·`. */
export function literalTextRemoved(markdown: string): string {
  let out = '';
  let i = 0;
  while (i < markdown.length) {
    const char = markdown[i] as string;
    if (char === '\\' && ASCII_PUNCTUATION.test(markdown[i + 1] ?? '')) {
      out += '·';
      i += 2;
      continue;
    }
    if (char === '`') {
      const run = /^`+/.exec(markdown.slice(i))?.[0] ?? '`';
      const close = findClosingRun(markdown, i + run.length, run.length);
      if (close !== undefined) {
        out += '·';
        i = close + run.length;
        continue;
      }
      out += run;
      i += run.length;
      continue;
    }
    out += char;
    i += 1;
  }
  return out;
}

function findClosingRun(text: string, from: number, length: number): number | undefined {
  const pattern = /`+/g;
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0].length === length) return match.index;
  }
  return undefined;
}

const LINK_PATTERNS: readonly RegExp[] = [
  /!?\[[^\]]*\]\([^)]*\)/g, // [text](url), ![alt](src)
  /!?\[[^\]]*\]\[[^\]]*\]/g, // [text][ref]
  /<[a-z][a-z0-9+.-]*:[^\s>]*>/gi, // <scheme:…>
  /<\/?[a-z][^>]*>/gi, // HTML tags
  /\bhttps?:\/\/\S+/gi,
  /\bwww\.\S+/gi,
  /[\w.+-]+@[\w-]+\.[\w.-]+/g,
];

/** Every link-like construct the rendered Markdown would have. */
export function markdownLinks(markdown: string): string[] {
  const text = literalTextRemoved(markdown);
  return LINK_PATTERNS.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[0]));
}

const CONSOLE_LINK =
  /^(\[·\]\()?https:\/\/[a-z0-9-]+\.console\.aws\.amazon\.com\/ec2\/home\?region=[a-z0-9-]+#ImageDetails:imageId=ami-[0-9a-f]{8,17}\)$/;

/** The links of `markdown` other than the summary's own links to an image in the EC2 console. */
export function foreignLinks(markdown: string): string[] {
  return markdownLinks(markdown).filter((link) => !CONSOLE_LINK.test(link));
}
