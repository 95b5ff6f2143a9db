import type { DistributionResult, RegionResult } from '../../src/distribute/result-types.js';

export function regionResult(overrides: Partial<RegionResult> & Pick<RegionResult, 'region'>): RegionResult {
  return {
    imageId: `ami-${overrides.region.replace(/-/g, '').padEnd(17, '0').slice(0, 17)}`,
    name: 'web-base',
    state: 'available',
    origin: 'new',
    encrypted: true,
    kmsKeyId: undefined,
    snapshotIds: ['snap-0123456789abcdef0'],
    seconds: 754,
    reason: undefined,
    hint: undefined,
    disposition: undefined,
    waitedForCapacitySeconds: 0,
    progressPercent: 100,
    notes: [],
    cleanedUp: [],
    steps: [],
    ...overrides,
  };
}

export function distributionResult(regions: RegionResult[]): DistributionResult {
  return {
    source: {
      imageId: 'ami-0aaaaaaaaaaaaaaaa',
      region: 'us-east-1',
      name: 'web-base',
      encrypted: false,
      sizeGiB: 50,
    },
    regions,
    startedAt: 0,
    finishedAt: 1_000_000,
  };
}
