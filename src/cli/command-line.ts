/**
 * The command line as a front end: options from the one input spec (`--source-ami-id …`, one
 * per action input, no second list), the runner's duties done the terminal's way: progress on
 * stderr, the results as one JSON object on stdout, the outcome as the exit code.
 */
import { parseArgs } from 'node:util';
import { INPUT_SPECS } from '../config/input-spec.js';
import type { Logger } from '../logger.js';
import { logLine } from '../logger.js';
import type { RunnerIo } from '../runner-io.js';
import { ACTION_VERSION } from '../version.js';
import { readWorkspaceFile, writeWorkspaceFile } from '../workspace-files.js';

/** Exit codes: every region available (0), a region failed or timed out (1), bad input (2). */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;

export type ParsedCommand =
  | { readonly kind: 'run'; readonly inputs: Readonly<Record<string, string>> }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'bad'; readonly message: string };

export function parseCommand(argv: readonly string[]): ParsedCommand {
  const options = Object.fromEntries(INPUT_SPECS.map((spec) => [spec.name, { type: 'string' as const }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { kind: 'bad', message: `${error instanceof Error ? error.message : String(error)}; see --help` };
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const inputs: Record<string, string> = {};
  for (const spec of INPUT_SPECS) {
    const value = values[spec.name];
    if (typeof value === 'string') inputs[spec.name] = value;
  }
  return { kind: 'run', inputs };
}

export function helpText(): string {
  const lines = [
    `ami-distribute ${ACTION_VERSION}: copy one AMI to many AWS regions, encrypted and tagged, and wait until usable.`,
    '',
    'Usage: ami-distribute --source-ami-id <id> --target-regions <regions> [options]',
    '',
    'Options (the inputs of the GitHub Action, same names, same checks):',
  ];
  for (const spec of INPUT_SPECS) {
    const head = `  --${spec.name} <value>${spec.required ? ' (required)' : spec.default !== undefined ? ` (default: ${spec.default})` : ''}`;
    lines.push(head, `      ${spec.description}`);
  }
  lines.push(
    '  -h, --help       this text',
    '  --version        the version',
    '',
    'AWS credentials and endpoints come from the environment, as for any AWS SDK.',
    'Progress goes to stderr; the results (ami-ids, matrix, images, failed-regions) go to stdout as one JSON object.',
    `Exit codes: ${EXIT.ok} every region available, ${EXIT.failed} a region failed or timed out (or the run was cancelled), ${EXIT.badInput} bad input.`,
  );
  return `${lines.join('\n')}\n`;
}

export interface Terminal {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly onSignal: (listener: (signal: string) => void) => void;
  readonly exit: (code: number) => void;
}

export interface CommandLineIo extends RunnerIo {
  /** The step outputs, parsed: what is printed on stdout at the end. */
  readonly results: () => Record<string, unknown>;
}

/** A RunnerIo over a terminal: state lives in memory (the post phase runs in the same process). */
export function commandLineIo(inputs: Readonly<Record<string, string>>, terminal: Terminal): CommandLineIo {
  const outputs = new Map<string, string>();
  const state = new Map<string, string>();
  const line = (prefix: string, message: string) => terminal.stderr(`${prefix}${logLine(message)}\n`);
  const logger: Logger = {
    info: (message) => line('', message),
    warning: (message) => line('warning: ', message),
    debug: (message) => {
      if (terminal.env.AMI_DISTRIBUTE_DEBUG) line('debug: ', message);
    },
    group: async (title, fn) => {
      line('== ', title);
      return fn();
    },
  };
  return {
    getInput: (name) => inputs[name] ?? '',
    env: terminal.env,
    setOutput: (name, value) => outputs.set(name, value),
    getState: (key) => state.get(key) ?? '',
    saveState: (key, value) => state.set(key, value),
    // No job summary on a terminal: stdout has the results, stderr the story.
    writeSummary: async () => {},
    setFailed: (message) => terminal.stderr(`error: ${message}\n`),
    annotate: (message, title) => line(`error: ${title}: `, message),
    logger,
    onCancelSignal: (listener) => terminal.onSignal(listener),
    exit: (code) => terminal.exit(code),
    readFile: readWorkspaceFile,
    writeFile: writeWorkspaceFile,
    results: () =>
      Object.fromEntries([...outputs].map(([name, value]) => [name, JSON.parse(value) as unknown])),
  };
}
