/**
 * What a region's loop tells the log, computed from its state: the progress line of each pending
 * copy (percent and time left) and the debug description of a round's plans.
 */
import { formatDuration, type ImageProgressLine } from './poll-log.js';
import { estimateFor, type ImagePlan, type PollParams } from './poll-schedule.js';
import type { RegionWatchState } from './region-watch-state.js';

export function progressLines(
  { pending }: Pick<RegionWatchState, 'pending'>,
  now: number,
  params: PollParams,
): ImageProgressLine[] {
  return [...pending.entries()].map(([imageId, { view }]) => {
    const estimate = view.progressAvailable ? estimateFor(view, now, params) : undefined;
    // Midway through the window; a stall (latest before earliest) shows no figure.
    const expected =
      estimate?.observed && estimate.latest !== undefined && estimate.latest >= estimate.earliest
        ? (estimate.earliest + estimate.latest) / 2
        : undefined;
    return {
      imageId,
      percent: view.history.lastPercent,
      leftMs: expected !== undefined ? expected - now : undefined,
    };
  });
}

/** `ami-… approach, window in 12m 30s..14m 05s; ami-… flat` for debug lines. */
export function describePlans(plans: ReadonlyMap<string, ImagePlan>, now: number): string {
  return [...plans].map(([imageId, plan]) => describePlan(imageId, plan, now)).join('; ');
}

function describePlan(imageId: string, plan: ImagePlan, now: number): string {
  const estimate = plan.estimate;
  if (!estimate) return `${imageId} ${plan.phase}`;
  const latest = estimate.latest !== undefined ? formatDuration(estimate.latest - now) : '?';
  return `${imageId} ${plan.phase}, window in ${formatDuration(estimate.earliest - now)}..${latest}`;
}
