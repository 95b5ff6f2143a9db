/**
 * The results file (`results-file`): the outputs as JSON values rather than strings, plus the
 * source and the run, for actions/upload-artifact and later jobs. Pure formatting.
 */
import type { DistributionResult } from '../distribute/result-types.js';
import type { OutputName } from './output-names.js';

export interface RunFacts {
  readonly repository: string | undefined;
  readonly runId: string | undefined;
  readonly runAttempt: string | undefined;
  readonly version: string;
}

export function formatResultsFile(
  outputs: Readonly<Record<OutputName, string>>,
  result: DistributionResult | undefined,
  run: RunFacts,
): string {
  const values = Object.fromEntries(Object.entries(outputs).map(([name, text]) => [name, JSON.parse(text)]));
  return `${JSON.stringify(
    {
      tool: `ami-distribute ${run.version}`,
      run: {
        repository: run.repository ?? null,
        runId: run.runId ?? null,
        runAttempt: run.runAttempt ?? null,
        startedAt: result ? new Date(result.startedAt).toISOString() : null,
        finishedAt: result ? new Date(result.finishedAt).toISOString() : null,
      },
      source: result?.source ?? null,
      ...values,
    },
    null,
    2,
  )}\n`;
}
