/** The end of a run: copies this run made that did not become available, removed or kept as configured. */
import type { Ec2Access } from '../aws/types.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import { removeCopy, removeUnlessInUse } from './cleanup.js';
import type { CopyContext } from './copy-context.js';
import { failedInAws, snapshotIdsOf, type Track } from './region-track.js';

export interface CleanUpRun {
  readonly config: Pick<Config, 'cleanupFailed' | 'onTimeout'>;
  readonly ec2: Ec2Access;
  readonly ctx: CopyContext;
  readonly logger: Logger;
}

/**
 * Copies this run made: failed ones go when `cleanup-failed`; timed-out ones when
 * `on-timeout: deregister`, unless another run is waiting for them (a live lease). Copies this
 * run reused belong to the run that made them (it may still be waiting) and are kept. A copy
 * counts as failed only when AWS said so: one the wait gave up on because it could no longer
 * ask (expired credentials, access denied) may still be copying, and is left alone.
 */
export async function cleanUpTracks(tracks: readonly Track[], run: CleanUpRun): Promise<void> {
  const { config, ec2, ctx, logger } = run;
  const failed = tracks.filter(
    (t) =>
      t.origin === 'new' &&
      t.imageId !== undefined &&
      t.state === 'failed' &&
      config.cleanupFailed &&
      failedInAws(t),
  );
  const timedOut = tracks.filter(
    (t) =>
      t.origin === 'new' &&
      t.imageId !== undefined &&
      t.state === 'timed-out' &&
      config.onTimeout === 'deregister',
  );
  const reusedTimedOut = tracks.filter(
    (t) => t.origin === 'reused' && t.state === 'timed-out' && config.onTimeout === 'deregister',
  );
  if (failed.length + timedOut.length + reusedTimedOut.length === 0) return;
  await logger.group('Cleaning up copies that did not become available', async () => {
    await Promise.all([
      ...failed.map(async (track) => {
        const region = ec2.forRegion(track.plan.region);
        track.removal = await removeCopy(region, track.imageId as string, snapshotIdsOf(track.image), logger);
      }),
      ...reusedTimedOut.map(async (track) => {
        track.notes.push(
          'kept: a reused copy belongs to the run that made it (on-timeout: deregister removes only copies this run made)',
        );
      }),
      ...timedOut.map(async (track) => {
        const region = ec2.forRegion(track.plan.region);
        const removal = await removeUnlessInUse(region, track.imageId as string, snapshotIdsOf(track.image), {
          invocationId: ctx.invocationId,
          now: () => ctx.clock.now(),
          logger: logger,
        });
        track.removal = removal;
        if (removal.inUseBy) {
          track.notes.push(
            `kept despite on-timeout: deregister: another run is waiting for it: ${removal.inUseBy}`,
          );
        }
        if (removal.availableNow) {
          track.notes.push(
            'kept despite on-timeout: deregister: it became available after the timeout, before it could be removed (another run may already use it); a rerun reuses it',
          );
        }
      }),
    ]);
  });
}
