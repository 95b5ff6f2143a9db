/**
 * The wait: one poller for the whole run. Each region is watched by its own loop
 * (`poll-region.ts`) that batches all of that region's pending images into one DescribeImages
 * (and one DescribeSnapshots when progress helps the estimate), on a schedule driven by each
 * copy's estimated time to completion (`poll-schedule.ts`). A slow or throttled region never
 * delays another.
 */
import { RegistrationLag } from './poll-lag.js';
import { ProgressLog, type ProgressLogOptions } from './poll-log.js';
import { RegionWatch } from './poll-region.js';
import { DEFAULT_POLL_PARAMS, type PollParams } from './poll-schedule.js';
import type { WaitForImages, WaitOutcome, WaitTarget } from './wait-types.js';

export interface PollerOptions {
  /** Overrides of the schedule's parameters (see `DEFAULT_POLL_PARAMS`). */
  readonly params?: Partial<PollParams>;
  /** Uniform [0, 1) numbers for jitter; `Math.random` by default (the benchmark seeds it). */
  readonly random?: () => number;
  /** After its start, an image may be missing from DescribeImages this long (eventual consistency). */
  readonly visibilityGraceMs?: number;
  /** After its start, snapshots may be unfindable this long before progress is given up for it. */
  readonly snapshotLookupGraceMs?: number;
  /** A call in flight at the deadline may finish within this grace, then it is abandoned. */
  readonly deadlineCallGraceMs?: number;
  readonly progressLog?: ProgressLogOptions;
}

export function createWaitForImages(options: PollerOptions = {}): WaitForImages {
  const params: PollParams = { ...DEFAULT_POLL_PARAMS, ...options.params };
  const random = options.random ?? Math.random;
  const watchOptions = {
    params,
    random,
    visibilityGraceMs: options.visibilityGraceMs ?? 60_000,
    snapshotLookupGraceMs: options.snapshotLookupGraceMs ?? 10 * 60_000,
    deadlineCallGraceMs: options.deadlineCallGraceMs ?? 15_000,
  };

  return async (targets, deps) => {
    const key = (t: Pick<WaitTarget, 'region' | 'imageId'>) => `${t.region}/${t.imageId}`;
    const outcomes = new Map<string, WaitOutcome>();
    const progressLog = new ProgressLog(deps.logger, options.progressLog);
    const registrationLag = new RegistrationLag();
    const startedAt = new Map(targets.map((t) => [key(t), t.startedAt]));

    const settle = (outcome: WaitOutcome) => {
      if (outcomes.has(key(outcome))) return;
      outcomes.set(key(outcome), outcome);
      progressLog.settled(outcome, startedAt.get(key(outcome)) ?? deps.clock.now());
      try {
        deps.onSettled?.(outcome);
      } catch (error) {
        deps.logger.warning(`onSettled failed for ${outcome.region} ${outcome.imageId}: ${String(error)}`);
      }
    };

    const byRegion = new Map<string, WaitTarget[]>();
    for (const target of targets) {
      const list = byRegion.get(target.region) ?? [];
      if (!list.some((t) => t.imageId === target.imageId)) list.push(target);
      byRegion.set(target.region, list);
    }

    await Promise.all(
      [...byRegion].map(([region, list]) =>
        new RegionWatch(
          region,
          list,
          {
            ec2: deps.ec2.forRegion(region),
            clock: deps.clock,
            logger: deps.logger,
            deadline: deps.deadline,
            signal: deps.signal,
            settle,
            progressLog,
            registrationLag,
          },
          watchOptions,
        ).run(),
      ),
    );

    return targets.map(
      (target) =>
        outcomes.get(key(target)) ?? {
          region: target.region,
          imageId: target.imageId,
          state: deps.signal?.aborted ? 'cancelled' : 'timed-out',
          reason: undefined,
          observedAt: undefined,
          image: undefined,
          progressPercent: undefined,
        },
    );
  };
}

/** The poller with its default schedule. */
export const waitForImages: WaitForImages = createWaitForImages();
