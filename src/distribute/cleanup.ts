import { awsErrorCode, describeAwsError } from '../aws/errors.js';
import type { Ec2Region, ImageInfo, SnapshotInfo, TagSet } from '../aws/types.js';
import type { Logger } from '../logger.js';
import { describeLease, liveLeasesOfOthers } from './leases.js';
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
  leftBehind.push(...(await deleteSnapshots(ec2, [...snapshotIds], logger)));
  if (leftBehind.length > 0) return { disposition: 'removal-failed', snapshotIds: [...snapshotIds] };
  logger.info(`${ec2.region}: removed ${imageId} and ${snapshotIds.size} snapshot(s).`);
  return { disposition: 'removed', snapshotIds: [...snapshotIds] };
}

export interface SafeRemoval extends RemovalResult {
  /** Set when the copy was kept because another run holds a live lease on it. */
  readonly inUseBy?: string;
  /** Set when the copy was kept because it is available by now (another run may already use it). */
  readonly availableNow?: boolean;
}

/**
 * Removes a copy that is still copying unless another run is waiting for it: looks at the image
 * right before removing, and keeps it when another invocation's lease is live, or when it has
 * become available meanwhile (a run that reused an available copy leaves no lease, and may
 * already have shared or published it). A copy already gone is reported `gone` (its leftover
 * snapshots, found by AWS's description, are still deleted).
 */
export async function removeUnlessInUse(
  ec2: Ec2Region,
  imageId: string,
  knownSnapshotIds: readonly string[],
  self: { readonly invocationId: string; readonly now: () => number; readonly logger: Logger },
): Promise<SafeRemoval> {
  let image: ImageInfo | undefined;
  try {
    [image] = await ec2.describeImages([imageId]);
  } catch (error) {
    self.logger.warning(
      `${ec2.region}: could not look at ${imageId} before removing it, so it is kept: ${describeAwsError(error)}`,
    );
    return { disposition: 'kept', snapshotIds: [...knownSnapshotIds] };
  }
  if (!image || image.state === 'deregistered') {
    const leftovers = await removeCopySnapshots(ec2, imageId, knownSnapshotIds, self.logger);
    self.logger.info(`${ec2.region}: ${imageId} is already gone (removed by someone else).`);
    return { disposition: 'gone', snapshotIds: leftovers };
  }
  if (image.state === 'available') {
    self.logger.info(`${ec2.region}: ${imageId} is kept: it became available before it could be removed.`);
    return { disposition: 'kept', snapshotIds: [...knownSnapshotIds], availableNow: true };
  }
  const [lease] = liveLeasesOfOthers(image.tags, self.invocationId, self.now());
  if (lease) {
    self.logger.info(
      `${ec2.region}: ${imageId} is kept: another run is waiting for it: ${describeLease(lease)}.`,
    );
    return { disposition: 'kept', snapshotIds: [...knownSnapshotIds], inUseBy: describeLease(lease) };
  }
  const known = [
    ...knownSnapshotIds,
    ...image.blockDevices.flatMap((d) => (d.snapshotId ? [d.snapshotId] : [])),
  ];
  return removeCopy(ec2, imageId, [...new Set(known)], self.logger);
}

/** Deletes the snapshots AWS made for a copy that no longer exists; returns their ids. */
async function removeCopySnapshots(
  ec2: Ec2Region,
  imageId: string,
  knownSnapshotIds: readonly string[],
  logger: Logger,
): Promise<string[]> {
  const ids = new Set(knownSnapshotIds);
  try {
    for (const snapshot of await ec2.describeCopySnapshots([imageId])) ids.add(snapshot.snapshotId);
  } catch (error) {
    logger.warning(`${ec2.region}: could not list the snapshots of ${imageId}: ${describeAwsError(error)}`);
  }
  await deleteSnapshots(ec2, [...ids], logger);
  return [...ids];
}

/** Deletes snapshots, tolerating ones already gone; returns those it could not delete. */
export async function deleteSnapshots(
  ec2: Ec2Region,
  snapshotIds: readonly string[],
  logger: Logger,
): Promise<string[]> {
  const failed: string[] = [];
  for (const snapshotId of snapshotIds) {
    try {
      await ec2.deleteSnapshot(snapshotId);
    } catch (error) {
      if (awsErrorCode(error) === 'InvalidSnapshot.NotFound') continue;
      failed.push(snapshotId);
      logger.warning(`${ec2.region}: could not delete snapshot ${snapshotId}: ${describeAwsError(error)}`);
    }
  }
  return failed;
}

/**
 * Snapshots of copies of the source whose image is gone (a run killed between DeregisterImage
 * and DeleteSnapshot leaves them): found by the provenance tags every snapshot carries, checked
 * against DescribeImages right before, deleted. `knownImages` are images known to exist (their
 * snapshots are not looked at again). Returns the ids deleted and every snapshot seen.
 */
export async function sweepOrphanSnapshots(
  ec2: Ec2Region,
  sourceTags: TagSet,
  knownImages: ReadonlySet<string>,
  logger: Logger,
): Promise<{ deleted: string[]; seen: SnapshotInfo[] }> {
  const seen = await ec2.findOwnSnapshots(sourceTags);
  return { deleted: await deleteOrphans(ec2, seen, knownImages, logger), seen };
}

async function deleteOrphans(
  ec2: Ec2Region,
  snapshots: readonly SnapshotInfo[],
  knownImages: ReadonlySet<string>,
  logger: Logger,
): Promise<string[]> {
  const byImage = new Map<string, string[]>();
  for (const snapshot of snapshots) {
    const owner = snapshot.destinationImageId;
    if (!owner || knownImages.has(owner)) continue;
    byImage.set(owner, [...(byImage.get(owner) ?? []), snapshot.snapshotId]);
  }
  if (byImage.size === 0) return [];
  const alive = new Set((await ec2.describeImages([...byImage.keys()])).map((image) => image.imageId));
  const orphans = [...byImage].filter(([imageId]) => !alive.has(imageId)).flatMap(([, ids]) => ids);
  if (orphans.length === 0) return [];
  const failed = await deleteSnapshots(ec2, orphans, logger);
  const deleted = orphans.filter((id) => !failed.includes(id));
  if (deleted.length > 0) {
    logger.info(
      `${ec2.region}: deleted ${deleted.length} snapshot(s) left by an earlier run whose image is gone: ${deleted.join(', ')}.`,
    );
  }
  return deleted;
}
