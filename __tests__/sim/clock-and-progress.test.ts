import { describe, expect, it } from 'vitest';
import {
  createRng,
  keyframesFor,
  PROGRESS_PROFILES,
  progressAt,
  progressText,
  scaledClock,
  snapshotCopyDurationMs,
  virtualClock,
} from '../../sim/model/index.js';

describe('virtual clock', () => {
  it('wakes sleepers in time order as it advances, and only then', async () => {
    const clock = virtualClock(1000);
    const woke: string[] = [];
    void clock.sleep(500).then(() => woke.push(`b@${clock.now()}`));
    void clock.sleep(200).then(() => woke.push(`a@${clock.now()}`));
    await clock.advance(100);
    expect(woke).toEqual([]);
    await clock.advance(1000);
    expect(woke).toEqual(['a@1200', 'b@1500']);
    expect(clock.now()).toBe(2100);
  });

  it('rejects an aborted sleep and forgets it', async () => {
    const clock = virtualClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(1000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toThrow(/abort/i);
    expect(clock.pendingSleeps()).toBe(0);
  });
});

describe('scaled clock', () => {
  it('runs N simulated seconds per real second', async () => {
    const clock = scaledClock(1000, 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(clock.now()).toBeGreaterThanOrEqual(40_000);
    expect(clock.now()).toBeLessThan(5_000_000);
  });
});

describe('progress profiles', () => {
  it.each(PROGRESS_PROFILES)('%s never goes backwards and ends at 100%%', (profile) => {
    for (let seed = 1; seed <= 20; seed++) {
      const frames = keyframesFor(profile, createRng(seed));
      let last = -1;
      for (let f = 0; f <= 1.0001; f += 0.01) {
        const p = progressAt(frames, f);
        expect(p).toBeGreaterThanOrEqual(last);
        last = p;
      }
      expect(progressAt(frames, 1)).toBe(1);
    }
  });

  it('realistic and jumps-and-stalls sit at 0% at the start', () => {
    for (const profile of ['realistic', 'jumps-and-stalls'] as const) {
      const frames = keyframesFor(profile, createRng(3));
      expect(progressAt(frames, 0.04)).toBe(0);
    }
  });

  it('jumps-and-stalls has flat stretches and sudden jumps', () => {
    const frames = keyframesFor('jumps-and-stalls', createRng(9));
    const samples = Array.from({ length: 1001 }, (_, i) => progressAt(frames, i / 1000));
    const steps = samples.slice(1).map((p, i) => p - (samples[i] ?? 0));
    expect(steps.filter((d) => d === 0).length).toBeGreaterThan(300);
    expect(Math.max(...steps)).toBeGreaterThan(0.05);
  });

  it('is the same for the same seed and differs between seeds', () => {
    expect(keyframesFor('realistic', createRng(5))).toEqual(keyframesFor('realistic', createRng(5)));
    expect(keyframesFor('realistic', createRng(5))).not.toEqual(keyframesFor('realistic', createRng(6)));
  });

  it('formats progress like AWS and never shows 100% before completion', () => {
    expect(progressText(0.374, false)).toBe('37%');
    expect(progressText(1, false)).toBe('99%');
    expect(progressText(1, true)).toBe('100%');
  });

  it('derives duration from size and throughput', () => {
    const timing = { throughputMiBps: 40, overheadSeconds: 60, jitter: 0 };
    const ms = snapshotCopyDurationMs(120, timing, createRng(1));
    expect(ms).toBe((60 + (120 * 1024) / 40) * 1000);
    const jittered = snapshotCopyDurationMs(120, { ...timing, jitter: 0.2 }, createRng(1));
    expect(Math.abs(jittered - ms) / ms).toBeLessThanOrEqual(0.2);
  });
});
