import { awsErrorCode, awsErrorMessage, isTransientError } from '../aws/errors.js';
import type { Ec2Region } from '../aws/types.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { RegionPlan } from '../plan.js';
import type { FailureReason } from './result-types.js';

/** First wait after a quota refusal; doubles up to the cap. */
const CAPACITY_RETRY_FIRST_MS = 20_000;
const CAPACITY_RETRY_CAP_MS = 120_000;
/** Extra tries for transient errors that outlived the SDK's own retries. */
const TRANSIENT_TRIES = 4;

export interface StartCopyDeps {
  readonly ec2: Ec2Region;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly deadline: number;
  readonly signal?: AbortSignal;
  /** Called once when the region's concurrent-copy quota first refuses the copy. */
  readonly onQueued?: (region: string) => void;
}

export interface SourceRef {
  readonly imageId: string;
  readonly region: string;
}

export type StartOutcome =
  | { readonly ok: true; readonly imageId: string; readonly startedAt: number; readonly waitedMs: number }
  | { readonly ok: false; readonly reason: FailureReason; readonly waitedMs: number };

/**
 * Calls CopyImage for one region. The ClientToken makes every retry safe: a retried call
 * (after a lost response, say) returns the same image, never a second copy. A refusal for the
 * concurrent-copy quota is not a failure: the copy waits for capacity until the deadline.
 */
export async function startCopy(
  plan: RegionPlan,
  source: SourceRef,
  deps: StartCopyDeps,
): Promise<StartOutcome> {
  const firstTry = deps.clock.now();
  let capacityWaits = 0;
  let transientTries = 0;
  for (;;) {
    try {
      const imageId = await deps.ec2.copyImage({
        sourceImageId: source.imageId,
        sourceRegion: source.region,
        name: plan.name,
        description: plan.description,
        encrypted: plan.encrypted,
        kmsKeyId: plan.kmsKeyId,
        clientToken: plan.clientToken,
        imageTags: plan.imageTags,
        snapshotTags: plan.snapshotTags,
      });
      const startedAt = deps.clock.now();
      deps.logger.info(`${plan.region}: copy started: ${imageId} '${plan.name}'.`);
      return { ok: true, imageId, startedAt, waitedMs: startedAt - firstTry };
    } catch (error) {
      const code = awsErrorCode(error);
      let delay: number;
      if (code === 'ResourceLimitExceeded') {
        if (capacityWaits === 0) {
          deps.logger.info(`${plan.region}: concurrent-copy quota is full; the copy waits for capacity.`);
          deps.onQueued?.(plan.region);
        }
        delay = Math.min(CAPACITY_RETRY_FIRST_MS * 2 ** capacityWaits, CAPACITY_RETRY_CAP_MS);
        capacityWaits += 1;
      } else if (isTransientError(error) && transientTries < TRANSIENT_TRIES) {
        transientTries += 1;
        delay = 2_000 * 2 ** transientTries;
      } else {
        return {
          ok: false,
          reason: { code, message: awsErrorMessage(error) },
          waitedMs: deps.clock.now() - firstTry,
        };
      }
      if (deps.clock.now() + delay > deps.deadline) {
        return {
          ok: false,
          reason: { code, message: `Still refused when the timeout ran out: ${awsErrorMessage(error)}` },
          waitedMs: deps.clock.now() - firstTry,
        };
      }
      try {
        await deps.clock.sleep(delay, deps.signal);
      } catch {
        return {
          ok: false,
          reason: { code: 'cancelled', message: 'The run was cancelled before the copy could start.' },
          waitedMs: deps.clock.now() - firstTry,
        };
      }
    }
  }
}
