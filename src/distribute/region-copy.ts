/**
 * One region's copy when other runs are about: taking over a copy another run made, settling a
 * race in which two runs both made one (the younger copy's maker removes it and uses the older),
 * and letting go of this run's leases at the end.
 */
import { awsErrorCode, describeAwsError } from '../aws/errors.js';
import type { Ec2Access, ImageInfo, SnapshotInfo } from '../aws/types.js';
import { adoptCopy } from './adopt.js';
import { removeUnlessInUse } from './cleanup.js';
import type { CopyContext } from './copy-context.js';
import { findCopies } from './find-copies.js';
import { leaseKey, leaseKeysToDrop } from './leases.js';
import { snapshotIdsOf, type Track } from './region-track.js';

/** Copies of racing runs may take a moment to show in DescribeImages (eventual consistency). */
export const DUPLICATE_CHECK_DELAY_MS = 2_000;

/** The track now follows `image`, a copy this invocation did not start. */
export async function takeOver(
  track: Track,
  image: ImageInfo,
  ec2: Ec2Access,
  ctx: CopyContext,
  knownSnapshots?: readonly SnapshotInfo[],
): Promise<void> {
  const now = ctx.clock.now();
  track.origin = 'reused';
  track.imageId = image.imageId;
  track.image = image;
  track.startedAt = now;
  if (image.state === 'available') {
    track.state = 'available';
    track.observedAt = now;
  } else {
    track.state = 'pending';
    track.observedAt = undefined;
  }
  const adoption = await adoptCopy(ec2.forRegion(track.plan.region), image, track.plan, ctx, knownSnapshots);
  track.leaseHeld = adoption.leaseHeld;
  track.notes.push(...adoption.notes);
}

/**
 * Right after this run started a copy: when another run's copy of the same source and settings
 * exists too, every run keeps the same one (available first, then the oldest). If that is not
 * ours, ours is removed (unless someone already waits for it) and the other one is used.
 */
export async function settleDuplicates(track: Track, ec2: Ec2Access, ctx: CopyContext): Promise<void> {
  if (!ctx.reuseExisting || track.imageId === undefined) return;
  try {
    await ctx.clock.sleep(DUPLICATE_CHECK_DELAY_MS, ctx.signal);
  } catch {
    return;
  }
  const region = ec2.forRegion(track.plan.region);
  let found: Awaited<ReturnType<typeof findCopies>>;
  try {
    found = await findCopies(region, track.plan, ctx);
  } catch (error) {
    ctx.logger.warning(
      `${track.plan.region}: could not check for a racing run's copy: ${describeAwsError(error)}`,
    );
    return;
  }
  const ours = track.imageId;
  const survivor = found.best;
  // Ours not listed yet: its age is unknown, so leave the decision to the other run.
  if (!survivor || survivor.imageId === ours || !found.copies.some((c) => c.imageId === ours)) return;
  if (ctx.signal?.aborted) return;
  const removal = await removeUnlessInUse(region, ours, [], {
    invocationId: ctx.invocationId,
    now: () => ctx.clock.now(),
    logger: ctx.logger,
  });
  if (removal.disposition !== 'removed') return;
  ctx.logger.info(
    `${track.plan.region}: another run copied the same source at the same time (${survivor.imageId}); removed this run's ${ours} and uses that one.`,
  );
  track.cleanedUp.push(ours, ...removal.snapshotIds);
  track.notes.push(
    `another run made ${survivor.imageId} at the same time; this run removed its own duplicate ${ours}`,
  );
  await takeOver(track, survivor, ec2, ctx);
}

/**
 * At the end of a run that was not cancelled: this run's lease tags (and leases that ran out)
 * are deleted from the copies it still follows. A copy found gone then is reported gone, never kept.
 */
export async function releaseLeases(
  tracks: readonly Track[],
  ec2: Ec2Access,
  ctx: CopyContext,
): Promise<void> {
  const holding = tracks.filter(
    (t) =>
      t.leaseHeld &&
      t.imageId !== undefined &&
      t.removal?.disposition !== 'removed' &&
      t.removal?.disposition !== 'gone',
  );
  await Promise.all(
    holding.map(async (track) => {
      const imageId = track.imageId as string;
      const keys = new Set([
        leaseKey(ctx.invocationId),
        ...leaseKeysToDrop(track.image?.tags ?? {}, ctx.invocationId, ctx.clock.now()),
      ]);
      try {
        await ec2.forRegion(track.plan.region).deleteTags([imageId], [...keys]);
        track.leaseHeld = false;
      } catch (error) {
        const code = awsErrorCode(error);
        if (
          (code === 'InvalidAMIID.NotFound' || code === 'InvalidAMIID.Unavailable') &&
          track.state !== 'available'
        ) {
          track.removal = { disposition: 'gone', snapshotIds: snapshotIdsOf(track.image) };
          track.notes.push(`${imageId} is gone: removed by someone else after this run last saw it`);
          return;
        }
        ctx.logger.warning(
          `${track.plan.region}: could not remove this run's lease tag from ${imageId} (it runs out by itself): ${describeAwsError(error)}`,
        );
      }
    }),
  );
}
