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
import { formatCancelledSummary, formatStoppedSummary, formatSummary } from './report/summary.js';
import { connectFromRunner, runnerLogger } from './runner.js';

/** After a cancel signal, how long the run may take to settle before it reports and exits. */
const CANCEL_GRACE_MS = 3_000;

/** The main step. The only place that reads inputs and writes outputs and the summary. */
export async function run(): Promise<void> {
  core.saveState('isPost', 'true');
  const parsed = parseConfig((name) => core.getInput(name), process.env);
  if (!parsed.ok) {
    writeOutputs(undefined, { includeSource: false, wait: true, targetRegions: [] });
    core.setFailed(formatProblems(parsed.problems));
    return;
  }
  const config = parsed.config;
  // Unique to this process: sibling jobs and a second step in the same job each get their own.
  const invocationId = randomBytes(6).toString('hex');
  core.saveState('invocation-id', invocationId);
  const started: { region: string; imageId: string }[] = [];
  const cancel = new AbortController();
  const cancelled = new Promise<'cancelled'>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (!cancel.signal.aborted)
        core.warning(`Received ${signal}: stopping; copies already started are reported.`);
      cancel.abort(new Error(`cancelled by ${signal}`));
      setTimeout(() => resolve('cancelled'), CANCEL_GRACE_MS).unref();
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
  });

  try {
    const result = await Promise.race([distribution, cancelled]);
    if (result === 'cancelled') {
      // Calls in flight did not settle within the grace period: report what is known and leave.
      writeOutputs(undefined, config);
      await core.summary.addRaw(formatCancelledSummary(started)).write();
      core.setFailed(`Cancelled. Copies started and left running: ${JSON.stringify(started)}`);
      process.exit(1);
    }
    await report(result, config);
  } catch (error) {
    writeOutputs(undefined, config);
    if (error instanceof DistributionCancelled) {
      await core.summary.addRaw(formatStoppedSummary([error.message])).write();
      core.setFailed(`Cancelled: ${error.message}`);
    } else if (error instanceof DistributionStopped) {
      await core.summary.addRaw(formatStoppedSummary(error.problems)).write();
      core.setFailed(error.message);
    } else {
      core.setFailed(
        `ami-distribute failed unexpectedly: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  // A cancelled run may still have SDK calls in flight; do not let them hold the step open.
  if (cancel.signal.aborted) process.exit(1);
}

async function report(result: DistributionResult, config: Config): Promise<void> {
  writeOutputs(result, config);
  // Only copies this run made: a reused one belongs to the run that made it (which may be waiting).
  const cancelledCopies = result.regions.filter(
    (r) => r.imageId && r.origin === 'new' && r.state === 'cancelled' && r.disposition === 'kept',
  );
  core.saveState(
    'cancelled-copies',
    JSON.stringify(cancelledCopies.map((r) => ({ region: r.region, imageId: r.imageId }))),
  );
  core.saveState('main-finished', 'true');
  for (const annotation of failureAnnotations(result, config.wait)) {
    core.error(annotation.message, { title: annotation.title });
  }
  await core.summary.addRaw(formatSummary(result)).write();
  const message = failureMessage(result, config.wait);
  if (message) core.setFailed(message);
}

function writeOutputs(result: DistributionResult | undefined, options: OutputOptions): void {
  for (const [name, value] of Object.entries(formatOutputs(result, options))) core.setOutput(name, value);
}
