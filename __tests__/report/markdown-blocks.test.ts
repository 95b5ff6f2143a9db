import { describe, expect, it } from 'vitest';
import { numberedList, table } from '../../src/report/markdown-blocks.js';
import { orderedListItems, renderGfm, tables } from './gfm.js';

describe('table', () => {
  it('gives every row the header’s cells, and keeps a stray pipe or line break inside its cell', () => {
    const lines = table(
      ['A', 'B', 'C'],
      [
        ['1', 'x|y'],
        ['2', 'two\nlines', '3', 'extra'],
      ],
    );
    expect(lines).toEqual([
      '| A | B | C |',
      '| --- | --- | --- |',
      '| 1 | x\\|y |  |',
      '| 2 | two lines | 3 |',
    ]);
    const [rendered] = tables(renderGfm(lines.join('\n')));
    expect(rendered?.rows).toEqual([
      ['1', 'x|y', ''],
      ['2', 'two lines', '3'],
    ]);
  });

  it('leaves a pipe escaped already as it is', () => {
    expect(table(['A'], [['`a\\|b`']])[2]).toBe('| `a\\|b` |');
  });
});

describe('numberedList', () => {
  const items = Array.from({ length: 10 }, (_, i) => ({ lead: `item ${i + 1}`, parts: [`part ${i + 1}`] }));
  items[9] = { lead: 'item 10', parts: ['a', '- b', '+ c', '= d'] };

  it('puts one part on its item’s line and several in a list indented to the item’s content', () => {
    const lines = numberedList(items);
    expect(lines[0]).toBe('1. item 1: part 1');
    expect(lines.slice(9)).toEqual(['10. item 10:', '    - a', '    - \\- b', '    - \\+ c', '    - \\= d']);
  });

  it('renders as one ordered list of ten items, the last holding its four parts', () => {
    const html = renderGfm(numberedList(items).join('\n'));
    expect(orderedListItems(html)).toHaveLength(10);
    expect(orderedListItems(html)[9]).toBe('item 10: a - b + c = d');
    expect(html.match(/<ul>/g)).toHaveLength(1);
    expect(html.match(/<ul>[\s\S]*<\/ul>/)?.[0].match(/<li>/g)).toHaveLength(4);
  });
});
