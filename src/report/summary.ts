import type { CleanupChoice } from '../config/config.js';
import type { InputProblem } from '../config/problems.js';
import type { DistributionResult, RegionResult } from '../distribute/result-types.js';
import type { ReleaseReport } from '../steps/release/publish-release.js';
import type { StepReport } from '../steps/step.js';
import { imageConsoleUrl } from './console-links.js';
import { COST_RATES, estimateCost } from './cost.js';
import { code, codeCell, text } from './markdown.js';

/**
 * Job summary Markdown. Every string from AWS or a user (names, ids, keys, StateReasons,
 * problem messages) goes through markdown.ts: in a code span, or escaped as text. Region names
 * are printed as they are: the config accepts only `[a-z0-9-]` there.
 */
export interface SummaryOptions {
  /** What the post step will do with a copy a cancelled run left copying. */
  readonly onCancel: CleanupChoice;
  /** Time-based copies were asked for (they cost extra). */
  readonly copyCompletionMinutes?: number | undefined;
  /** The workflow run's page (see console-links.ts `runUrl`). */
  readonly runUrl?: string | undefined;
  /** What the release step did (release: true). */
  readonly release?: ReleaseReport | undefined;
}

/** Markdown for the job summary: one table row per region, then the cost estimate. */
export function formatSummary(result: DistributionResult, options: SummaryOptions): string {
  const { source } = result;
  const dryRun = result.regions.some((r) => r.state === 'dry-run');
  const lines = [
    dryRun ? '## AMI distribution (dry run: nothing was created or changed)' : '## AMI distribution',
    '',
    `Source: ${code(source.imageId)} named ${code(source.name)} in ${source.region} (${source.sizeGiB} GiB, ${source.encrypted ? 'encrypted' : 'unencrypted'}).`,
    ...(result.sourceOutput && result.sourceOutput.steps.length > 0
      ? [`Source image (output for ${source.region}): ${result.sourceOutput.steps.map(stepNote).join('; ')}.`]
      : []),
    ...(options.copyCompletionMinutes !== undefined
      ? [
          `Time-based copies: AWS completes each copy within ${options.copyCompletionMinutes} minutes (copy-completion-duration), billed per GiB on top of the standard copy.`,
        ]
      : []),
    '',
    '| Region | AMI | State | Time | Note |',
    '| --- | --- | --- | --- | --- |',
    ...result.regions.map((region) => row(region, options)),
    '',
    costLine(result),
    '',
    ...(options.release ? [releaseLine(options.release), ''] : []),
    ...(options.runUrl ? [`[Workflow run](${options.runUrl})`, ''] : []),
  ];
  return lines.join('\n');
}

/** Markdown for a run that stopped before any copy was made. */
export function formatStoppedSummary(problems: readonly string[]): string {
  return [
    '## AMI distribution',
    '',
    'Stopped before any copy was made:',
    '',
    ...problems.map((problem) => `- ${text(problem)}`),
    '',
  ].join('\n');
}

/** Markdown for a run whose inputs are invalid: every problem, naming its input. */
export function formatInvalidInputsSummary(problems: readonly InputProblem[]): string {
  return [
    '## AMI distribution',
    '',
    `${problems.length === 1 ? 'An input is' : `${problems.length} inputs are`} invalid; nothing was sent to AWS:`,
    '',
    ...problems.map((problem) => `- ${code(problem.input)}: ${text(problem.message)}`),
    '',
  ].join('\n');
}

function row(region: RegionResult, options: SummaryOptions): string {
  const url = region.imageId ? imageConsoleUrl(region.region, region.imageId) : undefined;
  // A link only for a well-formed id in a known partition: nothing else reaches the URL.
  const ami = region.imageId
    ? url
      ? `[${codeCell(region.imageId)}](${url})`
      : codeCell(region.imageId)
    : '-';
  return `| ${region.region} | ${ami} | ${stateLabel(region)} | ${formatSeconds(region.seconds)} | ${note(region, options)} |`;
}

function stateLabel(region: RegionResult): string {
  const icon = {
    available: '✅',
    pending: '⏳',
    failed: '❌',
    'timed-out': '⌛',
    cancelled: '🛑',
    'dry-run': '🔍',
  }[region.state];
  const progress =
    region.state !== 'available' && region.progressPercent !== undefined
      ? ` (${region.progressPercent}%)`
      : '';
  return `${icon} ${region.state}${progress}`;
}

/** The note cell: Markdown, with every string from AWS or a user in a code span. */
function note(region: RegionResult, options: SummaryOptions): string {
  const parts: string[] = [];
  if (region.origin === 'source') parts.push('source image');
  if (region.origin === 'reused') parts.push('reused an earlier copy');
  if (region.origin === 'new' && region.encrypted)
    parts.push(
      region.kmsKeyId ? `encrypted with ${codeCell(region.kmsKeyId)}` : 'encrypted (default EBS key)',
    );
  if (region.waitedForCapacitySeconds > 0) {
    parts.push(`waited ${formatSeconds(region.waitedForCapacitySeconds)} for copy capacity`);
  }
  if (region.reason) parts.push(codeCell(`${region.reason.code}: ${region.reason.message}`));
  if (region.hint) parts.push(text(region.hint));
  if (region.disposition === 'removed') parts.push('copy and snapshots removed');
  if (region.disposition === 'kept') parts.push(keptNote(region, options));
  if (region.disposition === 'gone') parts.push('copy gone (removed by someone else)');
  // Notes quote names and tags from AWS: escaped like any other text.
  parts.push(...region.notes.map(text));
  parts.push(...region.steps.map(stepNote));
  if (region.disposition === 'removal-failed')
    parts.push(`could not remove the copy; left: ${leftBehind(region).map(codeCell).join(', ')}`);
  return parts.join('; ');
}

/** The release step's line: the release linked when GitHub gave its page. */
export function releaseLine(release: ReleaseReport): string {
  const name = `${code(release.tag)} of ${code(release.repository)}`;
  const linked =
    release.url && /^https:\/\/[^\s()<>]+$/.test(release.url)
      ? `[Release ${code(release.tag)}](${release.url})`
      : `Release ${name}`;
  const icon = release.status === 'failed' ? '⚠️ ' : '';
  return `${icon}${linked}: ${release.status}. ${text(release.text)}`;
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

function costLine(result: DistributionResult): string {
  const cost = estimateCost(result);
  if (cost.newCopies === 0) return '_Estimated cost: no new copies were made by this run._';
  return (
    `_Estimated cost (an upper bound from provisioned size, not a bill): ${cost.newCopies} new cop${cost.newCopies === 1 ? 'y' : 'ies'} × ${cost.gibPerCopy} GiB: ` +
    `about $${cost.transferUSD.toFixed(2)} one-off inter-region data transfer at $${COST_RATES.transferPerGB}/GB, ` +
    `and $${cost.storageUSDPerMonth.toFixed(2)}/month snapshot storage at $${COST_RATES.snapshotStoragePerGBMonth}/GB-month. Rates vary by region._`
  );
}

export function formatSeconds(seconds: number | undefined): string {
  if (seconds === undefined) return '-';
  if (seconds < 60) return `${seconds}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(s).padStart(2, '0')}s`;
}

/** Markdown for a cancelled run that could not settle in time: the copies left running. */
export function formatCancelledSummary(started: readonly { region: string; imageId: string }[]): string {
  return [
    '## AMI distribution',
    '',
    'Cancelled. Copies started by this run and left running in AWS (the post step reports or removes them per `on-cancel`):',
    '',
    ...(started.length > 0 ? started.map((c) => `- ${c.region}: ${code(c.imageId)}`) : ['- none']),
    '',
  ].join('\n');
}
