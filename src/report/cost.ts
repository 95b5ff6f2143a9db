import type { DistributionResult } from '../distribute/result-types.js';

/**
 * Rates used for the estimate (USD). Inter-region data transfer out of most AWS regions is
 * $0.02/GB (some regions charge more); EBS standard snapshot storage is $0.05 per GB-month
 * in most regions. Both are list prices as published by AWS and vary by region.
 */
export const COST_RATES = {
  transferPerGB: 0.02,
  snapshotStoragePerGBMonth: 0.05,
} as const;

export interface CostEstimate {
  readonly newCopies: number;
  readonly gibPerCopy: number;
  readonly transferUSD: number;
  readonly storageUSDPerMonth: number;
}

/**
 * An upper-bound estimate for the copies this run made: the provisioned size of the source's
 * volumes is transferred once per new copy and stored as snapshots in each region. Real
 * snapshots hold only written blocks and later copies are incremental, so the bill is usually lower.
 */
export function estimateCost(result: DistributionResult): CostEstimate {
  const newCopies = result.regions.filter((r) => r.origin === 'new' && r.state !== 'failed').length;
  const gib = result.source.sizeGiB;
  return {
    newCopies,
    gibPerCopy: gib,
    transferUSD: round2(newCopies * gib * COST_RATES.transferPerGB),
    storageUSDPerMonth: round2(newCopies * gib * COST_RATES.snapshotStoragePerGBMonth),
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
