import { describe, expect, it } from 'vitest';
import { checkKeyPlacement, parseKmsKey } from '../../src/rules/kms-keys.js';
import { keyArn, MRK, UUID } from '../config/inputs.js';

describe('parseKmsKey', () => {
  it.each([
    [UUID, 'key-id', undefined, undefined],
    [MRK, 'multi-region-key-id', undefined, undefined],
    ['alias/images', 'alias', undefined, undefined],
    ['alias/aws/ebs', 'alias', undefined, undefined],
    [keyArn('eu-west-1'), 'key-arn', 'eu-west-1', 'aws'],
    [`arn:aws:kms:eu-west-1:123456789012:key/${MRK}`, 'key-arn', 'eu-west-1', 'aws'],
    [keyArn('cn-north-1', 'aws-cn'), 'key-arn', 'cn-north-1', 'aws-cn'],
    [keyArn('us-gov-west-1', 'aws-us-gov'), 'key-arn', 'us-gov-west-1', 'aws-us-gov'],
    ['arn:aws:kms:eu-west-1:123456789012:alias/images', 'alias-arn', 'eu-west-1', 'aws'],
  ])('reads %s as a %s', (text, kind, region, partition) => {
    expect(parseKmsKey(text)).toEqual({ ok: true, value: { text, kind, region, partition } });
  });

  it.each([
    'key',
    'alias/',
    'alias/has space',
    'mrk-123',
    UUID.toUpperCase(),
    `arn:aws:kms:eu-west-9x:123456789012:key/${UUID}`,
    `arn:aws:kms:eu-west-1:12345678901:key/${UUID}`,
    `arn:aws-cn:kms:eu-west-1:123456789012:key/${UUID}`,
    'arn:aws:kms:eu-west-1:123456789012:key/x',
    `arn:aws:iam::123456789012:key/${UUID}`,
  ])('refuses %j', (text) => {
    expect(parseKmsKey(text).ok).toBe(false);
  });
});

function ref(text: string) {
  const parsed = parseKmsKey(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

describe('checkKeyPlacement', () => {
  it('lets an ARN serve its own region only, naming each other region', () => {
    expect(checkKeyPlacement(ref(keyArn('eu-west-1')), ['eu-west-1'], 'aws')).toEqual([]);
    const problems = checkKeyPlacement(
      ref(keyArn('eu-west-1')),
      ['eu-west-1', 'us-west-2', 'ap-south-1'],
      'aws',
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('in eu-west-1, but it would encrypt the copy in us-west-2');
    expect(problems[1]).toContain('in ap-south-1');
  });

  it('lets a single-Region key id serve one region, and mrk- ids and aliases any number', () => {
    expect(checkKeyPlacement(ref(UUID), ['eu-west-1'], 'aws')).toEqual([]);
    expect(checkKeyPlacement(ref(UUID), ['eu-west-1', 'us-west-2'], 'aws')).toHaveLength(1);
    expect(checkKeyPlacement(ref(MRK), ['eu-west-1', 'us-west-2'], 'aws')).toEqual([]);
    expect(checkKeyPlacement(ref('alias/x'), ['eu-west-1', 'us-west-2'], 'aws')).toEqual([]);
  });

  it('refuses an ARN of another partition than the source', () => {
    expect(checkKeyPlacement(ref(keyArn('cn-north-1', 'aws-cn')), ['cn-north-1'], 'aws')[0]).toContain(
      'partition aws-cn',
    );
  });
});
