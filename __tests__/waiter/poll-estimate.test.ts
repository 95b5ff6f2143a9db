import { describe, expect, it } from 'vitest';
import {
  EMPTY_HISTORY,
  estimateCompletion,
  recordProgress,
  stallPace,
} from '../../src/waiter/poll-estimate.js';
import { RegistrationLag } from '../../src/waiter/poll-lag.js';
import { readProgress } from '../../src/waiter/poll-progress.js';

const MIN = 60_000;
const T0 = 1_000_000_000;

describe('recordProgress', () => {
  it('keeps only the ends of a plateau and ignores a percent that goes back', () => {
    let h = EMPTY_HISTORY;
    for (const [min, p] of [
      [1, 10],
      [2, 12],
      [3, 12],
      [4, 12],
      [5, 11],
      [6, 15],
    ] as const) {
      h = recordProgress(h, p, T0 + min * MIN);
    }
    expect(h.samples.map((s) => [(s.at - T0) / MIN, s.percent])).toEqual([
      [1, 10],
      [2, 12],
      [5, 12],
      [6, 15],
    ]);
    expect(h.lastPercent).toBe(15);
  });

  it('records 0% as seen without adding a sample', () => {
    const h = recordProgress(EMPTY_HISTORY, 0, T0);
    expect(h.samples).toEqual([]);
    expect(h.lastSeenAt).toBe(T0);
    expect(estimateCompletion({ history: h, sizeGiB: 10, fastestCopyMiBps: 200 })).toBeUndefined();
  });
});

describe('estimateCompletion', () => {
  it('brackets the true completion of a steady copy', () => {
    // 1% per 40 s from T0: done at T0 + 4000 s.
    const done = T0 + 4_000_000;
    let h = EMPTY_HISTORY;
    for (const t of [300_000, 900_000, 1_700_000, 2_600_000, 3_300_000]) {
      h = recordProgress(h, Math.floor(t / 40_000), T0 + t);
    }
    const estimate = estimateCompletion({ history: h, sizeGiB: 100, fastestCopyMiBps: 200 });
    expect(estimate?.observed).toBe(true);
    expect(estimate?.earliest).toBeLessThanOrEqual(done);
    expect(estimate?.latest).toBeGreaterThanOrEqual(done);
    // Tight: within a couple of minutes either side after 80% of the copy.
    expect(done - (estimate?.earliest ?? 0)).toBeLessThan(2 * MIN);
    expect((estimate?.latest ?? 0) - done).toBeLessThan(2 * MIN);
  });

  it('falls back on the size prior until a rate is measured', () => {
    const h = recordProgress(EMPTY_HISTORY, 10, T0);
    const estimate = estimateCompletion({ history: h, sizeGiB: 100, fastestCopyMiBps: 200 });
    expect(estimate?.observed).toBe(false);
    // 89% of 100 GiB at 200 MiB/s at the fastest: 455.7 s.
    expect(((estimate?.earliest ?? 0) - T0) / 1000).toBeCloseTo((0.89 * 100 * 1024) / 200, 0);
  });

  it('pushes the earliest completion out while a copy stalls', () => {
    let h = EMPTY_HISTORY;
    for (const [min, p] of [
      [5, 10],
      [15, 30],
      [25, 50],
    ] as const) {
      h = recordProgress(h, p, T0 + min * MIN);
    }
    const before = estimateCompletion({ history: h, sizeGiB: 100, fastestCopyMiBps: 200 });
    const stalled = estimateCompletion({
      history: recordProgress(h, 50, T0 + 45 * MIN),
      sizeGiB: 100,
      fastestCopyMiBps: 200,
    });
    expect(stalled?.earliest).toBeGreaterThan((before?.earliest ?? 0) + 15 * MIN);
    expect(stalled?.plateauSince).toBe(T0 + 25 * MIN);
  });

  it('tells a copy that moves in leaps and stalls from a steady one', () => {
    let steady = EMPTY_HISTORY;
    let jumpy = EMPTY_HISTORY;
    for (const min of [5, 10, 15, 20, 25, 30]) steady = recordProgress(steady, 2 * min, T0 + min * MIN);
    for (const [min, p] of [
      [5, 20],
      [15, 20],
      [16, 40],
      [26, 40],
      [27, 60],
    ] as const) {
      jumpy = recordProgress(jumpy, p, T0 + min * MIN);
    }
    expect(stallPace(steady, T0 + 30 * MIN)).toBeUndefined();
    const pace = stallPace(jumpy, T0 + 27 * MIN);
    // 40 points in 22 minutes, stalls included: 40% to go is about 22 more minutes.
    expect(((pace?.expectedEnd ?? 0) - T0) / MIN).toBeCloseTo(49, 0);
  });
});

describe('RegistrationLag', () => {
  it('assumes nothing until an image has completed, then looks just past the lag seen too short', () => {
    const lag = new RegistrationLag();
    lag.notePending(20_000);
    expect(lag.firstLookAfterMs(5_000)).toBeUndefined();
    lag.noteAvailable(45_000);
    expect(lag.firstLookAfterMs(5_000)).toBe(25_000);
    lag.notePending(28_000);
    expect(lag.firstLookAfterMs(5_000)).toBe(33_000);
    // Never past the shortest lag seen to be enough.
    lag.noteAvailable(30_000);
    expect(lag.firstLookAfterMs(5_000)).toBe(30_000);
  });

  it('keeps the range of lags seen: alike lags have no spread, differing ones do', () => {
    const alike = new RegistrationLag();
    expect(alike.spreadMs()).toBe(0);
    alike.notePending(25_000);
    alike.noteAvailable(32_000);
    alike.notePending(29_000);
    expect(alike.spreadMs()).toBe(0);
    const varying = new RegistrationLag();
    varying.noteAvailable(15_000); // one copy needed at most 15 s
    varying.notePending(100_000); // another was still pending 100 s after its snapshots
    expect(varying.firstLookAfterMs(5_000)).toBe(15_000);
    expect(varying.spreadMs()).toBe(85_000);
  });
});

describe('readProgress', () => {
  it('weights snapshots by size and calls an image done only when every snapshot is', () => {
    const snap = (id: string, state: string, progressPercent: number, volumeSizeGiB: number) => ({
      snapshotId: id,
      state,
      progressPercent,
      description: '',
      volumeSizeGiB,
      destinationImageId: 'ami-1',
    });
    const readings = readProgress([snap('snap-a', 'completed', 100, 10), snap('snap-b', 'pending', 40, 30)]);
    expect(readings.get('ami-1')).toEqual({ percent: 55, allCompleted: false, anyError: false });
    const done = readProgress([snap('snap-a', 'completed', 100, 10), snap('snap-b', 'completed', 100, 30)]);
    expect(done.get('ami-1')).toEqual({ percent: 100, allCompleted: true, anyError: false });
    const failed = readProgress([snap('snap-a', 'error', 12, 10)]);
    expect(failed.get('ami-1')?.anyError).toBe(true);
  });
});
