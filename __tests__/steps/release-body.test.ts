/** The marked section of a release body: replaced whole, appended once, never guessed at. */
import { describe, expect, it } from 'vitest';
import { endMarker, sectionIn, spliceSection, startMarker } from '../../src/steps/release/release-body.js';

const section = (text: string, id = 'ami-ids') => `${startMarker(id)}\n${text}\n${endMarker(id)}`;

function splice(body: string, next: string, id = 'ami-ids'): string {
  const result = spliceSection(body, id, next);
  if (!result.ok) throw new Error(result.problem);
  return result.body;
}

describe('release body section', () => {
  it('appends to the author’s notes once, and a rerun replaces instead of duplicating', () => {
    const first = splice('## Changes\n- faster boot\n\n', section('one'));
    expect(first).toBe(`## Changes\n- faster boot\n\n${section('one')}`);
    const second = splice(first, section('two'));
    expect(second).toBe(`## Changes\n- faster boot\n\n${section('two')}`);
    expect(second.match(/ami-distribute:ami-ids:start/g)).toHaveLength(1);
  });

  it('keeps text after the section, and other sections, byte for byte', () => {
    const body = `intro\n${section('old')}\noutro\n${section('web', 'ami-ids-web')}\n`;
    const next = splice(body, section('new'));
    expect(next).toBe(`intro\n${section('new')}\noutro\n${section('web', 'ami-ids-web')}\n`);
    expect(sectionIn(next, 'ami-ids-web')).toBe(section('web', 'ami-ids-web'));
  });

  it('an empty body becomes the section alone', () => {
    expect(splice('', section('x'))).toBe(section('x'));
  });

  it('a body saved by the web editor (\\r\\n) keeps its line endings', () => {
    const body = `notes\r\n${section('old').replace(/\n/g, '\r\n')}\r\nmore\r\n`;
    const next = splice(body, section('new'));
    expect(next).toBe(`notes\r\n${section('new').replace(/\n/g, '\r\n')}\r\nmore\r\n`);
    expect(sectionIn(next, 'ami-ids')).toBe(section('new'));
  });

  it('a marker quoted inside a line is text, not a marker', () => {
    const body = `Our markers look like \`${startMarker('ami-ids')}\`.`;
    expect(splice(body, section('x'))).toBe(`${body}\n\n${section('x')}`);
  });

  it.each([
    ['a start without an end', `${startMarker('ami-ids')}\nlost`],
    ['an end before the start', `${endMarker('ami-ids')}\n${startMarker('ami-ids')}`],
    ['two sections', `${section('a')}\n${section('b')}`],
  ])('refuses %s and says how to fix the body', (_case, body) => {
    const result = spliceSection(body, 'ami-ids', section('x'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(/remove the stray markers/);
  });

  it('sectionIn finds nothing when the section is gone', () => {
    expect(sectionIn('nothing here', 'ami-ids')).toBeUndefined();
  });
});
