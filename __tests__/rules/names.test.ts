import { describe, expect, it } from 'vitest';
import {
  checkAmiName,
  checkImageDescription,
  expandTemplate,
  parseTemplate,
  type TemplateValues,
  utcDate,
  utcTimestamp,
} from '../../src/rules/names.js';

const VALUES: TemplateValues = {
  name: 'base',
  region: 'eu-west-1',
  'source-region': 'us-east-1',
  'source-ami-id': 'ami-12345678',
  date: '2026-11-26',
  timestamp: '20261126034500',
};

describe('templates', () => {
  it('replaces every token and keeps the rest', () => {
    expect(
      expandTemplate('{name}/{region}/{source-region}/{source-ami-id}/{date}/{timestamp} [x]', VALUES),
    ).toBe('base/eu-west-1/us-east-1/ami-12345678/2026-11-26/20261126034500 [x]');
  });

  it('replaces a token each time it appears', () => {
    expect(expandTemplate('{region}-{region}', VALUES)).toBe('eu-west-1-eu-west-1');
  });

  it('returns a text without tokens unchanged', () => {
    expect(expandTemplate('plain name', VALUES)).toBe('plain name');
  });

  it.each([
    ['{nam}', 'unknown token "{nam}"'],
    ['{}', 'unknown token "{}"'],
    ['{name', 'never closed'],
    ['{{name}}', 'never closed'],
    ['name}', 'no "{" before it'],
    ['{ name }', 'unknown token'],
  ])('refuses %j', (template, says) => {
    const parsed = parseTemplate(template);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(says);
    expect(() => expandTemplate(template, VALUES)).toThrow(/Invalid template/);
  });

  it('formats {date} and {timestamp} in UTC', () => {
    const at = new Date('2026-01-02T23:04:05.678-05:00');
    expect(utcDate(at)).toBe('2026-01-03');
    expect(utcTimestamp(at)).toBe('20260103040405');
  });
});

describe('checkAmiName', () => {
  it.each(['abc', "app (v1.2) [x86_64] ./-'@_", 'a'.repeat(128)])('accepts %j', (name) => {
    expect(checkAmiName(name)).toBeUndefined();
  });

  it.each([
    ['ab', 'at least 3'],
    ['a'.repeat(129), 'at most 128'],
    ['app:1', '":"'],
    ['app{1}', '"{", "}"'],
    ['appé', '"é"'],
    ['app#1,2', '"#", ","'],
    ['tab\there', '"\\t"'],
  ])('refuses %j', (name, says) => {
    expect(checkAmiName(name)).toContain(says);
  });
});

describe('checkImageDescription', () => {
  it('allows 255 characters, counted as characters not UTF-16 units', () => {
    expect(checkImageDescription('d'.repeat(255))).toBeUndefined();
    expect(checkImageDescription('😀'.repeat(255))).toBeUndefined();
    expect(checkImageDescription('d'.repeat(256))).toContain('at most 255');
  });
});
