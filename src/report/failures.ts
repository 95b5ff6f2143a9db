import type { DistributionResult, RegionResult } from '../distribute/result-types.js';
import { logLine } from '../logger.js';

export interface Annotation {
  readonly title: string;
  readonly message: string;
}

/** Regions that make the step fail: anything not available when waiting, failures otherwise. */
export function failingRegions(result: DistributionResult, wait: boolean): RegionResult[] {
  return result.regions.filter((r) =>
    wait ? r.state !== 'available' : r.state !== 'available' && r.state !== 'pending',
  );
}

/** One annotation per failing region: region, AWS's reason, the hint and what happened to the copy. */
export function failureAnnotations(result: DistributionResult, wait: boolean): Annotation[] {
  return failingRegions(result, wait).map((region) => ({
    title: `ami-distribute: ${region.region} ${region.state}`,
    message: describeFailure(region),
  }));
}

/** The step's failure message: one line per failing region. Undefined when nothing failed. */
export function failureMessage(result: DistributionResult, wait: boolean): string | undefined {
  const failing = failingRegions(result, wait);
  if (failing.length === 0) return undefined;
  const total = result.regions.length;
  return [
    `${failing.length} of ${total} region${total === 1 ? '' : 's'} did not end available:`,
    ...failing.map((region) => `- ${region.region}: ${describeFailure(region)}`),
  ].join('\n');
}

function describeFailure(region: RegionResult): string {
  const parts = [region.imageId ? `${region.state} (${region.imageId})` : region.state];
  // AWS's words, kept to one line so the message keeps one line per region.
  if (region.reason) parts.push(logLine(`${region.reason.code}: ${region.reason.message}`));
  if (region.hint) parts.push(region.hint);
  if (region.disposition === 'removed') parts.push('The copy and its snapshots were removed.');
  if (region.disposition === 'kept' && region.state !== 'failed')
    parts.push('The copy was kept and continues in AWS.');
  if (region.disposition === 'kept' && region.state === 'failed')
    parts.push(
      region.lostTrack
        ? 'The copy was not removed: AWS never reported it failed, so it may still be copying; a rerun picks it up.'
        : 'The failed copy was kept (cleanup-failed: false).',
    );
  if (region.disposition === 'removal-failed') {
    parts.push(
      `Removing the copy failed; left behind: ${[region.imageId, ...region.snapshotIds].join(', ')}.`,
    );
  }
  return parts.join(' — ');
}
