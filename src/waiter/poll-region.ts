/**
 * Waits for the pending copies of ONE region: each round makes at most one batched
 * DescribeCopySnapshots (progress, for the images whose estimate needs it; none while the region
 * is throttled) and one batched DescribeImages (every pending image of the region; never dropped
 * because DescribeSnapshots failed; in a region whose calls the SDK has had to retry, the two
 * calls are spaced by the region's pace too), then plans the next round
 * (`poll-schedule.ts` per image, `region-schedule.ts` for the round). This class only makes the
 * calls, sleeps, honours the signal and the deadline, settles and logs; what an answer or an
 * error changes is `region-watch-state.ts`.
 */
import { isCredentialError } from '../aws/errors.js';
import type { Ec2Region } from '../aws/types.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { type CallLimits, guardCall, StopSignal } from './call-guard.js';
import { pollErrorReason } from './poll-errors.js';
import type { RegistrationLag } from './poll-lag.js';
import type { ProgressLog } from './poll-log.js';
import type { PollParams } from './poll-schedule.js';
import { pacedFrom, planRegion, type RegionPlan } from './region-schedule.js';
import * as watch from './region-watch-state.js';
import type { WaitOutcome, WaitState, WaitTarget } from './wait-types.js';
import { describePlans, progressLines } from './watch-report.js';

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

export class RegionWatch {
  private state: watch.RegionWatchState;
  private readonly startedAt: number;
  private readonly limits: CallLimits;
  private pacedBefore = false;

  constructor(
    private readonly region: string,
    targets: readonly WaitTarget[],
    private readonly ctx: RegionWatchContext,
    private readonly options: RegionWatchOptions,
  ) {
    this.state = watch.startRegionWatch(region, targets);
    this.startedAt = Math.min(...targets.map((t) => t.startedAt));
    const { clock, signal, deadline } = ctx;
    this.limits = { clock, signal, deadline, deadlineCallGraceMs: options.deadlineCallGraceMs };
  }

  async run(): Promise<void> {
    const { clock, signal, deadline } = this.ctx;
    const { params, random } = this.options;
    try {
      while (this.state.pending.size > 0) {
        if (signal?.aborted) throw new StopSignal('cancelled');
        const now = clock.now();
        const plans = watch.planImages(this.state, now, params, this.lagFigures());
        const next = planRegion(plans, this.state.calls, now, deadline, params, random());
        if (next.at > now) await clock.sleep(next.at - now, signal);
        this.ctx.logger.debug(`${this.region}: poll (${describePlans(plans, now)})`);
        await this.round(next);
        if (next.final) break;
      }
      this.finishAll('timed-out', undefined);
    } catch (error) {
      if (error instanceof StopSignal) this.finishAll(error.state, undefined);
      else if (signal?.aborted) this.finishAll('cancelled', undefined);
      else {
        // A bug must not hang the run: end the region's copies with the error as the reason.
        this.ctx.logger.warning(`${this.region}: the wait stopped on an unexpected error: ${String(error)}`);
        this.finishAll('failed', { code: 'PollerError', message: String(error) });
      }
    }
  }

  private async round(next: RegionPlan): Promise<void> {
    const { clock, ec2, logger, registrationLag } = this.ctx;
    const { params } = this.options;
    // A region EC2 is throttling gets the one look that answers: DescribeImages. Each call there
    // costs several SDK attempts of a budget other pipelines share; progress can wait.
    const throttled = this.state.calls.throttleLevel > 0;
    this.state = watch.onRoundStart(this.state, clock.now());
    let wantImages = next.imageCheck || throttled;

    const progressIds = throttled ? [] : watch.withReadableProgress(this.state, next.progressFor);
    if (progressIds.length > 0) {
      try {
        const snapshots = await this.call(() => ec2.describeCopySnapshots(progressIds));
        const lagKnown = this.lagFigures().registrationLagMs >= params.minIntervalMs;
        const rules = { snapshotLookupGraceMs: this.options.snapshotLookupGraceMs, lagKnown };
        const seen = watch.onSnapshotsAnswer(this.state, progressIds, snapshots, clock.now(), rules);
        this.state = seen.state;
        for (const id of seen.progressLost)
          logger.debug(`${this.region}: no snapshot found for ${id}; waiting without progress`);
        if (seen.lookAtImages) wantImages = true;
      } catch (error) {
        if (error instanceof StopSignal) throw error;
        if (this.callFailed('snapshots', error)) {
          // Credentials that no longer work fail DescribeImages too, which then ends the region
          // with AWS's reason; a mere DescribeSnapshots denial only costs progress.
          if (!isCredentialError(error))
            this.giveUpProgress(pollErrorReason(error, 'DescribeSnapshots').message);
          wantImages = true;
        }
        logger.debug(`${this.region}: DescribeSnapshots: ${String(error)}`);
      }
    }

    // Even when DescribeSnapshots was throttled: the image may be done, and progress was only
    // ever a way to time this call.
    if (wantImages && this.state.pending.size > 0) {
      try {
        const ids = [...this.state.pending.keys()];
        const images = await this.call(() => ec2.describeImages(ids));
        const seen = watch.onImagesAnswer(this.state, images, clock.now(), this.options.visibilityGraceMs);
        this.state = seen.state;
        for (const lag of seen.lags) registrationLag.note(lag);
        for (const outcome of seen.finished) this.ctx.settle(outcome);
      } catch (error) {
        if (error instanceof StopSignal) throw error;
        logger.debug(`${this.region}: DescribeImages: ${String(error)}`);
        if (this.callFailed('images', error))
          this.finishAll('failed', pollErrorReason(error, 'DescribeImages'));
      }
    }

    const ended = watch.onRoundEnd(this.state, params);
    this.state = ended.state;
    if (ended.throttlingStarted) {
      logger.info(`${this.region}: EC2 is throttling requests; polling this region less often for a while`);
    }
    const now = clock.now();
    this.ctx.progressLog.progress(this.region, progressLines(this.state, now, params), now, this.startedAt);
  }

  /**
   * One call of a round: not before the region's pace allows (a round's second call included),
   * raced against the deadline and the signal; the SDK's retries of it teach the pace.
   */
  private async call<T>(send: () => Promise<T>): Promise<T> {
    const { clock, ec2, signal, deadline } = this.ctx;
    const { params, random } = this.options;
    const paced = this.state.calls.paceMs > 0 ? pacedFrom(this.state.calls, params, random()) : undefined;
    if (paced !== undefined) {
      // Never past the deadline: the last look is made then, paced or not.
      const wait = Math.min(paced, deadline) - clock.now();
      if (wait > 0) {
        // A cancel during the wait ends the region, it is not a failed call.
        await clock.sleep(wait, signal).catch((error: unknown) => {
          throw signal?.aborted ? new StopSignal('cancelled') : error;
        });
      }
    }
    const before = ec2.describeRetries?.() ?? 0;
    const startedAt = clock.now();
    try {
      return await guardCall(send(), this.limits);
    } finally {
      const retries = (ec2.describeRetries?.() ?? 0) - before;
      const wasPaced = this.state.calls.paceMs > 0;
      this.state = watch.onCallEnded(this.state, retries, startedAt, clock.now(), params);
      if (!wasPaced && this.state.calls.paceMs > 0) this.notePaced(retries);
    }
  }

  /** Pacing started: said once per region (later paces of the region go to the debug log). */
  private notePaced(retries: number): void {
    const message = `${this.region}: a call got through only after ${retries} retries (the account's EC2 request budget here is spent by others); spacing this region's calls at least ${Math.round(this.state.calls.paceMs / 1000)} s apart while that lasts`;
    if (this.pacedBefore) this.ctx.logger.debug(message);
    else this.ctx.logger.info(message);
    this.pacedBefore = true;
  }

  /** The run's registration lags as the schedule uses them (0 while unknown). */
  private lagFigures(): watch.LagFigures {
    const lag = this.ctx.registrationLag;
    return {
      registrationLagMs: lag.firstLookAfterMs(this.options.params.nearIntervalMs / 2) ?? 0,
      registrationLagSpreadMs: lag.spreadMs(),
    };
  }

  /** Books a failed call; true when it is permanent. */
  private callFailed(api: watch.PollApi, error: unknown): boolean {
    const failed = watch.onCallError(this.state, api, error);
    this.state = failed.state;
    return failed.permanent;
  }

  private giveUpProgress(why: string): void {
    this.ctx.logger.warning(
      `${this.region}: cannot read snapshot progress (${why}); waiting without progress estimates. Allow ec2:DescribeSnapshots for closer estimates.`,
    );
    this.state = watch.withoutProgress(this.state);
  }

  private finishAll(state: WaitState, reason: WaitOutcome['reason']): void {
    const observedAt = state === 'failed' ? this.ctx.clock.now() : undefined;
    const done = watch.finishAll(this.state, state, reason, observedAt);
    this.state = done.state;
    for (const outcome of done.finished) this.ctx.settle(outcome);
  }
}
