import { randomBytes } from 'node:crypto';
import * as core from '@actions/core';
import { systemClock } from './clock.js';
import type { Config } from './config/config.js';
import { formatProblems } from './config/format-problems.js';
import { parseConfig } from './config/parse-config.js';
import { distribute } from './distribute/distribute.js';
import { waitForImages } from './distribute/poller.js';
import {
  DistributionCancelled,
  type DistributionResult,
  DistributionStopped,
} from './distribute/result-types.js';
import { failureAnnotations, failureMessage } from './report/failures.js';
import { formatOutputs, type OutputOptions } from './report/outputs.js';
import {
  formatCancelledSummary,
  formatInvalidInputsSummary,
  formatStoppedSummary,
  formatSummary,
} from './report/summary.js';
import { connectFromRunner, runnerLogger } from './runner.js';

/** After a cancel signal, how long the run may take to settle before it reports and exits. */
const CANCEL_GRACE_MS = 3_000;

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
 * The main step. The only place that reads inputs and writes outputs and the summary. Each
 * output is written once, whatever happens; the summary is best effort (a runner without
 * GITHUB_STEP_SUMMARY gets a warning, the result stays the same).
 */
export async function run(): Promise<void> {
  core.saveState('isPost', 'true');
  const parsed = parseConfig((name) => core.getInput(name), process.env);
  if (!parsed.ok) {
    // Nothing was made; the regions are known when target-regions itself is valid.
    writeOutputs(undefined, { includeSource: false, wait: true, targetRegions: parsed.targetRegions });
    await writeSummary(formatInvalidInputsSummary(parsed.problems));
    core.setFailed(formatProblems(parsed.problems));
    return;
  }
  const config = parsed.config;
  // Unique to this process: sibling jobs and a second step in the same job each get their own.
  const invocationId = randomBytes(6).toString('hex');
  core.saveState('invocation-id', invocationId);
  const started: { region: string; imageId: string }[] = [];
  const cancel = new AbortController();
  const cancelled = new Promise<Outcome>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (!cancel.signal.aborted)
        core.warning(`Received ${signal}: stopping; copies already started are reported.`);
      cancel.abort(new Error(`cancelled by ${signal}`));
      setTimeout(() => resolve({ kind: 'cancelled' }), CANCEL_GRACE_MS).unref();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });

  const ec2 = connectFromRunner(config);
  const distribution = distribute(config, {
    ec2,
    clock: systemClock,
    logger: runnerLogger,
    waitForImages,
    signal: cancel.signal,
    run: {
      startedAt: new Date(),
      runId: process.env.GITHUB_RUN_ID,
      runAttempt: process.env.GITHUB_RUN_ATTEMPT,
      repository: process.env.GITHUB_REPOSITORY,
      invocationId,
    },
    onCopyStarted: (region, imageId) => {
      started.push({ region, imageId });
      core.saveState('started-copies', JSON.stringify(started));
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
  // The one place the outputs of a configured run are written. Without a result nothing is
  // usable: ami-ids is {} and every target region is in failed-regions.
  writeOutputs(outcome.kind === 'finished' ? outcome.result : undefined, config);
  switch (outcome.kind) {
    case 'finished':
      await report(outcome.result, config);
      break;
    case 'stopped':
      await writeSummary(formatStoppedSummary(outcome.stop.problems));
      core.setFailed(outcome.stop.message);
      break;
    case 'cancelled-early':
      await writeSummary(formatStoppedSummary([outcome.cancel.message]));
      core.setFailed(`Cancelled: ${outcome.cancel.message}`);
      break;
    case 'crashed': {
      const { error } = outcome;
      core.setFailed(
        `ami-distribute failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
      );
      break;
    }
    case 'cancelled':
      await writeSummary(formatCancelledSummary(started));
      core.setFailed(`Cancelled. Copies started and left running: ${JSON.stringify(started)}`);
      process.exit(1);
  }
  // A cancelled run may still have SDK calls in flight; do not let them hold the step open.
  if (cancel.signal.aborted) process.exit(1);
}

async function report(result: DistributionResult, config: Config): Promise<void> {
  // Only copies this run made: a reused one belongs to the run that made it (which may be waiting).
  const cancelledCopies = result.regions.filter(
    (r) => r.imageId && r.origin === 'new' && r.state === 'cancelled' && r.disposition === 'kept',
  );
  core.saveState(
    'cancelled-copies',
    JSON.stringify(cancelledCopies.map((r) => ({ region: r.region, imageId: r.imageId }))),
  );
  core.saveState('main-finished', 'true');
  for (const annotation of failureAnnotations(result, config)) {
    core.error(annotation.message, { title: annotation.title });
  }
  await writeSummary(formatSummary(result, config));
  const message = failureMessage(result, config);
  if (message) core.setFailed(message);
}

function writeOutputs(result: DistributionResult | undefined, options: OutputOptions): void {
  for (const [name, value] of Object.entries(formatOutputs(result, options))) core.setOutput(name, value);
}

/** The job summary is a courtesy: failing to write it never changes the step's result. */
async function writeSummary(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(markdown).write();
  } catch (error) {
    core.summary.emptyBuffer();
    core.warning(
      `The job summary was not written (${error instanceof Error ? error.message : String(error)}); the outputs and this log have the results.`,
    );
  }
}
