/**
 * A recording `RunnerIo`: inputs and environment given, outputs, state, summary, failures,
 * annotations and log lines kept for assertions, cancel signals sent on demand.
 */
import type { Logger } from '../../src/logger.js';
import type { RunnerIo } from '../../src/runner-io.js';
import type { StateKey } from '../../src/state-keys.js';

export interface FakeRunner extends RunnerIo {
  /** Every setOutput call, in order (an output written twice shows twice). */
  readonly outputs: [string, string][];
  readonly state: Map<string, string>;
  readonly summaries: string[];
  readonly failures: string[];
  readonly annotations: { message: string; title: string }[];
  readonly log: { level: 'info' | 'warning' | 'debug'; message: string }[];
  readonly exits: number[];
  /** The workspace's files: given ones, and what the run wrote. */
  readonly files: Map<string, string>;
  /** Sends a cancel signal to every listener. */
  signal(name: string): void;
  output(name: string): unknown;
}

export function fakeRunner(
  inputs: Readonly<Record<string, string>>,
  options: {
    env?: Record<string, string>;
    state?: Record<string, string>;
    summaryFails?: boolean;
    files?: Record<string, string>;
  } = {},
): FakeRunner {
  const log: FakeRunner['log'] = [];
  const listeners: ((signal: string) => void)[] = [];
  const logger: Logger = {
    info: (message) => log.push({ level: 'info', message }),
    warning: (message) => log.push({ level: 'warning', message }),
    debug: (message) => log.push({ level: 'debug', message }),
    group: (_title, fn) => fn(),
  };
  const runner: FakeRunner = {
    outputs: [],
    state: new Map(Object.entries(options.state ?? {})),
    summaries: [],
    failures: [],
    annotations: [],
    log,
    exits: [],
    files: new Map(Object.entries(options.files ?? {})),
    getInput: (name) => inputs[name] ?? '',
    env: {
      GITHUB_REPOSITORY: 'example-org/images',
      GITHUB_RUN_ID: '77',
      GITHUB_RUN_ATTEMPT: '1',
      ...options.env,
    },
    setOutput: (name, value) => runner.outputs.push([name, value]),
    getState: (key: StateKey) => runner.state.get(key) ?? '',
    saveState: (key, value) => runner.state.set(key, value),
    writeSummary: async (markdown) => {
      if (options.summaryFails)
        throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY');
      runner.summaries.push(markdown);
    },
    setFailed: (message) => runner.failures.push(message),
    annotate: (message, title) => runner.annotations.push({ message, title }),
    logger,
    onCancelSignal: (listener) => listeners.push(listener),
    exit: (code) => runner.exits.push(code),
    readFile: (path) => runner.files.get(path),
    writeFile: async (path, text) => {
      runner.files.set(path, text);
    },
    signal: (name) => {
      for (const listener of listeners) listener(name);
    },
    output: (name) => {
      const found = runner.outputs.filter(([n]) => n === name);
      return found.length === 1 ? JSON.parse(found[0]?.[1] ?? 'null') : `written ${found.length} times`;
    },
  };
  return runner;
}
