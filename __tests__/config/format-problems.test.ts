import { describe, expect, it } from 'vitest';
import { formatProblems } from '../../src/config/format-problems.js';

describe('formatProblems', () => {
  it('gives one line per problem, naming the input, under a heading with the count', () => {
    expect(
      formatProblems([
        { input: 'encrypted', value: 'yes', message: '"yes" is not a boolean' },
        { input: 'timeout', value: '90', message: '"90" has no unit' },
      ]),
    ).toBe(
      '2 input problems; nothing was sent to AWS:\n  - encrypted: "yes" is not a boolean\n  - timeout: "90" has no unit',
    );
  });

  it('keeps each problem on one line', () => {
    const text = formatProblems([{ input: 'tags', value: 'a\nb', message: 'bad\nmapping' }]);
    expect(text.split('\n')).toEqual([
      '1 input problem; nothing was sent to AWS:',
      '  - tags: bad\\nmapping',
    ]);
  });
});
