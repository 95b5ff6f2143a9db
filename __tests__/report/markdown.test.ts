import { describe, expect, it } from 'vitest';
import { code, codeCell, text } from '../../src/report/markdown.js';
import { literalTextRemoved, markdownLinks } from '../support/markdown-links.js';

const LINK = '[Sign in](//evil.example/login)';

/** What a code span shows: its content with the one padding space stripped from each end. */
function shownBy(span: string): string {
  const fence = /^`+/.exec(span)?.[0] ?? '';
  expect(span.endsWith(fence)).toBe(true);
  const inner = span.slice(fence.length, span.length - fence.length);
  return /^ .* $/.test(inner) && inner.trim() !== '' ? inner.slice(1, -1) : inner;
}

describe('code', () => {
  it('puts the text in a code span, so a name in link syntax renders as text', () => {
    expect(code(LINK)).toBe(`\`${LINK}\``);
    expect(markdownLinks(`Source: ${code(LINK)}.`)).toEqual([]);
  });

  it('uses a fence longer than any backtick run inside, padded where a backtick touches it', () => {
    expect(code('a`b')).toBe('``a`b``');
    expect(code('a``b```c')).toBe('````a``b```c````');
    expect(code('`x`')).toBe('`` `x` ``');
    expect(shownBy(code('`x`'))).toBe('`x`');
    expect(shownBy(code(' leading space'))).toBe(' leading space');
    // The span cannot be closed early: the link after the backticks stays inside it.
    expect(markdownLinks(code(`\` ${LINK} \``))).toEqual([]);
  });

  it('keeps the span on one line: line breaks and control characters become spaces', () => {
    expect(code('a\n::error::owned\r\nb\u2028c\u0007d')).toBe('`a ::error::owned b c d`');
  });

  it('writes an empty value as an empty-looking span that still is one', () => {
    expect(code('')).toBe('`  `');
  });
});

describe('codeCell', () => {
  it('escapes | so a table row is not split, inside the span as well', () => {
    expect(codeCell('a|b')).toBe('`a\\|b`');
    const row = `| eu-west-1 | ${codeCell('x | y')} |`;
    expect(row.split(/(?<!\\)\|/)).toHaveLength(4);
  });
});

describe('text', () => {
  it('escapes every character that could start a link, an image, emphasis, code or HTML', () => {
    expect(text(LINK)).toBe('\\[Sign in\\]\\(//evil\\.example/login\\)');
    expect(text('![x](y) *b* _i_ `c` <a href=x> &amp; ~s~ $m$ #1 @me a|b \\')).toBe(
      '\\!\\[x\\]\\(y\\) \\*b\\* \\_i\\_ \\`c\\` \\<a href=x\\> \\&amp; \\~s\\~ \\$m\\$ \\#1 \\@me a\\|b \\\\',
    );
  });

  it('defeats autolinks', () => {
    for (const value of ['https://evil.example/x', 'www.evil.example', 'me@evil.example', '<http://x>']) {
      expect(markdownLinks(value), value).not.toEqual([]);
      expect(markdownLinks(`- ${text(value)}`), value).toEqual([]);
    }
  });

  it('leaves region names, ids and plain words as they are', () => {
    expect(text('eu-west-1 ami-0123456789abcdef0 can\'t "x" a/b, c; d?')).toBe(
      'eu-west-1 ami-0123456789abcdef0 can\'t "x" a/b, c; d?',
    );
  });

  it('keeps the text on one line', () => {
    expect(text('a\n- b\r\n# c')).toBe('a - b \\# c');
  });
});

describe('the link finder used by the tests', () => {
  it('finds links and HTML, but not inside code spans or when escaped', () => {
    expect(markdownLinks(`see ${LINK} and <a href="x">y</a>`)).toEqual([LINK, '<a href="x">', '</a>']);
    expect(markdownLinks(`\`${LINK}\``)).toEqual([]);
    expect(markdownLinks('\\[Sign in\\]\\(//evil.example/login\\)')).toEqual([]);
    expect(literalTextRemoved('a `b` \\* ``c`d`` `e')).toBe('a · · · `e');
  });
});
