/**
 * Job summary Markdown. Every string from AWS or a user (names, ids, keys, StateReasons,
 * problem messages) goes through markdown.ts: in a code span, or escaped as text. Region names
 * are printed as they are: the config accepts only `[a-z0-9-]` there. The table keeps short
 * cells; what needs words (reasons, hints, what happened to a copy, what the steps did) is a
 * numbered note below it, marked `[n]` in the row.
 */
import type { InputProblem } from '../config/problems.js';
import type { DistributionResult, ImageOrigin, RegionState } from '../distribute/result-types.js';
import type { ReleaseReport } from '../steps/release/publish-release.js';
import { imageConsoleUrl } from './console-links.js';
import { COST_RATES, estimateCost } from './cost.js';
import { code, codeCell, text } from './markdown.js';
import { type ListItem, numberedList, table } from './markdown-blocks.js';
import type { StopScope, SummaryOptions } from './summary-options.js';
import { formatSeconds, type SummaryRow, summaryRows } from './summary-rows.js';

export type { StopScope, SummaryOptions } from './summary-options.js';
export { formatSeconds } from './summary-rows.js';

const HEADER = ['Region', 'AMI', 'Copy', 'State', 'Time', 'Notes'] as const;

/** Markdown for the job summary: the table (source row first), its notes, the cost estimate, the run's links. */
export function formatSummary(result: DistributionResult, options: SummaryOptions): string {
  const { source } = result;
  const dryRun = result.regions.some((r) => r.state === 'dry-run');
  const rows = summaryRows(result, options);
  const notes: ListItem[] = [];
  const cells = rows.map((row) => {
    const marker = row.notes.length > 0 ? `\\[${notes.push(noteOf(row))}\\]` : '';
    return [
      row.region,
      imageCell(row.region, row.imageId),
      COPY_LABEL[row.origin],
      stateLabel(row.state, row.progressPercent),
      formatSeconds(row.seconds),
      marker,
    ];
  });
  const links = runLinks(options);
  const lines = [
    dryRun ? '## AMI distribution (dry run: nothing was created or changed)' : '## AMI distribution',
    '',
    `Source: ${code(source.imageId)} named ${code(source.name)} in ${source.region} (${source.sizeGiB} GiB, ${source.encrypted ? 'encrypted' : 'unencrypted'}).`,
    ...(options.copyCompletionMinutes !== undefined
      ? [
          `Time-based copies: AWS completes each copy within ${options.copyCompletionMinutes} minutes (copy-completion-duration), billed per GiB on top of the standard copy.`,
        ]
      : []),
    '',
    ...table(HEADER, cells),
    '',
    ...(notes.length > 0 ? ['Notes:', '', ...numberedList(notes), ''] : []),
    costLine(result),
    '',
    ...(options.release ? [releaseLine(options.release), ''] : []),
    ...(links.length > 0 ? [links.join(' · '), ''] : []),
  ];
  return lines.join('\n');
}

/** Origin as the Copy column says it. */
const COPY_LABEL: Readonly<Record<ImageOrigin, string>> = {
  source: 'source',
  new: 'new',
  reused: 'reused',
};

function noteOf(row: SummaryRow): ListItem {
  return { lead: `**${row.region}**${row.origin === 'source' ? ' (source image)' : ''}`, parts: row.notes };
}

/** The image's id, linked to its EC2 console page when the id is well formed and the partition has a console. */
function imageCell(region: string, imageId: string | undefined): string {
  if (imageId === undefined) return '-';
  const url = imageConsoleUrl(region, imageId);
  return url ? `[${codeCell(imageId)}](${url})` : codeCell(imageId);
}

function stateLabel(state: RegionState, progressPercent: number | undefined): string {
  const icon = {
    available: '✅',
    pending: '⏳',
    failed: '❌',
    'timed-out': '⌛',
    cancelled: '🛑',
    'dry-run': '🔍',
  }[state];
  return `${icon} ${state}${progressPercent === undefined ? '' : ` (${progressPercent}%)`}`;
}

/**
 * Links about the whole run, each `[label](url)` with a URL that console-links.ts built from
 * checked parts; a new run-level link (such as a release) is one more entry here.
 */
function runLinks(options: SummaryOptions): string[] {
  return options.runUrl ? [`[Workflow run](${options.runUrl})`] : [];
}

/** The release step's line: the release linked when GitHub gave an https page for it. */
export function releaseLine(release: ReleaseReport): string {
  const url = release.url && /^https:\/\/[^\s()<>]+$/.test(release.url) ? release.url : undefined;
  const name = url
    ? `[Release ${code(release.tag)}](${url})`
    : `Release ${code(release.tag)} of ${code(release.repository)}`;
  return `${release.status === 'failed' ? '⚠️ ' : ''}${name}: ${release.status}. ${text(release.text)}`;
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

/** The checks a run makes before its first copy, in order; the first that finds a problem stops it. */
const CHECKS = [
  'the source image: found, and available (a pending one is waited for);',
  "the plan: each copy's name, description, tags and KMS key;",
  'every target region: enabled, earlier copies to reuse or clean up, no unrelated image with the same name;',
  'the post-copy steps: what sharing, protection, deprecation, SSM parameters and launch templates need.',
] as const;

/**
 * Markdown for a run that stopped before any copy was made: what it was asked, what it checks
 * before copying, and every problem the check that stopped it found.
 */
export function formatStoppedSummary(problems: readonly string[], scope?: StopScope): string {
  return [
    '## AMI distribution',
    '',
    'Stopped before any copy was made:',
    '',
    ...problems.map((problem) => `- ${text(problem)}`),
    '',
    ...scopeLines(scope),
    'Before its first copy the run checks, in this order, and stops at the first check that finds a problem (the checks after it did not run):',
    '',
    ...CHECKS.map((check, index) => `${index + 1}. ${check}`),
    '',
    'Nothing was created or changed; every target region is in `failed-regions`.',
    '',
  ].join('\n');
}

/** Markdown for a run cancelled before any copy was made. */
export function formatCancelledEarlySummary(message: string, scope?: StopScope): string {
  return [
    '## AMI distribution',
    '',
    `Cancelled before any copy was made: ${text(message)}`,
    '',
    ...scopeLines(scope),
    'Nothing was created or changed; every target region is in `failed-regions`.',
    '',
  ].join('\n');
}

function scopeLines(scope: StopScope | undefined): string[] {
  if (!scope) return [];
  const targets = scope.targetRegions.join(', ');
  const count = scope.targetRegions.length;
  return [
    `Asked to copy ${code(scope.sourceImageId)} from ${scope.sourceRegion} to ${count} region${count === 1 ? '' : 's'}: ${targets}.`,
    '',
  ];
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
    'Every input is checked before any AWS call, and every problem is listed; fix them and run again.',
    '',
  ].join('\n');
}

/** Markdown for a cancelled run that could not settle in time: the copies left running. */
export function formatCancelledSummary(started: readonly { region: string; imageId: string }[]): string {
  return [
    '## AMI distribution',
    '',
    'Cancelled. Copies started by this run and left running in AWS (the post step reports or removes them per `on-cancel`):',
    '',
    ...copyList(started),
    '',
  ].join('\n');
}

/** Markdown for a run that failed on an unexpected error: the error, and the copies it had started. */
export function formatCrashedSummary(
  message: string,
  started: readonly { region: string; imageId: string }[],
): string {
  return [
    '## AMI distribution',
    '',
    `Failed unexpectedly: ${code(message)}`,
    '',
    'Copies this run had started (the post step looks after those still copying, per `on-cancel`):',
    '',
    ...copyList(started),
    '',
  ].join('\n');
}

function copyList(copies: readonly { region: string; imageId: string }[]): string[] {
  return copies.length > 0 ? copies.map((c) => `- ${c.region}: ${code(c.imageId)}`) : ['- none'];
}
