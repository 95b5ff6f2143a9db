import { describe, expect, it } from 'vitest';
import { resolveSource } from '../../src/config/source.js';

describe('resolveSource', () => {
  it.each([
    ['ami-12345678', 'eu-west-1', {}, 'ami-12345678', 'eu-west-1'],
    ['ami-12345678', '', { AWS_REGION: 'ap-south-1' }, 'ami-12345678', 'ap-south-1'],
    ['ami-12345678', '', { AWS_DEFAULT_REGION: 'ap-south-2' }, 'ami-12345678', 'ap-south-2'],
    ['sa-east-1:ami-12345678', '', { AWS_REGION: 'ap-south-1' }, 'ami-12345678', 'sa-east-1'],
    ['us-east-1:ami-11111111,eu-west-1:ami-22222222', 'eu-west-1', {}, 'ami-22222222', 'eu-west-1'],
    [
      'us-east-1:ami-11111111,eu-west-1:ami-22222222',
      '',
      { AWS_REGION: 'us-east-1' },
      'ami-11111111',
      'us-east-1',
    ],
    ['us-east-1:ami-11111111\neu-west-1:ami-22222222', 'eu-west-1', {}, 'ami-22222222', 'eu-west-1'],
    ['us-east-1:ami-11111111,us-east-1:ami-11111111', '', {}, 'ami-11111111', 'us-east-1'],
  ])('%s with source-region %j and %j → %s in %s', (id, region, env, imageId, sourceRegion) => {
    expect(resolveSource(id, region, env)).toEqual({ sourceImageId: imageId, sourceRegion, problems: [] });
  });

  it('reports a missing region even when the id is also wrong', () => {
    const resolved = resolveSource('ami-1', '', {});
    expect(resolved.problems.map((problem) => problem.input)).toEqual(['source-ami-id', 'source-region']);
  });

  it('keeps an explicit region while the id is wrong, so other checks can use it', () => {
    expect(resolveSource('ami-1', 'eu-west-1', {}).sourceRegion).toBe('eu-west-1');
  });
});
