/**
 * Using a copy this invocation did not start (an earlier run's, or a racing run's): its tags are
 * brought up to what this run asks for, a lease tells other runs this one waits for it, and a
 * name that differs from the plan's is said, since AMI names cannot change.
 */
import { describeAwsError } from '../aws/errors.js';
import type { Ec2Region, ImageInfo, SnapshotInfo } from '../aws/types.js';
import type { RegionPlan } from '../plan.js';
import { MAX_TAGS_PER_RESOURCE, missingTags } from '../rules/tags.js';
import type { CopyContext } from './copy-context.js';
import { leaseTag } from './leases.js';

export interface Adoption {
  /** Whether this run now holds a lease on the copy (to release when it lets go). */
  readonly leaseHeld: boolean;
  /** For the log and the summary. */
  readonly notes: readonly string[];
}

/**
 * `knownSnapshots`: snapshots of copies of the source already listed (with their tags) by
 * preflight's leftover sweep; with them and an available image (which lists its snapshot ids),
 * no further call is needed to see which snapshots lack tags.
 */
export async function adoptCopy(
  ec2: Ec2Region,
  image: ImageInfo,
  plan: RegionPlan,
  ctx: CopyContext,
  knownSnapshots?: readonly SnapshotInfo[],
): Promise<Adoption> {
  const notes: string[] = [];
  if (image.name !== plan.name) {
    const note = `reused copy ${image.imageId} is named '${image.name}', not '${plan.name}' (AMI names cannot change); set reuse-existing: false for a new copy with the new name`;
    ctx.logger.info(`${plan.region}: ${note}.`);
    notes.push(note);
  }
  if (ctx.signal?.aborted) return { leaseHeld: false, notes };

  const wanted = missingTags(image.tags, plan.imageTags);
  const lease = image.state === 'pending' ? leaseTag(ctx.invocationId, ctx.leaseUntil, ctx.holder) : {};
  const room = Object.keys({ ...image.tags, ...wanted, ...lease }).length <= MAX_TAGS_PER_RESOURCE;
  const imageTags = room ? { ...wanted, ...lease } : wanted;
  if (!room && Object.keys(lease).length > 0) {
    ctx.logger.warning(
      `${plan.region}: ${image.imageId} has no room for this run's lease tag (AWS allows 50 tags); another run could remove it while this one waits.`,
    );
  }
  let leaseHeld = false;
  if (Object.keys(imageTags).length > 0) {
    try {
      await ec2.createTags([image.imageId], imageTags);
      leaseHeld = room && Object.keys(lease).length > 0;
    } catch (error) {
      const note = `could not tag the reused copy ${image.imageId}: ${describeAwsError(error)}`;
      ctx.logger.warning(`${plan.region}: ${note}`);
      notes.push(note);
    }
  }
  const snapshotTags = plan.snapshotTags;
  if (snapshotTags && !ctx.signal?.aborted) {
    try {
      const snapshots = await snapshotsOf(ec2, image, knownSnapshots);
      const behind = snapshots.filter((s) => Object.keys(missingTags(s.tags, snapshotTags)).length > 0);
      if (behind.length > 0)
        await ec2.createTags(
          behind.map((s) => s.snapshotId),
          snapshotTags,
        );
    } catch (error) {
      const note = `could not tag the snapshots of the reused copy ${image.imageId}: ${describeAwsError(error)}`;
      ctx.logger.warning(`${plan.region}: ${note}`);
      notes.push(note);
    }
  }
  return { leaseHeld, notes };
}

/** The image's snapshots with their tags, from what is known when that suffices. */
async function snapshotsOf(
  ec2: Ec2Region,
  image: ImageInfo,
  known: readonly SnapshotInfo[] | undefined,
): Promise<{ snapshotId: string; tags: Readonly<Record<string, string>> }[]> {
  const ids = image.blockDevices.flatMap((device) => (device.snapshotId ? [device.snapshotId] : []));
  if (known && ids.length > 0) {
    // A snapshot missing from the sweep lacks the provenance tags it was searched by.
    return ids.map((id) => ({ snapshotId: id, tags: known.find((s) => s.snapshotId === id)?.tags ?? {} }));
  }
  const listed = await ec2.describeCopySnapshots([image.imageId]);
  return listed.map((s) => ({ snapshotId: s.snapshotId, tags: s.tags ?? {} }));
}
