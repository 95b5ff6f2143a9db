/**
 * Waits for the pending copies of ONE region: each round makes at most one batched
 * DescribeCopySnapshots (progress, for the images whose estimate needs it) and one batched
 * DescribeImages (every pending image of the region), then plans the next round with
 * `poll-schedule.ts`. Errors shape the schedule: throttling and transient failures back off,
 * permanent ones end the region's copies as `failed` (see `poll-errors.ts`).
 */
import { isCredentialError } from '../aws/errors.js';
import type { Ec2Region, ImageInfo } from '../aws/types.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { guardCall, StopSignal } from './call-guard.js';
import { FAILED_IMAGE_STATES, failedStateReason, vanishedReason } from './image-final-states.js';
import { classifyPollError, pollErrorReason, UNKNOWN_ERROR_LIMIT } from './poll-errors.js';
import { EMPTY_HISTORY, estimateCompletion, recordProgress } from './poll-estimate.js';
import type { RegistrationLag } from './poll-lag.js';
import { formatDuration, type ProgressLog } from './poll-log.js';
import { readProgress } from './poll-progress.js';
import {
  backoffLevelCap,
  FRESH_REGION,
  type ImagePlan,
  type ImageView,
  notePoll,
  type PollParams,
  planImage,
  planRegion,
  type RegionCallState,
  type RegionPlan,
} from './poll-schedule.js';
import type { WaitOutcome, WaitState, WaitTarget } from './wait-types.js';

export interface RegionWatchOptions {
  readonly params: PollParams;
  readonly random: () => number;
  /** After its start, an image may be unlisted this long before it counts as gone. */
  readonly visibilityGraceMs: number;
  /** A snapshot lookup that finds nothing this long after the start stops asking (no progress). */
  readonly snapshotLookupGraceMs: number;
  /** A call still in flight this long after the deadline is abandoned. */
  readonly deadlineCallGraceMs: number;
}

export interface RegionWatchContext {
  readonly ec2: Ec2Region;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
  readonly settle: (outcome: WaitOutcome) => void;
  readonly progressLog: ProgressLog;
  /** Shared by every region of the run. */
  readonly registrationLag: RegistrationLag;
}

interface Tracked {
  readonly target: WaitTarget;
  view: Omit<ImageView, 'registrationLagMs'> & {
    /** Last time its snapshots were seen unfinished. */
    readonly snapshotsUnfinishedAt: number | undefined;
  };
  image: ImageInfo | undefined;
  snapshotMisses: number;
}

export class RegionWatch {
  private readonly pending = new Map<string, Tracked>();
  private calls: RegionCallState = FRESH_REGION;
  private unknownImageErrors = 0;
  private unknownSnapshotErrors = 0;
  private readonly startedAt: number;

  constructor(
    private readonly region: string,
    targets: readonly WaitTarget[],
    private readonly ctx: RegionWatchContext,
    private readonly options: RegionWatchOptions,
  ) {
    for (const target of targets) {
      this.pending.set(target.imageId, {
        target,
        image: undefined,
        snapshotMisses: 0,
        view: {
          startedAt: target.startedAt,
          sizeGiB: target.sizeGiB,
          history: EMPTY_HISTORY,
          snapshotsDoneAt: undefined,
          imageSeenAt: undefined,
          aliveAt: undefined,
          progressAvailable: true,
          missingSince: undefined,
          snapshotsUnfinishedAt: undefined,
        },
      });
    }
    this.startedAt = Math.min(...targets.map((t) => t.startedAt));
  }

  async run(): Promise<void> {
    const { clock, signal, deadline } = this.ctx;
    try {
      while (this.pending.size > 0) {
        if (signal?.aborted) throw new StopSignal('cancelled');
        const now = clock.now();
        const plans = this.plans(now);
        const next = planRegion(plans, this.calls, now, deadline, this.options.params, this.options.random());
        if (next.at > now) await clock.sleep(next.at - now, signal);
        this.ctx.logger.debug(
          `${this.region}: poll (${[...plans].map(([id, plan]) => describePlan(id, plan, now)).join('; ')})`,
        );
        await this.round(next);
        if (next.final) break;
      }
      this.settleAll('timed-out', undefined);
    } catch (error) {
      if (error instanceof StopSignal) this.settleAll(error.state, undefined);
      else if (signal?.aborted) this.settleAll('cancelled', undefined);
      else {
        // A bug must not hang the run: end the region's copies with the error as the reason.
        this.ctx.logger.warning(`${this.region}: the wait stopped on an unexpected error: ${String(error)}`);
        this.settleAll('failed', { code: 'PollerError', message: String(error) });
      }
    }
  }

  private plans(now: number): Map<string, ImagePlan> {
    const plans = new Map<string, ImagePlan>();
    const registrationLagMs =
      this.ctx.registrationLag.firstLookAfterMs(this.options.params.nearIntervalMs / 2) ?? 0;
    for (const [imageId, tracked] of this.pending) {
      plans.set(imageId, planImage({ ...tracked.view, registrationLagMs }, now, this.options.params));
    }
    return plans;
  }

  private async round(next: RegionPlan): Promise<void> {
    const { clock, ec2 } = this.ctx;
    this.calls = notePoll(this.calls, clock.now());
    let throttled = false;
    let failedTransiently = false;
    let wantImages = next.imageCheck;

    const progressIds = next.progressFor.filter((id) => this.pending.get(id)?.view.progressAvailable);
    if (progressIds.length > 0) {
      try {
        const snapshots = await this.guard(ec2.describeCopySnapshots(progressIds));
        this.unknownSnapshotErrors = 0;
        if (this.noteProgress(progressIds, readProgress(snapshots), clock.now())) wantImages = true;
      } catch (error) {
        if (error instanceof StopSignal) throw error;
        const kind = classifyPollError(error);
        if (kind === 'throttled') throttled = true;
        else if (kind === 'transient') failedTransiently = true;
        else if (kind === 'unknown' && ++this.unknownSnapshotErrors < UNKNOWN_ERROR_LIMIT)
          failedTransiently = true;
        else {
          // Permanent. Credentials that no longer work fail DescribeImages too, which then ends
          // the region with AWS's reason; a mere DescribeSnapshots denial only costs progress.
          if (!isCredentialError(error))
            this.giveUpProgress(pollErrorReason(error, 'DescribeSnapshots').message);
          wantImages = true;
        }
        this.ctx.logger.debug(`${this.region}: DescribeSnapshots: ${String(error)}`);
      }
    }

    if (wantImages && !throttled && this.pending.size > 0) {
      try {
        const images = await this.guard(ec2.describeImages([...this.pending.keys()]));
        this.unknownImageErrors = 0;
        this.noteImages(images, clock.now());
      } catch (error) {
        if (error instanceof StopSignal) throw error;
        const kind = classifyPollError(error);
        this.ctx.logger.debug(`${this.region}: DescribeImages: ${String(error)}`);
        if (kind === 'throttled') throttled = true;
        else if (kind === 'transient') failedTransiently = true;
        else if (kind === 'unknown' && ++this.unknownImageErrors < UNKNOWN_ERROR_LIMIT)
          failedTransiently = true;
        else this.settleAll('failed', pollErrorReason(error, 'DescribeImages'));
      }
    }

    this.noteCallOutcome(throttled, failedTransiently);
    this.logProgress(clock.now());
  }

  /** Records progress; true when something suggests the images' state changed. */
  private noteProgress(
    imageIds: readonly string[],
    readings: ReturnType<typeof readProgress>,
    now: number,
  ): boolean {
    let changed = false;
    for (const imageId of imageIds) {
      const tracked = this.pending.get(imageId);
      if (!tracked) continue;
      const reading = readings.get(imageId);
      if (!reading) {
        // Not found: maybe not created yet, maybe the copy failed. Check the image.
        changed = true;
        tracked.snapshotMisses++;
        if (
          tracked.snapshotMisses >= 3 &&
          now - tracked.target.startedAt >= this.options.snapshotLookupGraceMs
        ) {
          tracked.view = { ...tracked.view, progressAvailable: false };
          this.ctx.logger.debug(`${this.region}: no snapshot found for ${imageId}; waiting without progress`);
        }
        continue;
      }
      tracked.snapshotMisses = 0;
      // Snapshots done: the image follows after the registration lag. Look right away only
      // while that lag is unknown (or short); otherwise the finishing phase aims at it.
      const lagKnown =
        (this.ctx.registrationLag.firstLookAfterMs(this.options.params.nearIntervalMs / 2) ?? 0) >=
        this.options.params.minIntervalMs;
      if (reading.anyError || (reading.allCompleted && !lagKnown)) changed = true;
      tracked.view = {
        ...tracked.view,
        aliveAt: reading.anyError ? tracked.view.aliveAt : now,
        history: recordProgress(tracked.view.history, reading.percent, now),
        snapshotsDoneAt: reading.allCompleted
          ? (tracked.view.snapshotsDoneAt ?? now)
          : tracked.view.snapshotsDoneAt,
        snapshotsUnfinishedAt: reading.allCompleted ? tracked.view.snapshotsUnfinishedAt : now,
      };
    }
    return changed;
  }

  private noteImages(images: readonly ImageInfo[], now: number): void {
    const byId = new Map(images.map((image) => [image.imageId, image]));
    for (const [imageId, tracked] of [...this.pending]) {
      const image = byId.get(imageId);
      if (!image) {
        this.noteMissing(imageId, tracked, now);
        continue;
      }
      tracked.image = image;
      tracked.view = { ...tracked.view, imageSeenAt: now, aliveAt: now, missingSince: undefined };
      // What this answer says about the registration lag (snapshots done -> image available).
      const { snapshotsDoneAt } = tracked.view;
      if (image.state === 'available' && tracked.view.snapshotsUnfinishedAt !== undefined) {
        this.ctx.registrationLag.noteAvailable(now - tracked.view.snapshotsUnfinishedAt);
      } else if (image.state !== 'available' && snapshotsDoneAt !== undefined) {
        this.ctx.registrationLag.notePending(now - snapshotsDoneAt);
      }
      if (image.state === 'available') {
        this.settleOne(tracked, 'available', undefined, now);
      } else if (FAILED_IMAGE_STATES.has(image.state)) {
        this.settleOne(tracked, 'failed', failedStateReason(image), now);
      }
    }
  }

  private noteMissing(imageId: string, tracked: Tracked, now: number): void {
    const withinGrace = now - tracked.target.startedAt < this.options.visibilityGraceMs;
    if (tracked.view.missingSince === undefined || withinGrace) {
      tracked.view = { ...tracked.view, missingSince: tracked.view.missingSince ?? now };
      return;
    }
    this.settleOne(tracked, 'failed', vanishedReason(this.region, imageId), now);
  }

  private noteCallOutcome(throttled: boolean, failedTransiently: boolean): void {
    const before = this.calls.throttleLevel;
    // Up by one per throttled round; halved by a clean one (the budget is back, but gently).
    const { throttleBaseMs, throttleMaxMs } = this.options.params;
    const cap = backoffLevelCap(throttleBaseMs, throttleMaxMs);
    const throttleLevel = throttled ? Math.min(before + 1, cap) : Math.floor(before / 2);
    const errorLevel = failedTransiently ? this.calls.errorLevel + 1 : 0;
    this.calls = { ...this.calls, throttleLevel, errorLevel };
    if (throttled && before === 0) {
      this.ctx.logger.info(
        `${this.region}: EC2 is throttling requests; polling this region less often for a while`,
      );
    }
  }

  private giveUpProgress(why: string): void {
    this.ctx.logger.warning(
      `${this.region}: cannot read snapshot progress (${why}); waiting without progress estimates. Allow ec2:DescribeSnapshots for closer estimates.`,
    );
    for (const tracked of this.pending.values()) tracked.view = { ...tracked.view, progressAvailable: false };
  }

  private logProgress(now: number): void {
    const lines = [...this.pending.entries()].map(([imageId, tracked]) => {
      const estimate = tracked.view.progressAvailable
        ? estimateCompletion({
            history: tracked.view.history,
            sizeGiB: tracked.view.sizeGiB,
            fastestCopyMiBps: this.options.params.fastestCopyMiBps,
          })
        : undefined;
      // Midway through the window; a stall (latest before earliest) shows no figure.
      const expected =
        estimate?.observed && estimate.latest !== undefined && estimate.latest >= estimate.earliest
          ? (estimate.earliest + estimate.latest) / 2
          : undefined;
      return {
        imageId,
        percent: tracked.view.history.lastPercent,
        leftMs: expected !== undefined ? expected - now : undefined,
      };
    });
    this.ctx.progressLog.progress(this.region, lines, now, this.startedAt);
  }

  private settleOne(
    tracked: Tracked,
    state: WaitState,
    reason: WaitOutcome['reason'],
    observedAt: number | undefined,
  ): void {
    if (!this.pending.delete(tracked.target.imageId)) return;
    this.ctx.settle({
      region: this.region,
      imageId: tracked.target.imageId,
      state,
      reason,
      observedAt,
      image: tracked.image,
      progressPercent: state === 'available' ? 100 : tracked.view.history.lastPercent,
    });
  }

  private settleAll(state: WaitState, reason: WaitOutcome['reason']): void {
    const observedAt = state === 'failed' ? this.ctx.clock.now() : undefined;
    for (const tracked of [...this.pending.values()]) this.settleOne(tracked, state, reason, observedAt);
  }

  private guard<T>(call: Promise<T>): Promise<T> {
    const { clock, signal, deadline } = this.ctx;
    return guardCall(call, {
      clock,
      signal,
      deadline,
      deadlineCallGraceMs: this.options.deadlineCallGraceMs,
    });
  }
}

/** `ami-… approach, window in 12m 30s..14m 05s` for debug lines. */
function describePlan(imageId: string, plan: ImagePlan, now: number): string {
  const estimate = plan.estimate;
  if (!estimate) return `${imageId} ${plan.phase}`;
  const latest = estimate.latest !== undefined ? formatDuration(estimate.latest - now) : '?';
  return `${imageId} ${plan.phase}, window in ${formatDuration(estimate.earliest - now)}..${latest}`;
}
