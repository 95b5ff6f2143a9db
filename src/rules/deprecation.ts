import { DEPRECATION_DURATION, formatDuration, parseDuration } from '../config/duration.js';
import { accept, type Checked, quote, reject } from '../config/problems.js';

/**
 * When the copies are deprecated (EnableImageDeprecation's DeprecateAt): an absolute time from
 * deprecate-at, or a delay from deprecate-after counted from when the copy is deprecated. AWS
 * takes whole minutes in UTC, in the future, at most 10 years ahead. Rules only: `now` is given.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * 10 years as 3650 days. Ten calendar years hold 2 or 3 leap days (3652 or 3653 days), so
 * 3650 days is within AWS's limit however AWS counts its years, and the 2 days to spare cover
 * the hours between checking the inputs and the copy being ready to deprecate.
 */
export const MAX_DEPRECATION_MS: number = 3650 * DAY_MS;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * `YYYY-MM-DD`, then optionally `T` (or a space) `HH:MM[:SS[.fraction]]` and a zone: `Z` or an
 * offset `+HH:MM`, `+HHMM`, `+HH`. Lowercase `t` and `z` are RFC 3339's and taken too.
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** The whole minute at or after `ms`. */
function ceilMinute(ms: number): number {
  return Math.ceil(ms / MINUTE_MS) * MINUTE_MS;
}

/** `2027-06-01T12:00Z`: minutes, UTC, as AWS will keep it. */
function minuteText(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Epoch ms of a UTC date and time; unlike Date.UTC, years 0-99 stay themselves. */
function utc(year: number, month: number, day: number, hour: number, minute: number, ms: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, 0, 0);
  return date.getTime() + ms;
}

/** Milliseconds and below of `SS.fraction`, rounded up so that rounding to the minute stays up. */
function secondsMs(seconds: string | undefined, fraction: string | undefined): number {
  const digits = fraction ?? '';
  const below = /[1-9]/.test(digits.slice(3)) ? 1 : 0;
  return Number(seconds ?? 0) * 1000 + Number(digits.slice(0, 3).padEnd(3, '0')) + below;
}

/**
 * Parses an absolute UTC date-time (ISO 8601: 2027-06-01, 2027-06-01T12:00Z,
 * 2027-06-01T12:00:00Z, with or without seconds; an explicit offset other than Z/+00:00 is
 * accepted and converted, a time without zone is refused as ambiguous; a date alone is 00:00
 * UTC that day) and checks it against `now`.
 *
 * Rounded UP to the next whole minute: AWS keeps deprecation times to the minute (it rounds
 * seconds to the nearest one), and rounding up never deprecates earlier than asked. The rounded
 * time is what AWS gets, so it is the one checked: at least one minute after `now` (so 59 s
 * ahead of a `now` on a whole minute is taken, as the next minute) and at most
 * MAX_DEPRECATION_MS after it. Returns epoch ms of the rounded time.
 */
export function parseDeprecateAt(text: string, now: number): Checked<number> {
  const shown = quote(text);
  const sample = minuteText(ceilMinute(now + 180 * DAY_MS)).slice(0, 10);
  const example = `e.g. ${sample} or ${sample}T12:00Z`;
  const read = readDateTime(text, example);
  if (!read.ok) return read;
  const rounded = ceilMinute(read.value);
  const later = `, ${example}, or a delay with deprecate-after such as 180d`;
  if (read.value < now) {
    return reject(
      `${shown} is in the past (now is ${minuteText(now)}): give a time at least a minute ahead${later}`,
    );
  }
  if (rounded - now < MINUTE_MS) {
    return reject(
      `${shown} is less than a minute from now (${minuteText(now)}; AWS takes whole minutes): give a later time${later}`,
    );
  }
  if (rounded - now > MAX_DEPRECATION_MS) {
    const latest = minuteText(Math.floor((now + MAX_DEPRECATION_MS) / MINUTE_MS) * MINUTE_MS);
    return reject(
      `${shown} is more than 10 years ahead: AWS deprecates at most 10 years ahead (3650 days here), so give ${latest} or earlier`,
    );
  }
  return accept(rounded);
}

/** Epoch ms of an ISO 8601 date or date-time (not rounded), or what is wrong with it. */
function readDateTime(text: string, example: string): Checked<number> {
  const shown = quote(text);
  if (text === '') return reject(`empty: give a UTC date or date and time, ${example}`);
  if (text.trim() !== text) return reject(`${shown} has spaces around it: remove them, ${example}`);
  if (parseDuration(text, DEPRECATION_DURATION).ok) {
    return reject(
      `${shown} is a delay, not a date: give it as deprecate-after, or give deprecate-at a date, ${example}`,
    );
  }
  const unpadded = /^(\d{4})-(\d{1,2})-(\d{1,2})(.*)$/.exec(text);
  if (unpadded !== null && (unpadded[2]?.length === 1 || unpadded[3]?.length === 1)) {
    const [, year, month = '', day = '', rest] = unpadded;
    return reject(
      `${shown} needs two digits for the month and the day: write ${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}${rest}`,
    );
  }
  const match = DATE_TIME.exec(text);
  if (match === null) {
    return reject(
      `${shown} is not an ISO 8601 date: write year-month-day, with a time in UTC if you like, ${example}`,
    );
  }
  const [, yearText, monthText, dayText, hourText, minText, secText, fraction, zone] = match;
  const [year, month, day] = [Number(yearText), Number(monthText), Number(dayText)];
  const [hour, minute, second] = [Number(hourText ?? 0), Number(minText ?? 0), Number(secText ?? 0)];
  if (month < 1 || month > 12) return reject(`${shown} has no month ${monthText}: months go from 01 to 12`);
  const days = daysIn(year, month);
  if (day < 1 || day > days) {
    const leap = month === 2 && day === 29 ? ` (${year} is not a leap year)` : '';
    return reject(
      `${shown} is not a date: days in ${MONTHS[month - 1]} ${year} go from 01 to ${days}${leap}`,
    );
  }
  if (hourText !== undefined && zone === undefined) {
    return reject(
      `${shown} has no time zone, so it could mean any of 24 hours: add Z for UTC (${text}Z) or an offset (${text}+02:00)`,
    );
  }
  if (hour > 23) {
    return reject(
      `${shown} has the hour ${hourText}: hours go from 00 to 23 (24:00 is the next day's 00:00)`,
    );
  }
  if (minute > 59) return reject(`${shown} has the minute ${minText}: minutes go from 00 to 59`);
  if (second > 59) return reject(`${shown} has the second ${secText}: seconds go from 00 to 59`);
  const offset = zoneOffsetMinutes(zone);
  if (offset === undefined) {
    return reject(
      `${shown} has the offset ${zone}, which no time zone has: offsets go from -12:00 to +14:00`,
    );
  }
  return accept(utc(year, month, day, hour, minute, secondsMs(secText, fraction)) - offset * MINUTE_MS);
}

/** Minutes east of UTC for `Z`, `+02:00`, `-0530`, `+05`; undefined for no real offset. */
function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const [, sign = '+', hours = '0', minutes = '0'] = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) ?? [];
  const total = Number(hours) * 60 + Number(minutes);
  if (Number(minutes) > 59) return undefined;
  if (sign === '+' ? total > 14 * 60 : total > 12 * 60) return undefined;
  return sign === '+' ? total : -total;
}

/**
 * Checks a relative deprecation delay already parsed into ms (from `deprecate-after`, e.g.
 * 180d): positive, at most 10 years (MAX_DEPRECATION_MS); returns it.
 */
export function checkDeprecateAfter(ms: number): Checked<number> {
  if (!Number.isFinite(ms) || ms <= 0) {
    return reject('the delay is not positive: give one such as 180d or 90d12h');
  }
  if (ms > MAX_DEPRECATION_MS) {
    return reject(
      `${formatDuration(ms, { days: true })} is more than 10 years: AWS deprecates at most 10 years ahead, give at most 3650d`,
    );
  }
  return accept(ms);
}

/** The deprecation time for a delay counted from `now`, rounded up to the minute. */
export function deprecationTime(now: number, afterMs: number): number {
  return ceilMinute(now + afterMs);
}
