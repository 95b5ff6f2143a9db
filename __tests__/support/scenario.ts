/**
 * One fault scenario: its own simulator (so scenarios run in parallel), the inputs of a
 * typical run, a mark of the world before it, and helpers to act on the model at a precise
 * moment of the run and to read the figures (calls, errors, time) afterwards.
 */
import type { ModelOptions, RequestLogEntry, SeedImageSpec, SimModel } from '../../sim/index.js';
import { markWorld, type WorldMark } from './invariants.js';
import { type ActionRun, type RunOptions, runAction } from './run-action.js';
import { startWorld, type World } from './sim-world.js';

export interface ScenarioOptions {
  /** Simulated seconds per real second (default 300). */
  readonly scale?: number;
  readonly model?: Omit<ModelOptions, 'clock'>;
  readonly source?: Partial<SeedImageSpec>;
  readonly targetRegions?: readonly string[];
}

export interface Scenario {
  readonly world: World;
  readonly model: SimModel;
  readonly scale: number;
  readonly targetRegions: readonly string[];
  readonly mark: WorldMark;
  /** The usual inputs plus `extra`. */
  inputs(extra?: Readonly<Record<string, string>>): Record<string, string>;
  /** Runs the bundle against this scenario's simulator (env merged over the world's). */
  run(options?: Partial<RunOptions>): Promise<ActionRun>;
  close(): Promise<void>;
}

export const DEFAULT_TARGETS = ['eu-west-1', 'us-west-2', 'ap-southeast-2'] as const;

export async function startScenario(options: ScenarioOptions = {}): Promise<Scenario> {
  const scale = options.scale ?? 300;
  const world = await startWorld({ scale, model: options.model, source: options.source });
  const targetRegions = options.targetRegions ?? DEFAULT_TARGETS;
  const inputs = (extra: Readonly<Record<string, string>> = {}) => ({
    'source-ami-id': world.sourceImageId,
    'target-regions': targetRegions.join(', '),
    ...extra,
  });
  return {
    world,
    model: world.sim.model,
    scale,
    targetRegions,
    mark: markWorld(world.sim.model),
    inputs,
    run: (run = {}) =>
      runAction({
        ...run,
        inputs: run.inputs ?? inputs(),
        env: { ...world.env, ...run.env },
      }),
    close: () => world.close(),
  };
}

/** Resolves with the first log entry (from `since` on) that matches, polling every 10 ms. */
export async function whenLogged(
  model: SimModel,
  matches: (entry: RequestLogEntry) => boolean,
  options: { since?: number; timeoutMs?: number; count?: number } = {},
): Promise<RequestLogEntry> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const count = options.count ?? 1;
  for (;;) {
    const found = model.log
      .all()
      .slice(options.since ?? 0)
      .filter(matches);
    if (found.length >= count) return found[count - 1] as RequestLogEntry;
    if (Date.now() > deadline) throw new Error('whenLogged: no matching request in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Which EC2 call a hook waits for: its action, region, and the model as it is then. */
export type CallMatcher = (action: string, region: string, model: SimModel) => boolean;

/**
 * Runs `effect` once, synchronously, at the first EC2 call that `matches`: `before` the model
 * decides it (so a fault switched on applies to that very call) or `after` the model applied it
 * (before the answer leaves). A precise "meanwhile", e.g. the source deregistered between two
 * CopyImage calls, or 5xx starting with the first poll of the wait.
 */
export function onCall(
  model: SimModel,
  when: 'before' | 'after',
  matches: CallMatcher,
  effect: (model: SimModel) => void,
): void {
  const invoke = model.invokeEc2.bind(model);
  let done = false;
  model.invokeEc2 = ((action, meta, input) => {
    const fire = !done && matches(action, meta.region, model);
    if (fire) done = true;
    if (fire && when === 'before') effect(model);
    try {
      return invoke(action, meta, input);
    } finally {
      if (fire && when === 'after') effect(model);
    }
  }) as typeof model.invokeEc2;
}

/**
 * Throttling in bursts, by call order: of every `period` EC2 calls (whatever their action or
 * region, retries included), `burst` consecutive ones are refused with RequestLimitExceeded
 * (503), as AWS's request-rate buckets do when they run dry. About burst/period of all calls.
 */
export function throttleInBursts(model: SimModel, burst: number, period: number): void {
  const invoke = model.invokeEc2.bind(model);
  let seen = 0;
  model.invokeEc2 = ((action, meta, input) => {
    if (seen++ % period === 0) {
      model.faults.failNext('*', burst, { kind: 'error', code: 'RequestLimitExceeded', status: 503 });
    }
    return invoke(action, meta, input);
  }) as typeof model.invokeEc2;
}

/** Matches the first call of `action` made after `copies` CopyImage calls succeeded. */
export function afterCopies(action: string, copies: number): CallMatcher {
  return (name, _region, model) =>
    name === action && model.log.count({ action: 'CopyImage', outcome: 'ok' }) >= copies;
}

export interface Figures {
  /** Every request the simulator saw since the mark. */
  readonly calls: number;
  readonly byAction: Record<string, number>;
  /** Answers by error code (throttling, 5xx, auth…). */
  readonly errors: Record<string, number>;
  readonly lost: number;
  /** Mutating EC2 calls (anything but Describe*). */
  readonly mutating: number;
}

export function figures(model: SimModel, since = 0): Figures {
  const entries = model.log.all().slice(since);
  const byAction: Record<string, number> = {};
  const errors: Record<string, number> = {};
  for (const entry of entries) {
    byAction[entry.action] = (byAction[entry.action] ?? 0) + 1;
    if (entry.errorCode) errors[entry.errorCode] = (errors[entry.errorCode] ?? 0) + 1;
  }
  return {
    calls: entries.length,
    byAction,
    errors,
    lost: entries.filter((e) => e.outcome === 'lost').length,
    mutating: entries.filter(isMutating).length,
  };
}

export function isMutating(entry: RequestLogEntry): boolean {
  return entry.service === 'ec2' && !entry.action.startsWith('Describe');
}

/** Prints a scenario's figures (collected for the report and the README's Failure behaviour section). */
export function logFigures(name: string, run: Pick<ActionRun, 'durationMs' | 'exitCode'>, f: Figures): void {
  if (!process.env.FAULT_FIGURES) return;
  console.log(
    `[figures] ${name}: exit ${run.exitCode}, ${(run.durationMs / 1000).toFixed(1)} s, ${f.calls} calls ${JSON.stringify(f.byAction)}, errors ${JSON.stringify(f.errors)}, lost ${f.lost}`,
  );
}
