import { describe, expect, it } from 'vitest';
import { formatOutputs } from '../../src/report/outputs.js';
import { distributionResult, regionResult } from './fixtures.js';

describe('formatOutputs', () => {
  const result = distributionResult([
    regionResult({ region: 'eu-west-1', imageId: 'ami-0e0000000000000e1' }),
    regionResult({
      region: 'ap-southeast-1',
      imageId: 'ami-0a0000000000000a1',
      state: 'failed',
      reason: { code: 'Client.InternalError', message: 'Copy image failed with an internal error' },
      disposition: 'removed',
    }),
    regionResult({
      region: 'us-west-2',
      imageId: 'ami-0b0000000000000b1',
      state: 'pending',
      progressPercent: 40,
    }),
  ]);
  const targets = ['eu-west-1', 'ap-southeast-1', 'us-west-2'];

  it('maps available regions and the source region, and lists the rest as failed', () => {
    const outputs = formatOutputs(result, { includeSource: true, wait: true, targetRegions: targets });
    expect(JSON.parse(outputs['ami-ids'])).toEqual({
      'us-east-1': 'ami-0aaaaaaaaaaaaaaaa',
      'eu-west-1': 'ami-0e0000000000000e1',
    });
    expect(JSON.parse(outputs.matrix)).toEqual({
      include: [
        { region: 'us-east-1', ami: 'ami-0aaaaaaaaaaaaaaaa' },
        { region: 'eu-west-1', ami: 'ami-0e0000000000000e1' },
      ],
    });
    expect(JSON.parse(outputs['failed-regions'])).toEqual(['ap-southeast-1', 'us-west-2']);
  });

  it('counts pending copies as usable when not waiting, and leaves the source out on request', () => {
    const outputs = formatOutputs(result, { includeSource: false, wait: false, targetRegions: targets });
    expect(JSON.parse(outputs['ami-ids'])).toEqual({
      'eu-west-1': 'ami-0e0000000000000e1',
      'us-west-2': 'ami-0b0000000000000b1',
    });
    expect(JSON.parse(outputs['failed-regions'])).toEqual(['ap-southeast-1']);
  });

  it('describes every image with its state, origin, reason and disposition', () => {
    const images = JSON.parse(
      formatOutputs(result, { includeSource: true, wait: true, targetRegions: targets }).images,
    );
    expect(images).toHaveLength(3);
    expect(images[1]).toMatchObject({
      region: 'ap-southeast-1',
      state: 'failed',
      origin: 'new',
      reason: 'Client.InternalError: Copy image failed with an internal error',
      disposition: 'removed',
    });
  });

  it('lets a copy in the source region win over the source image', () => {
    const sameRegion = distributionResult([
      regionResult({ region: 'us-east-1', imageId: 'ami-0c0000000000000c1', name: 'web-base (encrypted)' }),
    ]);
    const outputs = formatOutputs(sameRegion, {
      includeSource: true,
      wait: true,
      targetRegions: ['us-east-1'],
    });
    expect(JSON.parse(outputs['ami-ids'])).toEqual({ 'us-east-1': 'ami-0c0000000000000c1' });
  });

  it('writes empty but valid JSON when the run stopped before copying', () => {
    const outputs = formatOutputs(undefined, {
      includeSource: true,
      wait: true,
      targetRegions: ['eu-west-1'],
    });
    expect(JSON.parse(outputs['ami-ids'])).toEqual({});
    expect(JSON.parse(outputs.matrix)).toEqual({ include: [] });
    expect(JSON.parse(outputs.images)).toEqual([]);
    expect(JSON.parse(outputs['failed-regions'])).toEqual(['eu-west-1']);
  });

  it('a stopped run made nothing: no source image, and every target failed, the source region too', () => {
    const outputs = formatOutputs(undefined, {
      includeSource: true,
      wait: true,
      targetRegions: ['us-east-1', 'eu-west-1'],
    });
    expect(JSON.parse(outputs['ami-ids'])).toEqual({});
    expect(JSON.parse(outputs['failed-regions'])).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('include-source: false does not hide a listed source region: it is a target mapped to the source', () => {
    const listed = distributionResult([
      regionResult({ region: 'us-east-1', imageId: 'ami-0aaaaaaaaaaaaaaaa', origin: 'source' }),
      regionResult({ region: 'eu-west-1', imageId: 'ami-0e0000000000000e1' }),
    ]);
    const outputs = formatOutputs(listed, {
      includeSource: false,
      wait: true,
      targetRegions: ['us-east-1', 'eu-west-1'],
    });
    expect(JSON.parse(outputs['ami-ids'])).toEqual({
      'us-east-1': 'ami-0aaaaaaaaaaaaaaaa',
      'eu-west-1': 'ami-0e0000000000000e1',
    });
    expect(JSON.parse(outputs['failed-regions'])).toEqual([]);
  });
});
