/**
 * Progress lines at a readable pace: one line per region when its progress moved by at least
 * `stepPercent` points or `everyMs` passed since its last line, and one line as each copy settles.
 */
import type { Logger } from '../logger.js';
import type { WaitOutcome } from './wait-types.js';

export interface ProgressLogOptions {
  readonly stepPercent: number;
  readonly everyMs: number;
}

export const DEFAULT_PROGRESS_LOG: ProgressLogOptions = { stepPercent: 10, everyMs: 5 * 60_000 };

export interface ImageProgressLine {
  readonly imageId: string;
  readonly percent: number | undefined;
  /** Estimated ms left, if known. */
  readonly leftMs: number | undefined;
}

export class ProgressLog {
  private readonly lastLine = new Map<string, { at: number; percents: Map<string, number> }>();

  constructor(
    private readonly logger: Logger,
    private readonly options: ProgressLogOptions = DEFAULT_PROGRESS_LOG,
  ) {}

  /** Logs the region's pending images if they moved enough or it has been a while. */
  progress(region: string, images: readonly ImageProgressLine[], now: number, startedAt: number): void {
    if (images.length === 0) return;
    const previous = this.lastLine.get(region);
    const moved = images.some((image) => {
      const before = previous?.percents.get(image.imageId);
      return (
        image.percent !== undefined &&
        (before === undefined || image.percent - before >= this.options.stepPercent)
      );
    });
    const since = now - (previous?.at ?? startedAt);
    if (!moved && since < this.options.everyMs) return;
    const percents = new Map<string, number>();
    for (const image of images) if (image.percent !== undefined) percents.set(image.imageId, image.percent);
    // Keep the old percent for images without a new reading, so a step is measured from the last line.
    for (const [imageId, percent] of previous?.percents ?? [])
      if (!percents.has(imageId)) percents.set(imageId, percent);
    this.lastLine.set(region, { at: now, percents });
    const parts = images.map((image) => {
      const percent = image.percent === undefined ? 'pending' : `${image.percent}%`;
      const left =
        image.leftMs !== undefined && image.leftMs > 0 ? `, about ${formatDuration(image.leftMs)} left` : '';
      return `${image.imageId} ${percent}${left}`;
    });
    this.logger.info(`${region}: ${parts.join('; ')} (waiting ${formatDuration(now - startedAt)})`);
  }

  settled(outcome: WaitOutcome, startedAt: number): void {
    const took =
      outcome.observedAt !== undefined ? ` after ${formatDuration(outcome.observedAt - startedAt)}` : '';
    const head = `${outcome.region}: ${outcome.imageId} ${outcome.state}${took}`;
    if (outcome.state === 'available') this.logger.info(head);
    else if (outcome.reason)
      this.logger.warning(`${head}: ${outcome.reason.code}: ${outcome.reason.message}`);
    else this.logger.warning(head);
  }
}

/** `1h 02m`, `12m 05s`, `42s`. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}
