import { accept, type Checked, quote, reject } from './problems.js';

/**
 * Durations: whole numbers with a unit, largest unit first, each unit at most once:
 * `90s`, `45m`, `2h`, `2h30m`, `1h30m15s`. Spaces between the parts are allowed (`1h 30m`).
 * Units are lowercase h, m, s. Bare numbers are refused (is `90` seconds or minutes?).
 */
const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1_000 } as const;
const DURATION = /^(?:(\d+)h)?\s*(?:(\d+)m)?\s*(?:(\d+)s)?$/;

export const MAX_TIMEOUT_MS = 72 * UNIT_MS.h;
const EXAMPLE = 'e.g. 90m, 2h or 2h30m';

export function parseDuration(text: string): Checked<number> {
  const shown = quote(text);
  if (text === '') return reject(`empty: give a duration, ${EXAMPLE}`);
  if (/^[+-]?\d+(\.\d+)?$/.test(text)) {
    return reject(`${shown} has no unit: add one, ${EXAMPLE} (h = hours, m = minutes, s = seconds)`);
  }
  if (text.startsWith('-')) return reject(`${shown} is negative: give a positive duration, ${EXAMPLE}`);
  if (/\d\.\d/.test(text))
    return reject(`${shown} has a fraction: use whole numbers, e.g. 1h30m instead of 1.5h`);
  const match = DURATION.exec(text);
  if (match === null || text.trim() === '' || /^\s|\s$/.test(text)) {
    return reject(
      `${shown} is not a duration: write whole numbers with a lowercase unit h, m or s, largest first, ${EXAMPLE}`,
    );
  }
  const [, hours, minutes, seconds] = match;
  const ms =
    Number(hours ?? 0) * UNIT_MS.h + Number(minutes ?? 0) * UNIT_MS.m + Number(seconds ?? 0) * UNIT_MS.s;
  if (ms === 0) return reject(`${shown} is zero: give a positive duration, ${EXAMPLE}`);
  if (ms > MAX_TIMEOUT_MS) {
    return reject(
      `${shown} is longer than the 72h maximum: give at most 72h (GitHub-hosted jobs stop after 6h anyway)`,
    );
  }
  return accept(ms);
}

/** Renders milliseconds as the shortest duration text parseDuration accepts back (`2h30m`). */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const text = `${hours > 0 ? `${hours}h` : ''}${minutes > 0 ? `${minutes}m` : ''}${seconds > 0 ? `${seconds}s` : ''}`;
  return text === '' ? '0s' : text;
}
