import { describe, expect, it } from 'vitest';
import { COPY_DURATION, parseDuration } from '../../src/config/duration.js';
import { checkCopyCompletionDuration } from '../../src/rules/copy-duration.js';

/** The input as the action reads it: parsed by COPY_DURATION, then checked. */
function check(text: string) {
  const parsed = parseDuration(text, COPY_DURATION);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.message}`);
  return checkCopyCompletionDuration(parsed.value);
}

describe('checkCopyCompletionDuration', () => {
  it.each([
    ['15m', 15],
    ['30m', 30],
    ['45m', 45],
    ['1h', 60],
    ['1h15m', 75],
    ['2h', 120],
    ['24h', 1440],
    ['47h45m', 2865],
    ['48h', 2880],
    ['2880m', 2880],
  ])('takes %s as %d minutes', (text, minutes) => {
    expect(check(text)).toEqual({ ok: true, value: minutes });
  });

  it.each([
    ['14m', '14m is shorter than the 15m minimum: use 15m (AWS takes 15m to 48h, in steps of 15 minutes)'],
    ['1m', 'shorter than the 15m minimum: use 15m'],
    ['20m', '20m is not a multiple of 15 minutes: use 15m or 30m'],
    ['50m', '50m is not a multiple of 15 minutes: use 45m or 1h'],
    ['1h10m', 'use 1h or 1h15m'],
    ['2h5m', 'use 2h or 2h15m'],
    ['47h50m', 'use 47h45m or 48h'],
    ['16m', 'use 15m or 30m'],
  ])('refuses %s, saying %j', (text, says) => {
    const result = check(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(says);
  });

  it('refuses 48h15m in the parser already, with the 48h maximum', () => {
    expect(parseDuration('48h15m', COPY_DURATION)).toMatchObject({ ok: false });
    expect(checkCopyCompletionDuration(48.25 * 3_600_000)).toEqual({
      ok: false,
      message:
        '48h15m is longer than the 48h maximum: use 48h (AWS takes 15m to 48h, in steps of 15 minutes)',
    });
  });

  it.each([
    [0, 'not positive'],
    [-900_000, 'not positive'],
    [Number.NaN, 'not positive'],
    [Number.POSITIVE_INFINITY, 'not positive'],
    // Seconds never come from COPY_DURATION, but the rule does not assume its caller.
    [930_000, '15m30s is not a multiple of 15 minutes: use 15m or 30m'],
    [899_000, '14m59s is shorter than the 15m minimum'],
  ])('refuses %d ms, saying %j', (ms, says) => {
    const result = checkCopyCompletionDuration(ms);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(says);
  });

  it('accepts exactly the 192 values AWS takes', () => {
    const accepted = [];
    for (let minutes = 0; minutes <= 49 * 60; minutes++) {
      if (checkCopyCompletionDuration(minutes * 60_000).ok) accepted.push(minutes);
    }
    expect(accepted).toEqual(Array.from({ length: 192 }, (_, i) => 15 * (i + 1)));
  });
});
