import { formatDuration } from '../config/duration.js';
import { accept, type Checked, reject } from '../config/problems.js';

/**
 * Time-based copies: CopyImage's SnapshotCopyCompletionDurationMinutes asks AWS to finish each
 * snapshot of the copy within that many minutes, 15 to 2880 (48 hours), in steps of 15. It costs
 * extra, and a snapshot too large for the time at 500 MiB/s is refused by AWS, not here.
 */

const STEP_MINUTES = 15;
const MIN_MINUTES = 15;
const MAX_MINUTES = 48 * 60;
const RANGE = 'AWS takes 15m to 48h, in steps of 15 minutes';

const written = (minutes: number) => formatDuration(minutes * 60_000);

/**
 * SnapshotCopyCompletionDurationMinutes: 15 minutes to 48 hours, in 15-minute steps. Takes a
 * duration in ms (parsed from e.g. "2h" or "45m"), returns minutes. Messages name the nearest
 * valid values (e.g. "50m is not a multiple of 15 minutes: use 45m or 1h").
 */
export function checkCopyCompletionDuration(ms: number): Checked<number> {
  if (!Number.isFinite(ms) || ms <= 0) {
    return reject(`the duration is not positive: give one such as 2h or 45m (${RANGE})`);
  }
  const minutes = ms / 60_000;
  const shown = formatDuration(ms);
  if (minutes < MIN_MINUTES) return reject(`${shown} is shorter than the 15m minimum: use 15m (${RANGE})`);
  if (minutes > MAX_MINUTES) return reject(`${shown} is longer than the 48h maximum: use 48h (${RANGE})`);
  if (minutes % STEP_MINUTES !== 0) {
    const below = Math.floor(minutes / STEP_MINUTES) * STEP_MINUTES;
    const above = below + STEP_MINUTES;
    return reject(`${shown} is not a multiple of 15 minutes: use ${written(below)} or ${written(above)}`);
  }
  return accept(minutes);
}
