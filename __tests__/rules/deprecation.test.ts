import { describe, expect, it } from 'vitest';
import { DEPRECATION_DURATION, parseDuration } from '../../src/config/duration.js';
import {
  checkDeprecateAfter,
  deprecationTime,
  MAX_DEPRECATION_MS,
  parseDeprecateAt,
} from '../../src/rules/deprecation.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** 2026-11-26T03:45Z, on a whole minute. */
const NOW = Date.UTC(2026, 10, 26, 3, 45);
/** Half a minute later. */
const NOW_30S = NOW + 30_000;

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

function refusal(result: { ok: true; value: number } | { ok: false; message: string }): string {
  if (result.ok) throw new Error(`accepted as ${iso(result.value)}`);
  expect(result.message).not.toMatch(/[\r\n]/);
  return result.message;
}

describe('MAX_DEPRECATION_MS', () => {
  it('is 3650 days, the same limit deprecate-after is parsed with', () => {
    expect(MAX_DEPRECATION_MS).toBe(3650 * DAY);
    expect(DEPRECATION_DURATION.maxMs).toBe(MAX_DEPRECATION_MS);
  });
});

describe('parseDeprecateAt: forms', () => {
  it.each([
    ['2027-06-01', '2027-06-01T00:00:00.000Z'],
    ['2027-06-01T12:00Z', '2027-06-01T12:00:00.000Z'],
    ['2027-06-01T12:00:00Z', '2027-06-01T12:00:00.000Z'],
    // DescribeImages writes DeprecationTime like this: pasting it back must work.
    ['2027-06-01T12:00:00.000Z', '2027-06-01T12:00:00.000Z'],
    ['2027-06-01 12:00Z', '2027-06-01T12:00:00.000Z'],
    ['2027-06-01t12:00z', '2027-06-01T12:00:00.000Z'],
    ['2027-06-01T12:00+00:00', '2027-06-01T12:00:00.000Z'],
    ['2027-06-01T12:00-00:00', '2027-06-01T12:00:00.000Z'],
    ['2027-06-01T14:00+02:00', '2027-06-01T12:00:00.000Z'],
    ['2027-06-01T14:00+0200', '2027-06-01T12:00:00.000Z'],
    ['2027-06-01T14:00+02', '2027-06-01T12:00:00.000Z'],
    ['2027-06-01T07:30-04:30', '2027-06-01T12:00:00.000Z'],
    ['2027-06-01T00:30+01:00', '2027-05-31T23:30:00.000Z'],
    ['2027-06-01T12:00+14:00', '2027-05-31T22:00:00.000Z'],
    ['2027-06-01T12:00-12:00', '2027-06-02T00:00:00.000Z'],
    // Rounded up to the next whole minute.
    ['2027-06-01T12:00:01Z', '2027-06-01T12:01:00.000Z'],
    ['2027-06-01T12:00:59Z', '2027-06-01T12:01:00.000Z'],
    ['2027-06-01T12:00:00.001Z', '2027-06-01T12:01:00.000Z'],
    ['2027-06-01T12:00:00.0000001Z', '2027-06-01T12:01:00.000Z'],
    ['2027-06-01T12:00:00.000000Z', '2027-06-01T12:00:00.000Z'],
    ['2026-12-31T23:59:30Z', '2027-01-01T00:00:00.000Z'],
    // Leap years: divisible by 4, and by 400 for a century.
    ['2028-02-29', '2028-02-29T00:00:00.000Z'],
    ['2032-02-29T23:59Z', '2032-02-29T23:59:00.000Z'],
  ])('reads %s as %s', (text, expected) => {
    expect(parseDeprecateAt(text, NOW)).toEqual({ ok: true, value: at(expected) });
  });

  it.each([
    ['', 'empty: give a UTC date or date and time, e.g. 2027-05-25 or 2027-05-25T12:00Z'],
    [' 2027-06-01', 'has spaces around it: remove them'],
    ['2027-06-01 ', 'has spaces around it: remove them'],
    ['180d', '"180d" is a delay, not a date: give it as deprecate-after'],
    ['90d12h', 'give it as deprecate-after'],
    ['2027-6-1', '"2027-6-1" needs two digits for the month and the day: write 2027-06-01'],
    ['2027-06-1T12:00Z', 'write 2027-06-01T12:00Z'],
    ['06/01/2027', '"06/01/2027" is not an ISO 8601 date: write year-month-day'],
    ['01.06.2027', 'is not an ISO 8601 date'],
    ['1811000000', 'is not an ISO 8601 date'],
    ['next year', 'is not an ISO 8601 date'],
    ['2027-06-01T12Z', 'is not an ISO 8601 date'],
    ['2027-06-01T12:00 UTC', 'is not an ISO 8601 date'],
    ['2027-06-01T12:00:00.Z', 'is not an ISO 8601 date'],
    ['2027-06-01Z', 'is not an ISO 8601 date'],
    ['27-06-01', 'is not an ISO 8601 date'],
    ['2027-02-30', '"2027-02-30" is not a date: days in February 2027 go from 01 to 28'],
    ['2027-02-29', 'days in February 2027 go from 01 to 28 (2027 is not a leap year)'],
    ['2100-02-29', 'days in February 2100 go from 01 to 28 (2100 is not a leap year)'],
    ['2027-04-31', 'days in April 2027 go from 01 to 30'],
    ['2027-06-00', 'days in June 2027 go from 01 to 30'],
    ['2027-12-32T00:00Z', 'days in December 2027 go from 01 to 31'],
    ['2027-13-01', '"2027-13-01" has no month 13: months go from 01 to 12'],
    ['2027-00-10', 'has no month 00'],
    [
      '2027-06-01T12:00',
      '"2027-06-01T12:00" has no time zone, so it could mean any of 24 hours: add Z for UTC (2027-06-01T12:00Z) or an offset (2027-06-01T12:00+02:00)',
    ],
    ['2027-06-01T12:00:00', 'add Z for UTC (2027-06-01T12:00:00Z)'],
    ['2027-06-01 12:00', 'has no time zone'],
    ['2027-06-01T24:00Z', 'has the hour 24: hours go from 00 to 23'],
    ['2027-06-01T12:60Z', 'has the minute 60: minutes go from 00 to 59'],
    ['2027-06-01T12:00:60Z', 'has the second 60: seconds go from 00 to 59'],
    [
      '2027-06-01T12:00+15:00',
      'has the offset +15:00, which no time zone has: offsets go from -12:00 to +14:00',
    ],
    ['2027-06-01T12:00-13:00', 'has the offset -13:00'],
    ['2027-06-01T12:00+02:75', 'has the offset +02:75'],
  ])('refuses %j, saying %j', (text, says) => {
    expect(refusal(parseDeprecateAt(text, NOW))).toContain(says);
  });
});

describe('parseDeprecateAt: against now', () => {
  it.each([
    ['59 s ahead, taken as the next minute', NOW, iso(NOW + 59_000), NOW + MINUTE],
    ['one minute ahead', NOW, iso(NOW + MINUTE), NOW + MINUTE],
    ['a minute and a second ahead', NOW, iso(NOW + 61_000), NOW + 2 * MINUTE],
    ['59 s ahead of a now between minutes', NOW_30S, iso(NOW_30S + 59_000), NOW + 2 * MINUTE],
    ['3650 days ahead', NOW, iso(NOW + 3650 * DAY), NOW + 3650 * DAY],
    ['3650 days ahead, on the last minute', NOW_30S, '2036-11-23T03:45Z', at('2036-11-23T03:45Z')],
    [
      'a day ahead across 29 February',
      Date.UTC(2028, 1, 28, 12),
      '2028-02-29T12:00Z',
      Date.UTC(2028, 1, 29, 12),
    ],
  ])('accepts %s', (_label, now, text, expected) => {
    expect(parseDeprecateAt(text, now)).toEqual({ ok: true, value: expected });
  });

  it('counts 3650 days across leap days: 2036-11-23 is the last day from 2026-11-26', () => {
    expect(iso(NOW + MAX_DEPRECATION_MS)).toBe('2036-11-23T03:45:00.000Z');
  });

  it.each([
    [
      'exactly now',
      NOW,
      iso(NOW),
      'is less than a minute from now (2026-11-26T03:45Z; AWS takes whole minutes)',
    ],
    ['30 s ahead, whose minute is 30 s away', NOW_30S, '2026-11-26T03:46:00Z', 'less than a minute from now'],
    ['29 s ahead', NOW_30S, '2026-11-26T03:45:59Z', 'less than a minute from now'],
    [
      'a minute ago',
      NOW,
      '2026-11-26T03:44Z',
      '"2026-11-26T03:44Z" is in the past (now is 2026-11-26T03:45Z): give a time at least a minute ahead, e.g. 2027-05-25 or 2027-05-25T12:00Z, or a delay with deprecate-after such as 180d',
    ],
    ['a second ago', NOW, iso(NOW - 1000), 'is in the past'],
    ['a past year', NOW, '2020-01-01', 'is in the past'],
    ['today at midnight', NOW, '2026-11-26', 'is in the past'],
    [
      '3650 days and a minute ahead',
      NOW,
      iso(NOW + 3650 * DAY + MINUTE),
      'is more than 10 years ahead: AWS deprecates at most 10 years ahead (3650 days here), so give 2036-11-23T03:45Z or earlier',
    ],
    // Ten calendar years from 2026-11-26 hold three 29 Februaries: 3653 days.
    ['ten calendar years ahead', NOW, '2036-11-26T03:45Z', 'so give 2036-11-23T03:45Z or earlier'],
    ['3650 days ahead whose minute is later', NOW_30S, iso(NOW_30S + 3650 * DAY), 'more than 10 years ahead'],
    ['the year 2100', NOW, '2100-01-01', 'more than 10 years ahead'],
  ])('refuses %s', (_label, now, text, says) => {
    expect(refusal(parseDeprecateAt(text, now))).toContain(says);
  });
});

describe('checkDeprecateAfter', () => {
  function parsed(text: string): number {
    const result = parseDuration(text, DEPRECATION_DURATION);
    if (!result.ok) throw new Error(result.message);
    return result.value;
  }

  it.each(['1m', '12h', '180d', '90d12h', '3650d'])('accepts %s', (text) => {
    expect(checkDeprecateAfter(parsed(text))).toEqual({ ok: true, value: parsed(text) });
  });

  it.each([
    [
      3650 * DAY + MINUTE,
      '3650d1m is more than 10 years: AWS deprecates at most 10 years ahead, give at most 3650d',
    ],
    [4000 * DAY, '4000d is more than 10 years'],
    [0, 'the delay is not positive: give one such as 180d or 90d12h'],
    [-DAY, 'not positive'],
    [Number.NaN, 'not positive'],
    [Number.POSITIVE_INFINITY, 'not positive'],
  ])('refuses %d ms, saying %j', (ms, says) => {
    expect(refusal(checkDeprecateAfter(ms))).toContain(says);
  });
});

describe('deprecationTime', () => {
  it.each([
    ['from a whole minute', NOW, 180 * DAY, NOW + 180 * DAY],
    ['rounded up from between minutes', NOW_30S, 180 * DAY, NOW + 180 * DAY + MINUTE],
    ['a millisecond past a minute', NOW + 1, 90 * MINUTE, NOW + 91 * MINUTE],
    ['the longest delay', NOW, MAX_DEPRECATION_MS, NOW + MAX_DEPRECATION_MS],
  ])('counts %s', (_label, now, after, expected) => {
    expect(deprecationTime(now, after)).toBe(expected);
  });
});
