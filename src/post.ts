import * as core from '@actions/core';
import { createEc2ClientFactory } from './aws/client-factory.js';
import { createSdkEc2Access } from './aws/ec2-gateway.js';
import { describeAwsError } from './aws/errors.js';
import { parseConfig } from './config/parse-config.js';
import { removeCopy } from './distribute/cleanup.js';
import type { Logger } from './logger.js';
import { ACTION_VERSION } from './version.js';

interface CopyRef {
  readonly region: string;
  readonly imageId: string;
}

const logger: Logger = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(message),
  group: (title, fn) => core.group(title, fn),
};

/**
 * The post step (runs after the job, also when it was cancelled). It looks after copies that a
 * cancelled main step left running: reports them, and deregisters them with `on-cancel: deregister`.
 * A main step that finished normally leaves nothing for it to do.
 */
export async function runPost(): Promise<void> {
  const copies = leftRunning();
  if (copies.length === 0) return;
  const parsed = parseConfig((name) => core.getInput(name), process.env);
  const onCancel = parsed.ok ? parsed.config.onCancel : 'keep';
  const ec2 = createSdkEc2Access(
    createEc2ClientFactory({ credentials: undefined, userAgent: `ami-distribute/${ACTION_VERSION}` }),
  );
  await core.group('Copies left by the cancelled run', async () => {
    for (const copy of copies) {
      const region = ec2.forRegion(copy.region);
      try {
        const [image] = await region.describeImages([copy.imageId]);
        const state = image?.state ?? 'gone';
        if (state !== 'pending') {
          core.info(`${copy.region}: ${copy.imageId} is ${state}; nothing to do.`);
        } else if (onCancel === 'deregister') {
          const removal = await removeCopy(region, copy.imageId, [], logger);
          core.info(`${copy.region}: ${copy.imageId} ${removal.disposition} (on-cancel: deregister).`);
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
