import { accept, type Checked, quote, reject } from './problems.js';

/**
 * Durations: whole numbers with a unit, largest unit first, each unit at most once:
 * `90s`, `45m`, `2h`, `2h30m`, `1h30m15s`, `90d12h`. Spaces between the parts are allowed
 * (`1h 30m`). Units are lowercase d, h, m, s; each input allows some of them (DurationRules).
 * Bare numbers are refused (is `90` seconds or minutes?).
 */

type Unit = 'd' | 'h' | 'm' | 's';

export interface DurationRules {
  /** The units this input takes, largest first. */
  readonly units: readonly Unit[];
  readonly maxMs: number;
  /** The maximum as written in messages (`72h`). */
  readonly maxText: string;
  /** example shown in messages */
  readonly example: string;
  /** Why there is a maximum, shown in brackets after it (optional). */
  readonly maxNote?: string;
}

const UNIT_MS: Readonly<Record<Unit, number>> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };
const UNIT_NAME: Readonly<Record<Unit, string>> = { d: 'days', h: 'hours', m: 'minutes', s: 'seconds' };
const ALL_UNITS: readonly Unit[] = ['d', 'h', 'm', 's'];

export const MAX_TIMEOUT_MS = 72 * UNIT_MS.h;

/** The timeout's rules, and the default: h, m, s up to 72h. */
export const TIMEOUT_DURATION: DurationRules = {
  units: ['h', 'm', 's'],
  maxMs: MAX_TIMEOUT_MS,
  maxText: '72h',
  example: 'e.g. 90m, 2h or 2h30m',
  maxNote: 'GitHub-hosted jobs stop after 6h anyway',
};

/**
 * deprecate-after: d, h, m up to 3650 days, the limit of rules/deprecation.ts
 * (MAX_DEPRECATION_MS; a test holds the two equal, this file cannot import it without a cycle).
 */
export const DEPRECATION_DURATION: DurationRules = {
  units: ['d', 'h', 'm'],
  maxMs: 3650 * UNIT_MS.d,
  maxText: '3650d',
  example: 'e.g. 180d, 90d or 90d12h',
  maxNote: 'about 10 years, the longest AWS allows',
};

/** copy-completion-duration: h, m up to 48h (rules/copy-duration.ts checks the 15-minute steps). */
export const COPY_DURATION: DurationRules = {
  units: ['h', 'm'],
  maxMs: 48 * UNIT_MS.h,
  maxText: '48h',
  example: 'e.g. 2h, 45m or 1h30m',
  maxNote: 'the longest time-based copy AWS offers',
};

/** `^(?:(\d+)d)?\s*(?:(\d+)h)?…$` over the given units, in the order d, h, m, s. */
function durationPattern(units: readonly Unit[]): RegExp {
  const parts = ALL_UNITS.filter((unit) => units.includes(unit)).map((unit) => `(?:(\\d+)${unit})?`);
  return new RegExp(`^${parts.join('\\s*')}$`);
}

/** `h, m or s` */
function listUnits(units: readonly Unit[]): string {
  const names = ALL_UNITS.filter((unit) => units.includes(unit));
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

function fractionHint(units: readonly Unit[]): string {
  if (units.includes('d') && units.includes('h')) return ', e.g. 1d12h instead of 1.5d';
  if (units.includes('h') && units.includes('m')) return ', e.g. 1h30m instead of 1.5h';
  return '';
}

/** Reads a duration by `rules` (default: the timeout's) into milliseconds. */
export function parseDuration(text: string, rules: DurationRules = TIMEOUT_DURATION): Checked<number> {
  const shown = quote(text);
  const { example } = rules;
  const units = ALL_UNITS.filter((unit) => rules.units.includes(unit));
  if (text === '') return reject(`empty: give a duration, ${example}`);
  if (/^[+-]?\d+(\.\d+)?$/.test(text)) {
    const legend = units.map((unit) => `${unit} = ${UNIT_NAME[unit]}`).join(', ');
    return reject(`${shown} has no unit: add one, ${example} (${legend})`);
  }
  if (text.startsWith('-')) return reject(`${shown} is negative: give a positive duration, ${example}`);
  if (/\d\.\d/.test(text)) return reject(`${shown} has a fraction: use whole numbers${fractionHint(units)}`);
  const match = durationPattern(units).exec(text);
  if (match === null || text.trim() === '' || /^\s|\s$/.test(text)) {
    // A unit this input does not take (`1d` for the timeout) lands here too: the message lists
    // the units it does take.
    return reject(
      `${shown} is not a duration: write whole numbers with a lowercase unit ${listUnits(units)}, largest first, ${example}`,
    );
  }
  const ms = units.reduce((sum, unit, index) => sum + Number(match[index + 1] ?? 0) * UNIT_MS[unit], 0);
  if (ms === 0) return reject(`${shown} is zero: give a positive duration, ${example}`);
  if (ms > rules.maxMs) {
    const note = rules.maxNote === undefined ? '' : ` (${rules.maxNote})`;
    return reject(
      `${shown} is longer than the ${rules.maxText} maximum: give at most ${rules.maxText}${note}`,
    );
  }
  return accept(ms);
}

export interface FormatOptions {
  /** Writes whole days as `d` (`90d12h`); without it hours go on counting (`2172h`). */
  readonly days?: boolean;
}

/** Renders milliseconds as the shortest duration text parseDuration accepts back (`2h30m`). */
export function formatDuration(ms: number, options: FormatOptions = {}): string {
  const totalSeconds = Math.round(ms / 1000);
  const days = options.days === true ? Math.floor(totalSeconds / 86_400) : 0;
  const hours = Math.floor((totalSeconds - days * 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const text = `${days > 0 ? `${days}d` : ''}${hours > 0 ? `${hours}h` : ''}${minutes > 0 ? `${minutes}m` : ''}${seconds > 0 ? `${seconds}s` : ''}`;
  return text === '' ? '0s' : text;
}
