/**
 * Everything the front end of the action needs from the GitHub runner, as one object: inputs
 * and environment, outputs, saved state, the job summary, failure and annotations, the log,
 * cancel signals and the process exit. `runner.ts` implements it with @actions/core and the
 * process; tests pass a recorder. Nothing below the front end sees it.
 */
import type { Logger } from './logger.js';
import type { StateKey } from './state-keys.js';

export interface RunnerIo {
  getInput(name: string): string;
  readonly env: Readonly<Record<string, string | undefined>>;
  setOutput(name: string, value: string): void;
  getState(key: StateKey): string;
  saveState(key: StateKey, value: string): void;
  /** Appends to the job summary; rejects when there is none or it cannot be written. */
  writeSummary(markdown: string): Promise<void>;
  setFailed(message: string): void;
  /** An error annotation with a title. */
  annotate(message: string, title: string): void;
  readonly logger: Logger;
  /** Calls `listener` on each cancel signal the runner sends (SIGINT, then SIGTERM). */
  onCancelSignal(listener: (signal: string) => void): void;
  /** Ends the process (a cancelled run may still have calls in flight). */
  exit(code: number): void;
  /** A file of the workspace (relative paths from the working directory); undefined when it cannot be read. */
  readFile(path: string): string | undefined;
  /** Writes a file of the workspace (the results file), creating its folder. */
  writeFile(path: string, text: string): Promise<void>;
}
