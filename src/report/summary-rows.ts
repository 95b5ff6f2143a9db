/**
 * The rows of the job summary's table, before any Markdown: the source image first, then one
 * row per copy region in target order. Each row carries its short cells (region, image, origin,
 * state, time) and the long notes that go below the table.
 *
 * The source row rule: the table has exactly one row whose origin is `source`, the source image
 * in its region, always first. When the source region is also a target and is mapped to the
 * source image (its entry's origin is `source`), that entry is the source row, not a second
 * one. A copy made in the source region (an encrypted copy of an unencrypted source) is a
 * different image: it keeps a row of its own, marked `new`.
 */
import type {
  DistributionResult,
  ImageOrigin,
  RegionResult,
  RegionState,
} from '../distribute/result-types.js';
import type { StepReport } from '../steps/step.js';
import { code, text } from './markdown.js';
import type { SummaryOptions } from './summary-options.js';

export interface SummaryRow {
  readonly region: string;
  readonly imageId: string | undefined;
  readonly origin: ImageOrigin;
  readonly state: RegionState;
  /** Last progress seen, for a copy that did not end available. */
  readonly progressPercent: number | undefined;
  /** Seconds the copy took; undefined for the source row and where no copy ran. */
  readonly seconds: number | undefined;
  /** The row's notes, each one line of Markdown (escaped), in the order a person needs them. */
  readonly notes: readonly string[];
}

export function summaryRows(result: DistributionResult, options: SummaryOptions): SummaryRow[] {
  const mapped = result.regions.find((r) => r.origin === 'source' && r.region === result.source.region);
  return [
    sourceRow(result, mapped, options),
    ...result.regions.filter((r) => r !== mapped).map((r) => copyRow(r, options)),
  ];
}

/** The source image's row: from the source region's entry when a target maps to it, else from the source. */
function sourceRow(
  result: DistributionResult,
  mapped: RegionResult | undefined,
  options: SummaryOptions,
): SummaryRow {
  const { source } = result;
  const dryRun = result.regions.some((r) => r.state === 'dry-run');
  const entry = mapped ?? result.sourceOutput;
  const output = dryRun
    ? []
    : mapped
      ? ['the source region is a target: it maps to the source image in the outputs (nothing copied)']
      : options.includeSource
        ? ['in the outputs for the source region (include-source)']
        : [];
  return {
    region: source.region,
    imageId: source.imageId,
    origin: 'source',
    state: mapped?.state ?? 'available',
    progressPercent: undefined,
    seconds: undefined,
    notes: [...output, ...(entry ? [...entry.notes.map(text), ...entry.steps.map(stepNote)] : [])],
  };
}

function copyRow(region: RegionResult, options: SummaryOptions): SummaryRow {
  return {
    region: region.region,
    imageId: region.imageId,
    origin: region.origin,
    state: region.state,
    progressPercent: region.state === 'available' ? undefined : region.progressPercent,
    seconds: region.seconds,
    notes: copyNotes(region, options),
  };
}

/** Everything the summary says about a copy besides its cells; strings from AWS or a user escaped. */
function copyNotes(region: RegionResult, options: SummaryOptions): string[] {
  const parts: string[] = [];
  // What went wrong and what became of the copy first, then the facts of a copy that went well.
  if (region.reason) parts.push(code(`${region.reason.code}: ${region.reason.message}`));
  if (region.hint) parts.push(text(region.hint));
  if (region.disposition === 'removed') parts.push('copy and snapshots removed');
  if (region.disposition === 'kept') parts.push(keptNote(region, options));
  if (region.disposition === 'gone') parts.push('copy gone (removed by someone else)');
  if (region.disposition === 'removal-failed')
    parts.push(`could not remove the copy; left: ${leftBehind(region).map(code).join(', ')}`);
  if (region.waitedForCapacitySeconds > 0)
    parts.push(`waited ${formatSeconds(region.waitedForCapacitySeconds)} for copy capacity`);
  if (region.origin === 'new' && region.encrypted)
    parts.push(region.kmsKeyId ? `encrypted with ${code(region.kmsKeyId)}` : 'encrypted (default EBS key)');
  // Notes quote names and tags from AWS: escaped like any other text.
  parts.push(...region.notes.map(text));
  parts.push(...region.steps.map(stepNote));
  return parts;
}

function stepNote(report: StepReport): string {
  return report.status === 'failed' ? `⚠️ ${text(report.text)}` : text(report.text);
}

function leftBehind(region: RegionResult): string[] {
  return [...(region.imageId === undefined ? [] : [region.imageId]), ...region.snapshotIds];
}

function keptNote(region: RegionResult, options: SummaryOptions): string {
  if (region.lostTrack) return 'copy kept (may still be running in AWS)';
  if (region.state === 'failed') return 'copy kept';
  if (region.state === 'cancelled' && options.onCancel === 'deregister')
    return 'the post step deregisters the copy if it is still copying (on-cancel: deregister)';
  return 'copy kept (still running in AWS)';
}

export function formatSeconds(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  if (seconds < 60) return `${seconds}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s).padStart(2, '0')}s`;
}
