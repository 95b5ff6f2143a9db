/**
 * Helpers for scenarios in which several runs of the bundle meet the same copies: start a run
 * without waiting for it, cancel it like the runner, kill it with -9, wait for the model.
 */
import type { ChildProcess } from 'node:child_process';
import type { RequestLogEntry, SimModel } from '../../../sim/index.js';
import type { ActionRun, RunOptions } from '../../support/run-action.js';
import { figures, type Scenario, whenLogged } from '../../support/scenario.js';

export interface Started {
  readonly done: Promise<ActionRun>;
  /** The child process, once spawned. */
  child(): ChildProcess;
}

/** Starts a run of the bundle on the scenario; `done` settles when it exits. */
export function start(s: Scenario, options: Partial<RunOptions> = {}): Started {
  let child: ChildProcess | undefined;
  const done = s.run({
    timeoutMs: 90_000,
    ...options,
    onSpawn: (c) => {
      child = c;
      options.onSpawn?.(c);
    },
  });
  return {
    done,
    child: () => {
      if (!child) throw new Error('the run has not started yet');
      return child;
    },
  };
}

/** Cancels like the runner: SIGINT, then SIGTERM shortly after. */
export function cancel(run: Started): void {
  run.child().kill('SIGINT');
  setTimeout(() => run.child().kill('SIGTERM'), 50).unref();
}

/** Resolves once `count` log entries (from `since` on) match. */
export function calls(
  model: SimModel,
  matches: (entry: RequestLogEntry) => boolean,
  count: number,
  since = 0,
): Promise<RequestLogEntry> {
  return whenLogged(model, matches, { count, since, timeoutMs: 60_000 });
}

/** Resolves when `check` holds (polled every 20 real ms), or fails after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`until: ${what} did not happen in time`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The run's `images` output entry for `region`. */
export function entry(run: Pick<ActionRun, 'outputs'>, region: string): Record<string, unknown> {
  const images = JSON.parse(run.outputs.images ?? '[]') as Record<string, unknown>[];
  const found = images.find((i) => i.region === region);
  if (!found) throw new Error(`no images entry for ${region}`);
  return found;
}

/** Lines the run wrote to its log (stdout) that contain `text`. */
export function logLines(run: Pick<ActionRun, 'stdout'>, text: string): string[] {
  return run.stdout.split('\n').filter((line) => line.includes(text));
}

/** With FAULT_FIGURES=1, prints a scenario's calls (every request the simulator saw) and its runs' times. */
export function printFigures(
  name: string,
  s: Scenario,
  runs: readonly Pick<ActionRun, 'durationMs' | 'exitCode'>[],
): void {
  if (!process.env.FAULT_FIGURES) return;
  const f = figures(s.model, s.mark.logLength);
  const times = runs.map((r) => `${(r.durationMs / 1000).toFixed(1)} s (exit ${r.exitCode})`).join(' + ');
  console.log(
    `[figures] ${name}: ${times}, ${f.calls} calls ${JSON.stringify(f.byAction)}, errors ${JSON.stringify(f.errors)}`,
  );
}
