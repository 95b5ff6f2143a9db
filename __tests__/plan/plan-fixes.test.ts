import { describe, expect, it } from 'vitest';
import { nameFix, tagCountFix } from '../../src/plan-fixes.js';

const tags = (prefix: string, count: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, 'v']));

describe('nameFix', () => {
  it('for characters AWS refuses: a template without {name}, and the characters allowed', () => {
    const fix = nameFix('web:base', undefined);
    expect(fix).toContain('a template without {name}, e.g. name: "web-{date}"');
    expect(fix).toContain("letters, digits, spaces and ( ) [ ] . / - ' @ _");
  });

  it('for a name too short: more text around {name}', () => {
    expect(nameFix('ab', '{name}')).toContain('e.g. name: "{name}-{region}"');
  });

  it('for a name too long: a shorter template, never one that adds {region}', () => {
    expect(nameFix('n'.repeat(129), undefined)).toBe(
      'set the name input to a shorter template than the source name, e.g. name: "web-{date}"',
    );
    expect(nameFix('n'.repeat(129), '{name}-{region}')).toContain('shorter template than the template');
  });
});

describe('tagCountFix', () => {
  it('blames the source when its tags alone do not fit, not the empty tags input', () => {
    const fix = tagCountFix({ sourceTags: tags('s', 48), copyTags: true, userTags: {} });
    expect(fix).toContain('the source image alone has 48 user tags to copy');
    expect(fix).toContain(
      'set copy-tags: false and list in tags the source tags the copies need (at most 47 in all)',
    );
    expect(fix).not.toContain('tags input');
  });

  it('says emptying the tags input would not be enough when the source alone is too many', () => {
    const fix = tagCountFix({ sourceTags: tags('s', 48), copyTags: true, userTags: tags('u', 2) });
    expect(fix).toContain('removing tags from the tags input is not enough');
  });

  it('counts how many tags input entries to remove when both together are too many', () => {
    const fix = tagCountFix({ sourceTags: tags('s', 40), copyTags: true, userTags: tags('u', 10) });
    expect(fix).toMatch(/^remove 3 from the tags input, or set copy-tags: false/);
  });

  it('ignores aws: and provenance keys and a user tag that overrides a source tag', () => {
    // 47 source tags to copy, one of them overridden, plus one more: 48 user tags, one too many.
    const sourceTags = { ...tags('s', 47), 'aws:x': 'v', 'ami-distribute:source-image': 'ami-1' };
    const fix = tagCountFix({ sourceTags, copyTags: true, userTags: { s0: 'mine', u: 'v' } });
    expect(fix).toMatch(/^remove 1 from the tags input/);
  });
});
