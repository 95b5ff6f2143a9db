import { describe, expect, it } from 'vitest';
import { parseMapping } from '../../src/config/maps.js';

describe('parseMapping', () => {
  it.each([
    [
      'YAML lines',
      'a: 1\nb: two words\n# comment\nc: "x: y"',
      [
        ['a', '1'],
        ['b', 'two words'],
        ['c', 'x: y'],
      ],
    ],
    [
      'a YAML flow mapping',
      '{a: 1, b: 2}',
      [
        ['a', '1'],
        ['b', '2'],
      ],
    ],
    [
      'JSON',
      '{"a": "1", "b": 2, "c": false}',
      [
        ['a', '1'],
        ['b', '2'],
        ['c', 'false'],
      ],
    ],
    [
      'key=value lines',
      'a=1\n\n# comment\nb = two words\nc:d=e=f',
      [
        ['a', '1'],
        ['b', 'two words'],
        ['c:d', 'e=f'],
      ],
    ],
    ['YAML whose value holds "="', 'a: b=c', [['a', 'b=c']]],
    ['YAML keys with colons', 'team:owner: x', [['team:owner', 'x']]],
    [
      'YAML scalars kept as written',
      'a: 010\nb: 1e3\nc: ~\nd: yes',
      [
        ['a', '010'],
        ['b', '1e3'],
        ['c', '~'],
        ['d', 'yes'],
      ],
    ],
    ['an empty text', '  ', []],
  ])('reads %s', (_label, text, entries) => {
    expect(parseMapping(text)).toEqual({ entries, problems: [] });
  });

  it.each([
    ['a list', '- a\n- b'],
    ['a scalar', 'just words'],
    ['unbalanced JSON', '{"a": 1'],
    ['duplicate YAML keys', 'a: 1\na: 2'],
    ['two documents', 'a: 1\n---\nb: 2'],
    ['a nested mapping', 'a:\n  b: c'],
    ['an alias', 'a: &x v\nb: *x'],
    ['a key=value line among YAML-looking lines', 'a=1\nb: 2'],
  ])('refuses %s', (_label, text) => {
    expect(parseMapping(text).problems.length).toBeGreaterThan(0);
  });
});
