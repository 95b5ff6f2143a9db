import type { CleanupChoice } from '../config/config.js';
import type { DistributionResult, RegionResult } from '../distribute/result-types.js';
import { logLine } from '../logger.js';
import type { StepReport } from '../steps/step.js';

/** What the failure report needs of the configuration. */
export interface FailureReportOptions {
  /** With wait: false a pending copy is a success. */
  readonly wait: boolean;
  /** What the post step will do with a copy a cancelled run left copying. */
  readonly onCancel: CleanupChoice;
}

export interface Annotation {
  readonly title: string;
  readonly message: string;
}

/** Regions that make the step fail: anything not available when waiting, failures otherwise. */
export function failingRegions(result: DistributionResult, wait: boolean): RegionResult[] {
  return result.regions.filter((r) =>
    r.state === 'dry-run'
      ? r.reason !== undefined
      : wait
        ? r.state !== 'available'
        : r.state !== 'available' && r.state !== 'pending',
  );
}

/** A post-copy step that failed in a region: its image is kept and in the outputs. */
export interface StepFailure {
  readonly region: string;
  readonly imageId: string | undefined;
  readonly report: StepReport;
}

/** Every failed post-copy step, region by region (the source image's too). */
export function stepFailures(result: DistributionResult): StepFailure[] {
  const failed = (region: string, imageId: string | undefined, reports: readonly StepReport[]) =>
    reports.filter((r) => r.status === 'failed').map((report) => ({ region, imageId, report }));
  const regions = [...(result.sourceOutput ? [result.sourceOutput] : []), ...result.regions];
  return regions.flatMap((r) => failed(r.region, r.imageId, r.steps));
}

/** One annotation per failing region: region, AWS's reason, the hint and what happened to the copy. */
export function failureAnnotations(result: DistributionResult, options: FailureReportOptions): Annotation[] {
  return [
    ...failingRegions(result, options.wait).map((region) => ({
      title: `ami-distribute: ${region.region} ${region.state}`,
      message: describeFailure(region, options.onCancel),
    })),
    ...stepFailures(result).map((failure) => ({
      title: `ami-distribute: ${failure.region} ${failure.report.step} failed`,
      message: describeStepFailure(failure),
    })),
  ];
}

function describeStepFailure(failure: StepFailure): string {
  const dryRun = failure.report.facts.dryRun === true;
  const kept =
    failure.imageId && !dryRun ? ` The image ${failure.imageId} is available and in the outputs.` : '';
  const text = logLine(failure.report.text);
  return `${text}${/[.!?]$/.test(text) ? '' : '.'}${kept}`;
}

/** The step's failure message: one line per failing region. Undefined when nothing failed. */
export function failureMessage(
  result: DistributionResult,
  options: FailureReportOptions,
): string | undefined {
  const failing = failingRegions(result, options.wait);
  const steps = stepFailures(result);
  if (failing.length === 0 && steps.length === 0) return undefined;
  const total = result.regions.length;
  return [
    ...(failing.length > 0
      ? [
          failing.every((r) => r.state === 'dry-run')
            ? `The dry run found ${failing.length} of ${total} region${total === 1 ? '' : 's'} where the copy would not be made:`
            : `${failing.length} of ${total} region${total === 1 ? '' : 's'} did not end available:`,
          ...failing.map((region) => `- ${region.region}: ${describeFailure(region, options.onCancel)}`),
        ]
      : []),
    ...(steps.length > 0
      ? [
          `${steps.length} post-copy step${steps.length === 1 ? '' : 's'} ${steps.every((f) => f.report.facts.dryRun === true) ? 'would fail' : 'failed'}:`,
          ...steps.map((failure) => `- ${failure.region}: ${describeStepFailure(failure)}`),
        ]
      : []),
  ].join('\n');
}

function describeFailure(region: RegionResult, onCancel: CleanupChoice): string {
  if (region.state === 'dry-run') return logLine(region.reason?.message ?? 'would not be copied');
  const parts = [region.imageId ? `${region.state} (${region.imageId})` : region.state];
  // AWS's words, kept to one line so the message keeps one line per region.
  if (region.reason) parts.push(logLine(`${region.reason.code}: ${region.reason.message}`));
  if (region.hint) parts.push(region.hint);
  if (region.disposition === 'removed') parts.push('The copy and its snapshots were removed.');
  if (region.disposition === 'kept' && region.state === 'cancelled' && onCancel === 'deregister')
    parts.push(
      'The post step deregisters the copy and deletes its snapshots if it is still copying (on-cancel: deregister).',
    );
  else if (region.disposition === 'kept' && region.state !== 'failed')
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
