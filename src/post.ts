import * as core from '@actions/core';
import { describeAwsError } from './aws/errors.js';
import { parseConfig } from './config/parse-config.js';
import { removeCopy } from './distribute/cleanup.js';
import { connectFromRunner, runnerLogger } from './runner.js';

interface CopyRef {
  readonly region: string;
  readonly imageId: string;
}

/**
 * The post step (runs after the job, also when it was cancelled). It looks after copies that a
 * cancelled main step left running: reports them, and deregisters them with `on-cancel: deregister`.
 * A main step that finished normally leaves nothing for it to do.
 */
export async function runPost(): Promise<void> {
  const copies = leftRunning();
  if (copies.length === 0) return;
  const parsed = parseConfig((name) => core.getInput(name), process.env);
  if (!parsed.ok) return;
  const { config } = parsed;
  const ec2 = connectFromRunner(config);
  await core.group('Copies left by the cancelled run', async () => {
    for (const copy of copies) {
      const region = ec2.forRegion(copy.region);
      try {
        const [image] = await region.describeImages([copy.imageId]);
        const state = image?.state ?? 'gone';
        if (state !== 'pending') {
          runnerLogger.info(`${copy.region}: ${copy.imageId} is ${state}; nothing to do.`);
        } else if (config.onCancel === 'deregister') {
          const removal = await removeCopy(region, copy.imageId, [], runnerLogger);
          runnerLogger.info(
            `${copy.region}: ${copy.imageId} ${removal.disposition} (on-cancel: deregister).`,
          );
        } else {
          core.warning(
            `${copy.region}: ${copy.imageId} is still copying and was kept (on-cancel: keep); a rerun picks it up.`,
          );
        }
      } catch (error) {
        core.warning(`${copy.region}: could not check ${copy.imageId}: ${describeAwsError(error)}`);
      }
    }
  });
}

/** Copies the main step started and did not see through: all started ones if it never finished. */
function leftRunning(): CopyRef[] {
  const key = core.getState('main-finished') === 'true' ? 'cancelled-copies' : 'started-copies';
  const raw = core.getState(key);
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed as CopyRef[]) : [];
  } catch {
    return [];
  }
}
