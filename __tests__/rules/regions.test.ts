import { describe, expect, it } from 'vitest';
import { dropDuplicates, parseRegion, partitionOf, splitList } from '../../src/rules/regions.js';

describe('regions', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['eu-central-2', 'aws'],
    ['ap-southeast-4', 'aws'],
    ['ap-northeast-3', 'aws'],
    ['il-central-1', 'aws'],
    ['mx-central-1', 'aws'],
    ['me-south-1', 'aws'],
    ['af-south-1', 'aws'],
    ['ca-west-1', 'aws'],
    ['sa-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['us-isof-south-1', 'aws-iso-f'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['eusc-de-east-1', 'aws-eusc'],
  ])('%s is a region of %s', (region, partition) => {
    expect(parseRegion(region)).toEqual({ ok: true, value: region });
    expect(partitionOf(region)).toBe(partition);
  });

  it.each([
    '',
    'eu-west-9x',
    'EU-WEST-1',
    'eu-west',
    'euwest1',
    'eu-west-0',
    'eu-west-100',
    'xx-east-1',
    'us-foo-east-1',
    'eu-up-1',
    ' eu-west-1',
    'us-east-1a',
  ])('refuses %j', (text) => {
    expect(parseRegion(text).ok).toBe(false);
    expect(partitionOf(text)).toBeUndefined();
  });

  it('splits on commas, spaces and newlines and notices empty entries between two others', () => {
    expect(splitList('a, b\n c\td,e')).toEqual({ entries: ['a', 'b', 'c', 'd', 'e'], hasEmptyEntry: false });
    expect(splitList('a,,b')).toEqual({ entries: ['a', 'b'], hasEmptyEntry: true });
    expect(splitList('a, ,b').hasEmptyEntry).toBe(true);
    expect(splitList('   ')).toEqual({ entries: [], hasEmptyEntry: false });
  });

  it('takes a separator at either end as nothing more than that', () => {
    expect(splitList('a,')).toEqual({ entries: ['a'], hasEmptyEntry: false });
    expect(splitList(', a, b,\n')).toEqual({ entries: ['a', 'b'], hasEmptyEntry: false });
    expect(splitList(',,a,,')).toEqual({ entries: ['a'], hasEmptyEntry: false });
    expect(splitList(',')).toEqual({ entries: [], hasEmptyEntry: false });
  });

  it('drops duplicates keeping the first of each', () => {
    expect(dropDuplicates(['b', 'a', 'b', 'c', 'a'])).toEqual(['b', 'a', 'c']);
  });
});
