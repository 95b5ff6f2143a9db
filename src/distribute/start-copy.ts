import { awsErrorCode, awsErrorMessage, isTransientError } from '../aws/errors.js';
import type { CopyImageRequest, Ec2Region, ImageInfo } from '../aws/types.js';
import { type RegionPlan, retryToken } from '../plan.js';
import type { CopyContext } from './copy-context.js';
import { findCopies, isUsableCopy } from './find-copies.js';
import type { FailureReason } from './result-types.js';

/** First wait after a quota refusal; doubles up to the cap. */
const CAPACITY_RETRY_FIRST_MS = 20_000;
const CAPACITY_RETRY_CAP_MS = 120_000;
/** Extra tries for transient errors that outlived the SDK's own retries. */
const TRANSIENT_TRIES = 4;
/** CopyImage tries again this often when the image that held the name is gone by the time we look. */
const NAME_RETRIES = 2;
/** A look for another run's copy older than this is repeated before CopyImage. */
export const LOOK_AGAIN_AFTER_MS = 2_000;

export interface StartCopyDeps {
  readonly ec2: Ec2Region;
  readonly ctx: CopyContext;
  /** 0 for the first copy of the region; n after the n-th copy vanished (a fresh ClientToken). */
  readonly attempt: number;
  /** When this region was last searched for an existing copy (preflight), clock ms. */
  readonly lookedAt: number | undefined;
  /** Called once when the region's concurrent-copy quota first refuses the copy. */
  readonly onQueued?: (region: string) => void;
}

export interface SourceRef {
  readonly imageId: string;
  readonly region: string;
}

export type StartOutcome =
  | {
      readonly ok: true;
      readonly kind: 'started';
      readonly imageId: string;
      readonly startedAt: number;
      readonly waitedMs: number;
    }
  /** Another run's copy (found by looking again, or holding the name) is used instead. */
  | { readonly ok: true; readonly kind: 'adopted'; readonly image: ImageInfo; readonly waitedMs: number }
  | { readonly ok: false; readonly reason: FailureReason; readonly waitedMs: number };

/**
 * Gets the region a copy: looks again for one another run made (unless the last look is fresh),
 * then calls CopyImage. The ClientToken makes every retry of this process safe (a lost response
 * returns the same image). A refusal for the concurrent-copy quota is not a failure: the copy
 * waits for capacity until the deadline, and looks again before each new try. A name already
 * taken by a real copy of the source is adopted. Makes no call once the run is cancelled.
 */
export async function startCopy(
  plan: RegionPlan,
  source: SourceRef,
  deps: StartCopyDeps,
): Promise<StartOutcome> {
  const { ctx } = deps;
  const firstTry = ctx.clock.now();
  const waited = () => ctx.clock.now() - firstTry;
  const cancelled = (): StartOutcome => ({
    ok: false,
    reason: { code: 'cancelled', message: 'The run was cancelled before the copy could start.' },
    waitedMs: waited(),
  });
  let lookedAt = deps.lookedAt;
  let capacityWaits = 0;
  let transientTries = 0;
  let nameRetries = 0;
  for (;;) {
    if (ctx.signal?.aborted) return cancelled();
    if (ctx.reuseExisting && (lookedAt === undefined || ctx.clock.now() - lookedAt > LOOK_AGAIN_AFTER_MS)) {
      try {
        const found = await findCopies(deps.ec2, plan, ctx);
        lookedAt = ctx.clock.now();
        if (found.best) {
          ctx.logger.info(
            `${plan.region}: another run made ${found.best.imageId} (${found.best.state}) meanwhile; using it.`,
          );
          return { ok: true, kind: 'adopted', image: found.best, waitedMs: waited() };
        }
      } catch {
        // Not finding is not fatal: CopyImage's name uniqueness and the check after the start still hold.
      }
      if (ctx.signal?.aborted) return cancelled();
    }
    try {
      const imageId = await deps.ec2.copyImage(copyRequest(plan, source, deps.attempt));
      const startedAt = ctx.clock.now();
      ctx.logger.info(`${plan.region}: copy started: ${imageId} '${plan.name}'.`);
      return { ok: true, kind: 'started', imageId, startedAt, waitedMs: startedAt - firstTry };
    } catch (error) {
      const code = awsErrorCode(error);
      let holderUnknown = false;
      if (code === 'InvalidAMIName.Duplicate' && ctx.reuseExisting) {
        const holder = await nameHolder(deps.ec2, plan, ctx).catch(() => 'unknown' as const);
        if (typeof holder === 'object') {
          ctx.logger.info(
            `${plan.region}: the name is held by ${holder.imageId} (${holder.state}), a copy of the same source made by another run; using it.`,
          );
          return { ok: true, kind: 'adopted', image: holder, waitedMs: waited() };
        }
        // The holder went away meanwhile (its run removed it): the name is free, try again
        // shortly. A holder that could not be looked up (throttled past the SDK's retries, in
        // the burst of a matrix starting) is looked up again like any transient refusal.
        if (holder === 'none' && nameRetries < NAME_RETRIES) {
          nameRetries += 1;
          try {
            await ctx.clock.sleep(LOOK_AGAIN_AFTER_MS, ctx.signal);
          } catch {
            return cancelled();
          }
          continue;
        }
        holderUnknown = holder === 'unknown';
      }
      let delay: number;
      if (code === 'ResourceLimitExceeded') {
        if (capacityWaits === 0) {
          ctx.logger.info(`${plan.region}: concurrent-copy quota is full; the copy waits for capacity.`);
          deps.onQueued?.(plan.region);
        }
        delay = Math.min(CAPACITY_RETRY_FIRST_MS * 2 ** capacityWaits, CAPACITY_RETRY_CAP_MS);
        capacityWaits += 1;
      } else if ((holderUnknown || isTransientError(error)) && transientTries < TRANSIENT_TRIES) {
        transientTries += 1;
        delay = 2_000 * 2 ** transientTries;
      } else {
        return { ok: false, reason: { code, message: awsErrorMessage(error) }, waitedMs: waited() };
      }
      if (ctx.clock.now() + delay > ctx.deadline) {
        return {
          ok: false,
          reason: { code, message: `Still refused when the timeout ran out: ${awsErrorMessage(error)}` },
          waitedMs: waited(),
        };
      }
      try {
        await ctx.clock.sleep(delay, ctx.signal);
      } catch {
        return cancelled();
      }
    }
  }
}

/**
 * Who holds the plan's name: a real, usable copy of the source with these settings (to adopt),
 * `none` when no image holds it any more, `other` for anything else (a clash to report).
 */
async function nameHolder(
  ec2: Ec2Region,
  plan: RegionPlan,
  ctx: CopyContext,
): Promise<ImageInfo | 'none' | 'other'> {
  const holders = (await ec2.findOwnImages({ name: plan.name })).filter(
    (image) => image.state !== 'deregistered',
  );
  const copy = holders.find((image) => isUsableCopy(image, plan, ctx));
  return copy ?? (holders.length === 0 ? 'none' : 'other');
}

/** The CopyImage request of a region's plan (the `attempt`-th copy made for it). */
export function copyRequest(
  plan: RegionPlan,
  source: { readonly imageId: string; readonly region: string },
  attempt: number,
): CopyImageRequest {
  return {
    sourceImageId: source.imageId,
    sourceRegion: source.region,
    name: plan.name,
    description: plan.description,
    encrypted: plan.encrypted,
    kmsKeyId: plan.kmsKeyId,
    clientToken: retryToken(plan.clientToken, attempt),
    imageTags: plan.imageTags,
    snapshotTags: plan.snapshotTags,
    completionDurationMinutes: plan.completionDurationMinutes,
  };
}
