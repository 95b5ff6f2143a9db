/**
 * Runs the committed bundle the way the GitHub runner does: a child process, inputs as
 * INPUT_* variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_STATE files, and the AWS
 * SDK pointed at a simulator through AWS_ENDPOINT_URL_EC2 / _STS. `ACTION_NODE` chooses the
 * Node binary (CI sets it to Node 24, the action's runtime).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BUNDLE = resolve(import.meta.dirname, '../../dist/index.js');
export const ACTION_NODE = process.env.ACTION_NODE ?? process.execPath;

export interface RunOptions {
  /** Input name -> value, as a workflow's `with:` would give them. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Environment of the step (endpoints, credentials, region, …). Nothing else is inherited. */
  readonly env: Readonly<Record<string, string>>;
  /** Variables to leave out of the step's environment, e.g. GITHUB_STEP_SUMMARY for a local run. */
  readonly unsetEnv?: readonly string[];
  /** `post` runs the post phase with the state saved by a main run. */
  readonly phase?: 'main' | 'post';
  readonly state?: Readonly<Record<string, string>>;
  /** Kill the process (SIGKILL) if it runs longer. Default 60 s. */
  readonly timeoutMs?: number;
  /** The workspace (the runner starts actions in GITHUB_WORKSPACE); default: a fresh folder. */
  readonly cwd?: string;
  /** Sees the child right after spawn (to send it signals). */
  readonly onSpawn?: (child: ChildProcess) => void;
}

export interface ActionRun {
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Step outputs, parsed from the GITHUB_OUTPUT file (a name written twice: the last value). */
  readonly outputs: Record<string, string>;
  /** The GITHUB_OUTPUT file as written. */
  readonly outputFile: string;
  readonly summary: string;
  /** State saved with core.saveState, parsed from the GITHUB_STATE file. */
  readonly state: Record<string, string>;
  readonly durationMs: number;
  /** First line of stdout that starts with `::error::` (the step's failure message), decoded. */
  readonly errorMessage: string | undefined;
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const dir = await mkdtemp(join(tmpdir(), 'ami-distribute-run-'));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_STATE: join(dir, 'state'),
  };
  await Promise.all(Object.values(files).map((file) => writeFile(file, '')));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    RUNNER_TEMP: dir,
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'example-org/images',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_WORKSPACE: options.cwd ?? dir,
    ...files,
    ...options.env,
  };
  for (const name of options.unsetEnv ?? []) delete env[name];
  for (const [name, value] of Object.entries(options.inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  if (options.phase === 'post') {
    for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;
  }

  const started = Date.now();
  const child = spawn(ACTION_NODE, [BUNDLE], {
    env,
    cwd: options.cwd ?? dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.on('close', (code, sig) => done([code, sig])),
  );
  clearTimeout(killer);

  const errorLine = stdout.split('\n').find((line) => line.startsWith('::error::'));
  const outputFile = await readFile(files.GITHUB_OUTPUT, 'utf8');
  return {
    exitCode,
    signal,
    stdout,
    stderr,
    outputs: parseCommandFile(outputFile),
    outputFile,
    summary: await readFile(files.GITHUB_STEP_SUMMARY, 'utf8'),
    state: parseCommandFile(await readFile(files.GITHUB_STATE, 'utf8')),
    durationMs: Date.now() - started,
    errorMessage: errorLine ? decodeCommandValue(errorLine.slice('::error::'.length)) : undefined,
  };
}

/** Parses the `name<<DELIMITER` … `DELIMITER` blocks that @actions/core appends to file commands. */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const header = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!header) continue;
    const [, name, delimiter] = header;
    const body: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i] ?? '');
    values[name as string] = body.join('\n');
  }
  return values;
}

/** Undoes the escaping of workflow-command values (%25, %0D, %0A). */
export function decodeCommandValue(value: string): string {
  return value.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
}
