import { describe, expect, it } from 'vitest';
import {
  checkTagCount,
  checkTagValue,
  checkUserTagKey,
  mergeTags,
  provenanceTags,
  type ReuseSettings,
  SETTINGS_TAG,
  SOURCE_IMAGE_TAG,
  SOURCE_REGION_TAG,
  settingsHash,
} from '../../src/rules/tags.js';

const SETTINGS: ReuseSettings = {
  sourceImageId: 'ami-12345678',
  sourceRegion: 'us-east-1',
  targetRegion: 'eu-west-1',
  encrypted: true,
  kmsKeyId: 'alias/x',
};

describe('provenance', () => {
  it('names the source image, its region and the settings', () => {
    expect(provenanceTags(SETTINGS)).toEqual({
      'ami-distribute:source-image': 'ami-12345678',
      'ami-distribute:source-region': 'us-east-1',
      'ami-distribute:settings': settingsHash(SETTINGS),
    });
    expect([SOURCE_IMAGE_TAG, SOURCE_REGION_TAG, SETTINGS_TAG]).toEqual([
      'ami-distribute:source-image',
      'ami-distribute:source-region',
      'ami-distribute:settings',
    ]);
  });

  it('hashes the settings to 16 hex digits, the same each time', () => {
    expect(settingsHash(SETTINGS)).toMatch(/^[0-9a-f]{16}$/);
    expect(settingsHash({ ...SETTINGS })).toBe(settingsHash(SETTINGS));
  });

  it.each([
    ['sourceImageId', { sourceImageId: 'ami-87654321' }],
    ['sourceRegion', { sourceRegion: 'us-east-2' }],
    ['targetRegion', { targetRegion: 'eu-west-2' }],
    ['encrypted', { encrypted: false }],
    ['kmsKeyId', { kmsKeyId: 'alias/y' }],
    ['kmsKeyId unset', { kmsKeyId: undefined }],
  ])('changes the hash when %s changes', (_label, change) => {
    expect(settingsHash({ ...SETTINGS, ...change })).not.toBe(settingsHash(SETTINGS));
  });
});

describe('mergeTags', () => {
  const provenance = provenanceTags(SETTINGS);
  const sourceTags = {
    Name: 'base',
    team: 'source-team',
    'aws:cloudformation:stack-name': 'x',
    'AWS:other': 'y',
    'ami-distribute:settings': 'stale',
  };

  it('layers source tags (without aws: and old provenance), user tags, then provenance', () => {
    expect(
      mergeTags({ sourceTags, copySourceTags: true, userTags: { team: 'core', env: 'prod' }, provenance }),
    ).toEqual({
      Name: 'base',
      team: 'core',
      env: 'prod',
      ...provenance,
    });
  });

  it('leaves the source tags out when copy-tags is false', () => {
    expect(mergeTags({ sourceTags, copySourceTags: false, userTags: { env: 'prod' }, provenance })).toEqual({
      env: 'prod',
      ...provenance,
    });
  });
});

describe('tag checks', () => {
  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['aws:x', 'AWS reserves'],
    ['Aws:x', 'AWS reserves'],
    ['ami-distribute:mine', 'reserves for its provenance'],
    ['k'.repeat(129), 'at most 128'],
  ])('refuses the key %j', (key, says) => {
    expect(checkUserTagKey(key)).toContain(says);
  });

  it('accepts keys up to 128 characters, values up to 256, and empty values', () => {
    expect(checkUserTagKey('k'.repeat(128))).toBeUndefined();
    expect(checkUserTagKey('team:owner')).toBeUndefined();
    expect(checkTagValue('k', 'v'.repeat(256))).toBeUndefined();
    expect(checkTagValue('k', '')).toBeUndefined();
    expect(checkTagValue('k', 'v'.repeat(257))).toContain('at most 256');
  });

  it('allows 50 tags and refuses 51', () => {
    const tags = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
    expect(checkTagCount(tags(50))).toBeUndefined();
    expect(checkTagCount(tags(51))).toContain('51 tags');
  });
});
