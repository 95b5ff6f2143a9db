import type { DistributionResult, RegionResult } from '../distribute/result-types.js';
import type { ReleaseReport } from '../steps/release/publish-release.js';
import type { StepReport } from '../steps/step.js';
import type { OutputName } from './output-names.js';

export interface OutputOptions {
  readonly includeSource: boolean;
  readonly wait: boolean;
  /** Every target region (so a run that stopped early still lists them as failed). */
  readonly targetRegions: readonly string[];
}

/**
 * Formats the step outputs; every value is a compact JSON string. `failed-regions` is always the
 * target regions without an entry in `ami-ids`. Without a result (invalid inputs, a run stopped
 * before any copy, a cancel that could not settle) the run made nothing: `ami-ids` is `{}`, even
 * without the source image, and every target region is failed.
 */
export function formatOutputs(
  result: DistributionResult | undefined,
  options: OutputOptions,
  release?: ReleaseReport,
): Record<OutputName, string> {
  const { amiIds, failedRegions } = regionMap(result, options);
  return {
    'ami-ids': JSON.stringify(amiIds),
    matrix: JSON.stringify({
      include: Object.entries(amiIds).map(([region, ami]) => ({ region, ami })),
    }),
    images: JSON.stringify(
      [...(result?.sourceOutput ? [result.sourceOutput] : []), ...(result?.regions ?? [])].map(imageRecord),
    ),
    'failed-regions': JSON.stringify(failedRegions),
    release: JSON.stringify(release ? releaseRecord(release) : null),
  };
}

/**
 * The region -> AMI map of `ami-ids` (also what the release publishes) and the target regions
 * without an entry (`failed-regions`).
 */
export function regionMap(
  result: DistributionResult | undefined,
  options: OutputOptions,
): { readonly amiIds: Record<string, string>; readonly failedRegions: string[] } {
  const usable = (result?.regions ?? []).filter(
    (r) => r.imageId !== undefined && (r.state === 'available' || (!options.wait && r.state === 'pending')),
  );
  const amiIds: Record<string, string> = {};
  // A target equal to the source region has its own entry (the source, or an encrypted copy).
  const dryRun = result?.regions.some((r) => r.state === 'dry-run') ?? false;
  if (result && !dryRun && options.includeSource && !options.targetRegions.includes(result.source.region)) {
    amiIds[result.source.region] = result.source.imageId;
  }
  for (const region of usable) amiIds[region.region] = region.imageId as string;

  const usableRegions = new Set(usable.map((r) => r.region));
  const checked = result?.regions.filter((r) => r.state === 'dry-run') ?? [];
  if (dryRun) {
    // A dry run made nothing to deploy; the regions it lists as failed are those it found a problem in.
    for (const region of checked) {
      const refused = region.reason !== undefined || region.steps.some((s) => s.status === 'failed');
      if (!refused) usableRegions.add(region.region);
    }
  }
  return { amiIds, failedRegions: options.targetRegions.filter((region) => !usableRegions.has(region)) };
}

function releaseRecord(report: ReleaseReport): Record<string, unknown> {
  return {
    status: report.status,
    repository: report.repository,
    tag: report.tag,
    url: report.url ?? null,
    section: report.section,
    asset: report.asset,
    error: report.reason ? `${report.reason.call}: ${report.reason.status}: ${report.reason.message}` : null,
  };
}

function imageRecord(region: RegionResult): Record<string, unknown> {
  return {
    region: region.region,
    imageId: region.imageId ?? null,
    name: region.name,
    state: region.state,
    origin: region.origin,
    encrypted: region.encrypted,
    kmsKeyId: region.kmsKeyId ?? null,
    snapshotIds: region.snapshotIds,
    seconds: region.seconds ?? null,
    waitedForCapacitySeconds: region.waitedForCapacitySeconds,
    reason: region.reason ? `${region.reason.code}: ${region.reason.message}` : null,
    hint: region.hint ?? null,
    disposition: region.disposition ?? null,
    notes: region.notes,
    cleanedUp: region.cleanedUp,
    ...stepRecords(region.steps),
  };
}

/** Each post-copy step's part of an `images` entry, under the step's name (`share`, `protect`, `deprecate`). */
export function stepRecords(reports: readonly StepReport[]): Record<string, unknown> {
  return Object.fromEntries(
    reports.map((report) => [
      report.step,
      {
        status: report.status,
        ...report.facts,
        error: report.reason
          ? `${report.reason.action ? `${report.reason.action}: ` : ''}${report.reason.code}: ${report.reason.message}`
          : null,
      },
    ]),
  );
}
