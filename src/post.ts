import * as core from '@actions/core';
import { describeAwsError } from './aws/errors.js';
import { parseConfig } from './config/parse-config.js';
import { removeCopy, removeUnlessInUse, sweepOrphanSnapshots } from './distribute/cleanup.js';
import { connectFromRunner, runnerLogger } from './runner.js';
import { SOURCE_IMAGE_TAG, SOURCE_REGION_TAG } from './tags.js';

interface CopyRef {
  readonly region: string;
  readonly imageId: string;
}

/**
 * The post step (runs after the job, also when it was cancelled or the main step was killed).
 * It looks after copies that the main step did not see through: reports them, deregisters
 * pending ones with `on-cancel: deregister` unless another run is waiting for them, removes
 * failed ones under `cleanup-failed`, and deletes snapshots of this source whose image is gone
 * (a kill between DeregisterImage and DeleteSnapshot). A main step that finished normally
 * leaves nothing for it to do.
 */
export async function runPost(): Promise<void> {
  const copies = leftRunning();
  if (copies.length === 0) return;
  const parsed = parseConfig((name) => core.getInput(name), process.env);
  if (!parsed.ok) return;
  const { config } = parsed;
  const invocationId = core.getState('invocation-id');
  const ec2 = connectFromRunner(config);
  await core.group('Copies left by the cancelled run', async () => {
    for (const copy of copies) {
      const region = ec2.forRegion(copy.region);
      try {
        const [image] = await region.describeImages([copy.imageId]);
        const state = image?.state ?? 'gone';
        if (state === 'failed' && config.cleanupFailed) {
          const removal = await removeCopy(region, copy.imageId, [], runnerLogger);
          runnerLogger.info(
            `${copy.region}: ${copy.imageId} failed in AWS and was ${removal.disposition} (cleanup-failed).`,
          );
        } else if (state !== 'pending') {
          runnerLogger.info(`${copy.region}: ${copy.imageId} is ${state}; nothing to do.`);
        } else if (config.onCancel === 'deregister') {
          const removal = await removeUnlessInUse(region, copy.imageId, [], {
            invocationId,
            now: () => Date.now(),
            logger: runnerLogger,
          });
          runnerLogger.info(
            removal.inUseBy
              ? `${copy.region}: ${copy.imageId} kept despite on-cancel: deregister: another run is waiting for it: ${removal.inUseBy}.`
              : `${copy.region}: ${copy.imageId} ${removal.disposition} (on-cancel: deregister).`,
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
    const sourceTags = { [SOURCE_IMAGE_TAG]: config.sourceImageId, [SOURCE_REGION_TAG]: config.sourceRegion };
    for (const regionName of new Set(copies.map((c) => c.region))) {
      try {
        await sweepOrphanSnapshots(ec2.forRegion(regionName), sourceTags, new Set(), runnerLogger);
      } catch (error) {
        core.warning(`${regionName}: could not look for leftover snapshots: ${describeAwsError(error)}`);
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
