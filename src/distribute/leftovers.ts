/**
 * What the post phase decides about the copies a main phase did not see through (it was
 * cancelled, or killed): a failed copy goes under `cleanup-failed`; a pending one is removed
 * with `on-cancel: deregister` unless another run is waiting for it, and kept and reported
 * otherwise; snapshots of the source whose image is gone (a kill between DeregisterImage and
 * DeleteSnapshot) are deleted in every region the main phase started a copy in.
 */
import { describeAwsError } from '../aws/errors.js';
import type { Ec2Access } from '../aws/types.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import { SOURCE_IMAGE_TAG, SOURCE_REGION_TAG } from '../rules/tags.js';
import { removeCopy, removeUnlessInUse, sweepOrphanSnapshots } from './cleanup.js';
import { leaseKey } from './leases.js';

export interface CopyRef {
  readonly region: string;
  readonly imageId: string;
}

export interface LeftoverDeps {
  readonly ec2: Ec2Access;
  readonly logger: Logger;
  /** The main phase's invocation id: its own leases do not count as another run's. */
  readonly invocationId: string;
  readonly now: () => number;
}

export async function lookAfterLeftovers(
  copies: readonly CopyRef[],
  config: Pick<Config, 'cleanupFailed' | 'onCancel' | 'sourceImageId' | 'sourceRegion'>,
  deps: LeftoverDeps,
): Promise<void> {
  const { logger } = deps;
  for (const copy of copies) {
    const region = deps.ec2.forRegion(copy.region);
    try {
      const [image] = await region.describeImages([copy.imageId]);
      const state = image?.state ?? 'gone';
      if (state === 'failed' && config.cleanupFailed) {
        const removal = await removeCopy(region, copy.imageId, [], logger);
        logger.info(
          `${copy.region}: ${copy.imageId} failed in AWS and was ${removal.disposition} (cleanup-failed).`,
        );
      } else if (state !== 'pending') {
        logger.info(`${copy.region}: ${copy.imageId} is ${state}; nothing to do.`);
      } else if (config.onCancel === 'deregister') {
        const removal = await removeUnlessInUse(region, copy.imageId, [], {
          invocationId: deps.invocationId,
          now: deps.now,
          logger,
        });
        logger.info(
          removal.inUseBy
            ? `${copy.region}: ${copy.imageId} kept despite on-cancel: deregister: another run is waiting for it: ${removal.inUseBy}.`
            : removal.availableNow
              ? `${copy.region}: ${copy.imageId} kept despite on-cancel: deregister: it became available before it could be removed.`
              : `${copy.region}: ${copy.imageId} ${removal.disposition} (on-cancel: deregister).`,
        );
      } else {
        logger.warning(
          `${copy.region}: ${copy.imageId} is still copying and was kept (on-cancel: keep); a rerun picks it up.`,
        );
      }
    } catch (error) {
      logger.warning(`${copy.region}: could not check ${copy.imageId}: ${describeAwsError(error)}`);
    }
  }
  const sourceTags = { [SOURCE_IMAGE_TAG]: config.sourceImageId, [SOURCE_REGION_TAG]: config.sourceRegion };
  for (const regionName of new Set(copies.map((c) => c.region))) {
    try {
      await sweepOrphanSnapshots(deps.ec2.forRegion(regionName), sourceTags, new Set(), logger);
    } catch (error) {
      logger.warning(`${regionName}: could not look for leftover snapshots: ${describeAwsError(error)}`);
    }
  }
}

/** Takes this run's lease tags off copies of other runs it had adopted (a cancelled run waits no more). */
export async function releaseLeases(copies: readonly CopyRef[], deps: LeftoverDeps): Promise<void> {
  for (const copy of copies) {
    try {
      await deps.ec2.forRegion(copy.region).deleteTags([copy.imageId], [leaseKey(deps.invocationId)]);
      deps.logger.info(
        `${copy.region}: no longer waiting for ${copy.imageId} (another run's copy); its lease is removed.`,
      );
    } catch (error) {
      deps.logger.warning(
        `${copy.region}: could not remove this run's lease from ${copy.imageId} (it runs out by itself): ${describeAwsError(error)}`,
      );
    }
  }
}
