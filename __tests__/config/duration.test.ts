import { describe, expect, it } from 'vitest';
import { formatDuration, MAX_TIMEOUT_MS, parseDuration } from '../../src/config/duration.js';

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
});

describe('formatDuration', () => {
  it.each([
    [90_000, '1m30s'],
    [7_200_000, '2h'],
    [9_000_000, '2h30m'],
    [3_605_000, '1h5s'],
    [0, '0s'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('writes what parseDuration reads back', () => {
    for (const ms of [1_000, 61_000, 3_600_000, 5_415_000, MAX_TIMEOUT_MS]) {
      expect(parseDuration(formatDuration(ms))).toEqual({ ok: true, value: ms });
    }
  });
});
