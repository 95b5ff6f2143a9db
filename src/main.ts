import { randomBytes } from 'node:crypto';
import type { AwsAccess } from './aws/types.js';
import type { Clock } from './clock.js';
import type { Config } from './config/config.js';
import { formatProblems } from './config/format-problems.js';
import { parseConfig } from './config/parse-config.js';
import { distribute } from './distribute/distribute.js';
import {
  DistributionCancelled,
  type DistributionResult,
  DistributionStopped,
} from './distribute/result-types.js';
import type { ConnectGitHub } from './github/connect.js';
import { runUrl } from './report/console-links.js';
import { failureAnnotations, failureMessage } from './report/failures.js';
import { formatOutputs, type OutputOptions, regionMap } from './report/outputs.js';
import { formatReleaseAsset, formatReleaseSection } from './report/release-notes.js';
import { formatResultsFile } from './report/results-file.js';
import {
  formatCancelledEarlySummary,
  formatCancelledSummary,
  formatCrashedSummary,
  formatInvalidInputsSummary,
  formatStoppedSummary,
  formatSummary,
} from './report/summary.js';
import type { RunnerIo } from './runner-io.js';
import { State } from './state-keys.js';
import { assetName, publishRelease, type ReleaseReport } from './steps/release/publish-release.js';
import { ACTION_VERSION } from './version.js';
import type { WaitForImages } from './waiter/index.js';

/** After a cancel signal, how long the run may take to settle before it reports and exits. */
const CANCEL_GRACE_MS = 3_000;

/** What a phase of the action is given besides the runner: how to reach AWS, time, the wait. */
export interface PhaseDeps {
  readonly connect: (config: Config) => AwsAccess;
  readonly clock: Clock;
  readonly waitForImages: WaitForImages;
  /** GitHub for the release step (release: true). */
  readonly connectGitHub: ConnectGitHub;
}

/** How the main phase ended, for a front end that maps it to an exit code (the CLI). */
export type PhaseResult = 'succeeded' | 'failed' | 'invalid-inputs';

/** How a run ended, before anything is reported. */
type Outcome =
  | { readonly kind: 'finished'; readonly result: DistributionResult }
  | { readonly kind: 'stopped'; readonly stop: DistributionStopped }
  /** Cancelled before any copy was made (waiting for the source, or in preflight). */
  | { readonly kind: 'cancelled-early'; readonly cancel: DistributionCancelled }
  | { readonly kind: 'crashed'; readonly error: unknown }
  /** A cancel whose calls in flight did not settle within the grace period. */
  | { readonly kind: 'cancelled' };

/**
 * The main step. The only place that reads inputs and writes outputs and the summary, through
 * `io`. Each output is written once, whatever happens; the summary is best effort (a runner
 * without GITHUB_STEP_SUMMARY gets a warning, the result stays the same).
 */
export async function run(io: RunnerIo, deps: PhaseDeps): Promise<PhaseResult> {
  io.saveState(State.IsPost, 'true');
  const startedAt = deps.clock.now();
  io.saveState(State.StartedAt, String(startedAt));
  const parsed = parseConfig((name) => io.getInput(name), io.env, {
    now: startedAt,
    readFile: (path) => io.readFile(path),
  });
  if (!parsed.ok) {
    // Nothing was made; the regions are known when target-regions itself is valid.
    writeOutputs(io, undefined, { includeSource: false, wait: true, targetRegions: parsed.targetRegions });
    await writeSummary(io, formatInvalidInputsSummary(parsed.problems));
    io.setFailed(formatProblems(parsed.problems));
    return 'invalid-inputs';
  }
  const config = parsed.config;
  // Unique to this process: sibling jobs and a second step in the same job each get their own.
  const invocationId = randomBytes(6).toString('hex');
  io.saveState(State.InvocationId, invocationId);
  const started: { region: string; imageId: string }[] = [];
  const cancel = new AbortController();
  const cancelled = new Promise<Outcome>((resolve) => {
    io.onCancelSignal((signal) => {
      if (!cancel.signal.aborted)
        io.logger.warning(`Received ${signal}: stopping; copies already started are reported.`);
      cancel.abort(new Error(`cancelled by ${signal}`));
      deps.clock.sleep(CANCEL_GRACE_MS).then(() => resolve({ kind: 'cancelled' }));
    });
  });

  const distribution = distribute(config, {
    ...connections(deps.connect(config)),
    clock: deps.clock,
    logger: io.logger,
    waitForImages: deps.waitForImages,
    signal: cancel.signal,
    run: {
      startedAt: new Date(deps.clock.now()),
      runId: io.env.GITHUB_RUN_ID,
      runAttempt: io.env.GITHUB_RUN_ATTEMPT,
      repository: io.env.GITHUB_REPOSITORY,
      invocationId,
    },
    onCopyStarted: (region, imageId) => {
      started.push({ region, imageId });
      io.saveState(State.StartedCopies, JSON.stringify(started));
    },
  }).then(
    (result): Outcome => ({ kind: 'finished', result }),
    (error: unknown): Outcome =>
      error instanceof DistributionStopped
        ? { kind: 'stopped', stop: error }
        : error instanceof DistributionCancelled
          ? { kind: 'cancelled-early', cancel: error }
          : { kind: 'crashed', error },
  );

  const outcome = await Promise.race([distribution, cancelled]);
  let ended: PhaseResult = 'failed';
  // The one place the outputs of a configured run are written. Without a result nothing is
  // usable: ami-ids is {} and every target region is in failed-regions.
  const finished = outcome.kind === 'finished' ? outcome.result : undefined;
  // After every region has settled: a refusal by GitHub never costs a copy.
  const release = finished ? await releaseStep(io, finished, config, deps, cancel.signal) : undefined;
  writeOutputs(io, finished, config, release);
  const resultsWritten = await writeResultsFile(io, finished, config, release);
  switch (outcome.kind) {
    case 'finished':
      ended = (await report(io, outcome.result, config, release)) ? 'succeeded' : 'failed';
      break;
    case 'stopped':
      await writeSummary(io, formatStoppedSummary(outcome.stop.problems, config));
      io.setFailed(outcome.stop.message);
      break;
    case 'cancelled-early':
      await writeSummary(io, formatCancelledEarlySummary(outcome.cancel.message, config));
      io.setFailed(`Cancelled: ${outcome.cancel.message}`);
      break;
    case 'crashed': {
      const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      await writeSummary(io, formatCrashedSummary(message, started));
      io.setFailed(`ami-distribute failed unexpectedly: ${message}`);
      break;
    }
    case 'cancelled':
      await writeSummary(io, formatCancelledSummary(started));
      io.setFailed(`Cancelled. Copies started and left running: ${JSON.stringify(started)}`);
      break;
  }
  if (!resultsWritten) ended = 'failed';
  // A cancelled run may still have SDK calls in flight; do not let them hold the step open.
  if (cancel.signal.aborted) io.exit(1);
  return ended;
}

/** Reports a finished run; true when every region ended as asked. */
async function report(
  io: RunnerIo,
  result: DistributionResult,
  config: Config,
  release: ReleaseReport | undefined,
): Promise<boolean> {
  // Only copies this run made: a reused one belongs to the run that made it (which may be waiting).
  const cancelledCopies = result.regions.filter(
    (r) => r.imageId && r.origin === 'new' && r.state === 'cancelled' && r.disposition === 'kept',
  );
  io.saveState(
    State.CancelledCopies,
    JSON.stringify(cancelledCopies.map((r) => ({ region: r.region, imageId: r.imageId }))),
  );
  const leased = result.regions.filter((r) => r.imageId && r.leaseHeld);
  io.saveState(
    State.LeasedCopies,
    JSON.stringify(leased.map((r) => ({ region: r.region, imageId: r.imageId }))),
  );
  io.saveState(State.MainFinished, 'true');
  for (const annotation of failureAnnotations(result, config))
    io.annotate(annotation.message, annotation.title);
  await writeSummary(io, formatSummary(result, { ...config, runUrl: runUrl(io.env), release }));
  const messages = [
    failureMessage(result, config),
    release?.status === 'failed' ? `Release: ${release.text}` : undefined,
  ].filter((m): m is string => m !== undefined);
  if (messages.length > 0) io.setFailed(messages.join('\n'));
  return messages.length === 0;
}

/** Publishes the region map to the GitHub release when asked; undefined otherwise. */
async function releaseStep(
  io: RunnerIo,
  result: DistributionResult,
  config: Config,
  deps: PhaseDeps,
  signal: AbortSignal,
): Promise<ReleaseReport | undefined> {
  const section = config.steps.release;
  if (section === undefined) return undefined;
  const { amiIds, failedRegions } = regionMap(result, config);
  const content = {
    section: formatReleaseSection({
      sectionId: section.sectionId,
      assetName: assetName(section.sectionId),
      amiIds,
      failedRegions,
      result,
      runUrl: runUrl(io.env),
    }),
    asset: formatReleaseAsset(amiIds),
    hasImages: Object.keys(amiIds).length > 0,
  };
  return io.logger.group(`Release ${section.tag}`, () =>
    publishRelease(section, content, {
      github: deps.connectGitHub(section, signal),
      clock: deps.clock,
      logger: io.logger,
      dryRun: config.dryRun,
    }),
  );
}

function writeOutputs(
  io: RunnerIo,
  result: DistributionResult | undefined,
  options: OutputOptions,
  release?: ReleaseReport,
): void {
  for (const [name, value] of Object.entries(formatOutputs(result, options, release)))
    io.setOutput(name, value);
}

/** The results file, when asked for; false when it could not be written (the step then fails). */
async function writeResultsFile(
  io: RunnerIo,
  result: DistributionResult | undefined,
  config: Config,
  release: ReleaseReport | undefined,
): Promise<boolean> {
  if (config.resultsFile === undefined) return true;
  const text = formatResultsFile(formatOutputs(result, config, release), result, {
    repository: io.env.GITHUB_REPOSITORY,
    runId: io.env.GITHUB_RUN_ID,
    runAttempt: io.env.GITHUB_RUN_ATTEMPT,
    version: ACTION_VERSION,
  });
  try {
    await io.writeFile(config.resultsFile, text);
    return true;
  } catch (error) {
    io.setFailed(
      `results-file: could not write ${JSON.stringify(config.resultsFile)} (${error instanceof Error ? error.message : String(error)}); the outputs have the same results. Give a path inside the workspace.`,
    );
    return false;
  }
}

/** The job summary is a courtesy: failing to write it never changes the step's result. */
async function writeSummary(io: RunnerIo, markdown: string): Promise<void> {
  try {
    await io.writeSummary(markdown);
  } catch (error) {
    io.logger.warning(
      `The job summary was not written (${error instanceof Error ? error.message : String(error)}); the outputs and this log have the results.`,
    );
  }
}

function connections(aws: AwsAccess): { ec2: AwsAccess['ec2']; ssm: AwsAccess['ssm'] } {
  return { ec2: aws.ec2, ssm: aws.ssm };
}
