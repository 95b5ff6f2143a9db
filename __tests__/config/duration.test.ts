import { describe, expect, it } from 'vitest';
import {
  COPY_DURATION,
  DEPRECATION_DURATION,
  formatDuration,
  MAX_TIMEOUT_MS,
  parseDuration,
  TIMEOUT_DURATION,
} from '../../src/config/duration.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function messageOf(result: ReturnType<typeof parseDuration>): string {
  if (result.ok) throw new Error(`accepted as ${result.value}`);
  return result.message;
}

describe('parseDuration', () => {
  it.each([
    ['1s', 1_000],
    ['90s', 90_000],
    ['45m', 2_700_000],
    ['2h', 7_200_000],
    ['2h30m', 9_000_000],
    ['1h 30m', 5_400_000],
    ['1h30m15s', 5_415_000],
    ['0h1m', 60_000],
    ['090m', 5_400_000],
    ['72h', MAX_TIMEOUT_MS],
    ['4320m', MAX_TIMEOUT_MS],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: ms });
  });

  it.each([
    '',
    '0',
    '0s',
    '0h0m',
    '-5m',
    'soon',
    '90',
    '1.5h',
    '72h1s',
    '2H',
    '30m1h',
    '1h1h',
    'm',
    '5 m',
    '+5m',
    '1d',
  ])('refuses %j', (text) => {
    expect(parseDuration(text).ok).toBe(false);
  });

  it('uses the timeout rules when given none', () => {
    for (const text of ['2h30m', '1d', '73h', '90', 'soon']) {
      expect(parseDuration(text)).toEqual(parseDuration(text, TIMEOUT_DURATION));
    }
  });

  // The timeout's messages are part of the action's interface (summary, README): pinned word for word.
  it.each([
    ['', 'empty: give a duration, e.g. 90m, 2h or 2h30m'],
    ['90', '"90" has no unit: add one, e.g. 90m, 2h or 2h30m (h = hours, m = minutes, s = seconds)'],
    ['-5m', '"-5m" is negative: give a positive duration, e.g. 90m, 2h or 2h30m'],
    ['1.5h', '"1.5h" has a fraction: use whole numbers, e.g. 1h30m instead of 1.5h'],
    [
      '1d',
      '"1d" is not a duration: write whole numbers with a lowercase unit h, m or s, largest first, e.g. 90m, 2h or 2h30m',
    ],
    ['0m', '"0m" is zero: give a positive duration, e.g. 90m, 2h or 2h30m'],
    [
      '73h',
      '"73h" is longer than the 72h maximum: give at most 72h (GitHub-hosted jobs stop after 6h anyway)',
    ],
  ])('keeps the timeout message for %j', (text, message) => {
    expect(parseDuration(text)).toEqual({ ok: false, message });
  });
});

describe('parseDuration with DEPRECATION_DURATION', () => {
  it.each([
    ['180d', 180 * DAY],
    ['90d12h', 90 * DAY + 12 * HOUR],
    ['90d 12h', 90 * DAY + 12 * HOUR],
    ['1d1h1m', DAY + HOUR + MINUTE],
    ['36h', 36 * HOUR],
    ['30m', 30 * MINUTE],
    ['1m', MINUTE],
    ['3650d', 3650 * DAY],
    ['3649d23h60m', 3650 * DAY],
    ['87600h', 3650 * DAY],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text, DEPRECATION_DURATION)).toEqual({ ok: true, value: ms });
  });

  it.each([
    ['', 'empty: give a duration, e.g. 180d, 90d or 90d12h'],
    ['180', '(d = days, h = hours, m = minutes)'],
    ['180', 'add one, e.g. 180d'],
    ['30s', 'lowercase unit d, h or m, largest first'],
    ['1y', 'lowercase unit d, h or m'],
    ['6mo', 'is not a duration'],
    ['12h90d', 'largest first'],
    ['90D', 'lowercase unit'],
    ['1d1d', 'is not a duration'],
    ['1.5d', 'use whole numbers, e.g. 1d12h instead of 1.5d'],
    ['-180d', 'is negative'],
    ['0d', 'is zero'],
    ['3651d', '"3651d" is longer than the 3650d maximum: give at most 3650d (about 10 years'],
    ['3650d1m', 'give at most 3650d'],
    [' 180d', 'is not a duration'],
  ])('refuses %j, saying %j', (text, says) => {
    expect(messageOf(parseDuration(text, DEPRECATION_DURATION))).toContain(says);
  });
});

describe('parseDuration with COPY_DURATION', () => {
  it.each([
    ['2h', 2 * HOUR],
    ['45m', 45 * MINUTE],
    ['1h30m', 90 * MINUTE],
    ['48h', 48 * HOUR],
    ['2880m', 48 * HOUR],
    // Steps of 15 minutes are copy-duration.ts's business, not the parser's.
    ['20m', 20 * MINUTE],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text, COPY_DURATION)).toEqual({ ok: true, value: ms });
  });

  it.each([
    ['90', '(h = hours, m = minutes)'],
    ['1d', 'lowercase unit h or m, largest first, e.g. 2h, 45m or 1h30m'],
    ['900s', 'lowercase unit h or m'],
    ['1.5h', 'e.g. 1h30m instead of 1.5h'],
    ['48h15m', 'longer than the 48h maximum: give at most 48h (the longest time-based copy AWS offers)'],
    ['49h', 'give at most 48h'],
  ])('refuses %j, saying %j', (text, says) => {
    expect(messageOf(parseDuration(text, COPY_DURATION))).toContain(says);
  });
});

describe('formatDuration', () => {
  it.each([
    [90_000, '1m30s'],
    [7_200_000, '2h'],
    [9_000_000, '2h30m'],
    [3_605_000, '1h5s'],
    [0, '0s'],
    [3 * DAY, '72h'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it.each([
    [180 * DAY, '180d'],
    [90 * DAY + 12 * HOUR, '90d12h'],
    [DAY + MINUTE, '1d1m'],
    [23 * HOUR + 59 * MINUTE, '23h59m'],
    [3650 * DAY, '3650d'],
    [0, '0s'],
  ])('writes %d ms with days as %s', (ms, text) => {
    expect(formatDuration(ms, { days: true })).toBe(text);
  });

  it('writes what parseDuration reads back', () => {
    for (const ms of [1_000, 61_000, 3_600_000, 5_415_000, MAX_TIMEOUT_MS]) {
      expect(parseDuration(formatDuration(ms))).toEqual({ ok: true, value: ms });
    }
    for (const ms of [MINUTE, DAY, 90 * DAY + 12 * HOUR + 5 * MINUTE, 3650 * DAY]) {
      expect(parseDuration(formatDuration(ms, { days: true }), DEPRECATION_DURATION)).toEqual({
        ok: true,
        value: ms,
      });
    }
  });
});
