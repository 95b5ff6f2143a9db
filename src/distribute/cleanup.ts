import { awsErrorCode, describeAwsError } from '../aws/errors.js';
import type { Ec2Region } from '../aws/types.js';
import type { Logger } from '../logger.js';
import type { Disposition } from './result-types.js';

export interface RemovalResult {
  readonly disposition: Disposition;
  /** Snapshots that belonged to the copy (removed, or left behind when removal failed). */
  readonly snapshotIds: readonly string[];
}

/**
 * Deregisters a copy and deletes its snapshots, found both from the image's block devices and
 * by AWS's "Copied for DestinationAmi …" description (a pending copy may not list them yet).
 * Never throws: a failure is logged and reported as `removal-failed`, naming what is left.
 */
export async function removeCopy(
  ec2: Ec2Region,
  imageId: string,
  knownSnapshotIds: readonly string[],
  logger: Logger,
): Promise<RemovalResult> {
  const snapshotIds = new Set(knownSnapshotIds);
  const leftBehind: string[] = [];
  try {
    for (const snapshot of await ec2.describeCopySnapshots([imageId])) snapshotIds.add(snapshot.snapshotId);
  } catch (error) {
    logger.warning(`${ec2.region}: could not list the snapshots of ${imageId}: ${describeAwsError(error)}`);
  }
  try {
    await ec2.deregisterImage(imageId);
  } catch (error) {
    if (
      awsErrorCode(error) !== 'InvalidAMIID.NotFound' &&
      awsErrorCode(error) !== 'InvalidAMIID.Unavailable'
    ) {
      logger.warning(`${ec2.region}: could not deregister ${imageId}: ${describeAwsError(error)}`);
      return { disposition: 'removal-failed', snapshotIds: [...snapshotIds] };
    }
  }
  for (const snapshotId of snapshotIds) {
    try {
      await ec2.deleteSnapshot(snapshotId);
    } catch (error) {
      if (awsErrorCode(error) === 'InvalidSnapshot.NotFound') continue;
      leftBehind.push(snapshotId);
      logger.warning(
        `${ec2.region}: could not delete snapshot ${snapshotId} of ${imageId}: ${describeAwsError(error)}`,
      );
    }
  }
  if (leftBehind.length > 0) return { disposition: 'removal-failed', snapshotIds: [...snapshotIds] };
  logger.info(`${ec2.region}: removed ${imageId} and ${snapshotIds.size} snapshot(s).`);
  return { disposition: 'removed', snapshotIds: [...snapshotIds] };
}
