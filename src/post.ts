import { parseConfig } from './config/parse-config.js';
import { type CopyRef, lookAfterLeftovers, releaseLeases } from './distribute/leftovers.js';
import type { PhaseDeps } from './main.js';
import type { RunnerIo } from './runner-io.js';
import { State, type StateKey } from './state-keys.js';

/**
 * The post step (runs after the job, also when it was cancelled or the main step was killed).
 * It reads what the main step left in state and hands it to the engine
 * (`distribute/leftovers.ts`). A main step that finished normally leaves nothing for it to do.
 */
export async function runPost(io: RunnerIo, deps: Pick<PhaseDeps, 'connect' | 'clock'>): Promise<void> {
  const copies = leftRunning(io);
  const leased = copiesIn(io, State.LeasedCopies);
  if (copies.length === 0 && leased.length === 0) return;
  // Checked against the main phase's start: a deprecate-at that has passed since is no reason to skip cleanup.
  const startedAt = Number(io.getState(State.StartedAt));
  const parsed = parseConfig((name) => io.getInput(name), io.env, {
    now: Number.isFinite(startedAt) && startedAt > 0 ? startedAt : deps.clock.now(),
    readFile: (path) => io.readFile(path),
  });
  if (!parsed.ok) return;
  const { config } = parsed;
  const leftovers = {
    ec2: deps.connect(config).ec2,
    logger: io.logger,
    invocationId: io.getState(State.InvocationId),
    now: () => deps.clock.now(),
  };
  await io.logger.group('Copies left by the cancelled run', async () => {
    // First let go of other runs' copies, so that their makers may remove them if nobody waits.
    await releaseLeases(leased, leftovers);
    if (copies.length > 0) await lookAfterLeftovers(copies, config, leftovers);
  });
}

/** Copies the main step started and did not see through: all started ones if it never finished. */
function leftRunning(io: RunnerIo): CopyRef[] {
  return copiesIn(
    io,
    io.getState(State.MainFinished) === 'true' ? State.CancelledCopies : State.StartedCopies,
  );
}

function copiesIn(io: RunnerIo, key: StateKey): CopyRef[] {
  const raw = io.getState(key);
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed as CopyRef[]) : [];
  } catch {
    return [];
  }
}
