import { describe, expect, it } from 'vitest';
import { EMPTY_HISTORY, type ProgressHistory, recordProgress } from '../../src/waiter/poll-estimate.js';
import {
  DEFAULT_POLL_PARAMS,
  fastestCopyMs,
  flatCap,
  type ImageView,
  type PollParams,
  planImage,
} from '../../src/waiter/poll-schedule.js';

const P: PollParams = DEFAULT_POLL_PARAMS;
const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const T0 = 1_000_000_000;

function view(overrides: Partial<ImageView> = {}): ImageView {
  return {
    startedAt: T0,
    sizeGiB: 100,
    history: EMPTY_HISTORY,
    snapshotsDoneAt: undefined,
    imageSeenAt: T0 + 15 * SEC,
    aliveAt: undefined,
    progressAvailable: true,
    missingSince: undefined,
    registrationLagMs: 0,
    ...overrides,
  };
}

/** Samples of a copy that sits at 0% for `zeroMin`, then climbs 1% per `minPerPercent` minutes. */
function linearHistory(times: readonly number[], zeroMin: number, minPerPercent: number): ProgressHistory {
  let history = EMPTY_HISTORY;
  for (const t of times) {
    const percent = Math.min(99, Math.max(0, Math.floor((t - T0 - zeroMin * MIN) / (minPerPercent * MIN))));
    history = recordProgress(history, percent, t);
  }
  return history;
}

describe('planImage: bounds', () => {
  it('looks first shortly after the start, at the snapshots', () => {
    const plan = planImage(view({ imageSeenAt: undefined }), T0, P);
    expect(plan.phase).toBe('first');
    expect(plan.at).toBe(T0 + P.firstPollMs);
    expect(plan.wantsProgress).toBe(true);
  });

  it('never waits less than the minimum interval nor longer than the maximum', () => {
    for (const waitedMin of [0.5, 1, 3, 10, 60, 240]) {
      const now = T0 + waitedMin * MIN;
      const looked = { aliveAt: now, imageSeenAt: now, history: recordProgress(EMPTY_HISTORY, 0, now) };
      const plan = planImage(view(looked), now, P);
      expect(plan.at - now).toBeGreaterThanOrEqual(P.minIntervalMs);
      expect(plan.at - now).toBeLessThanOrEqual(P.maxIntervalMs);
    }
  });

  it('looks at a copy at least every maxIntervalMs, whatever the estimate says', () => {
    // 1% per 10 minutes: completion is ~16 hours away.
    const times = [T0 + 1 * MIN, T0 + 20 * MIN, T0 + 40 * MIN, T0 + 60 * MIN];
    const now = T0 + 60 * MIN;
    const plan = planImage(view({ aliveAt: now, history: linearHistory(times, 0, 10) }), now, P);
    expect(plan.phase).toBe('approach');
    expect(plan.at).toBe(now + P.maxIntervalMs);
  });

  it('asks DescribeImages itself at least every imageCheckMaxMs', () => {
    const now = T0 + 2 * 60 * MIN;
    const times = [T0 + 10 * MIN, T0 + 60 * MIN, now];
    const fresh = planImage(
      view({ aliveAt: now, imageSeenAt: now, history: linearHistory(times, 0, 10) }),
      now,
      P,
    );
    expect(fresh.wantsImageCheck).toBe(false);
    const stale = planImage(
      view({ aliveAt: now, imageSeenAt: now - P.imageCheckMaxMs, history: linearHistory(times, 0, 10) }),
      now,
      P,
    );
    expect(stale.wantsImageCheck).toBe(true);
  });
});

describe('planImage: the 0% phase', () => {
  const zeroLimit = (sizeGiB: number) =>
    Math.max(P.zeroReadsFactor * fastestCopyMs({ sizeGiB }, P), P.zeroReadsMinMs);

  it('grows the interval with the time waited, up to the size-based cap', () => {
    // 100 GiB: snapshots are read for 1.5 x its fastest copy time (12.8 minutes).
    const delays = [0.5, 1, 2, 4, 8, 12].map((waitedMin) => {
      const now = T0 + waitedMin * MIN;
      const plan = planImage(view({ aliveAt: now, history: recordProgress(EMPTY_HISTORY, 0, now) }), now, P);
      expect(plan.phase).toBe('flat');
      expect(plan.wantsProgress).toBe(true);
      return plan.at - now;
    });
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] as number);
    expect(delays[0]).toBeLessThan(delays[delays.length - 1] as number);
    expect(Math.max(...delays)).toBe(flatCap({ sizeGiB: 100 }, P));
  });

  it('stops reading the snapshots of a copy still at 0% past 1.5x its fastest copy time; DescribeImages takes over', () => {
    const limit = zeroLimit(8);
    const reading = T0 + limit - 10 * SEC;
    const early = planImage(
      view({ sizeGiB: 8, aliveAt: reading, history: recordProgress(EMPTY_HISTORY, 0, reading) }),
      reading,
      P,
    );
    expect(early.phase).toBe('flat');
    expect(early.wantsProgress).toBe(true);
    // Past the limit, and however long it then sits: no snapshot reads, a DescribeImages at
    // most imageCapMs after the last one (a copy that jumps from 0% to done is seen by then).
    for (const waited of [limit + 10 * SEC, 30 * MIN, 5 * HOUR]) {
      const now = T0 + waited;
      const stuck = view({
        sizeGiB: 8,
        aliveAt: now,
        imageSeenAt: now,
        history: recordProgress(EMPTY_HISTORY, 0, now),
      });
      const plan = planImage(stuck, now, P);
      expect(plan.phase).toBe('cadence');
      expect(plan.wantsProgress).toBe(false);
      expect(plan.wantsImageCheck).toBe(true);
      expect(plan.at - now).toBe(Math.min(waited * P.imageGrowth, P.imageCapMs));
    }
  });

  it('keeps a small image under a tighter cap than a big one (it could finish from 0% in no time)', () => {
    expect(flatCap({ sizeGiB: 8 }, P)).toBeLessThan(flatCap({ sizeGiB: 500 }, P));
    expect(flatCap({ sizeGiB: 8 }, P)).toBeGreaterThanOrEqual(P.flatCapMinMs);
    expect(flatCap({ sizeGiB: 5000 }, P)).toBe(P.flatCapMaxMs);
    const now = T0 + 60 * MIN;
    const small = planImage(
      view({ sizeGiB: 8, aliveAt: now, history: recordProgress(EMPTY_HISTORY, 0, now) }),
      now,
      P,
    );
    expect(small.at - now).toBeLessThanOrEqual(flatCap({ sizeGiB: 8 }, P));
  });
});

describe('planImage: tightening near completion', () => {
  // 0% for 5 minutes, then 1% every 30 s: done at 55 minutes.
  const done = T0 + 55 * MIN;
  const sampleTimes = [T0 + 6 * MIN, T0 + 10 * MIN, T0 + 20 * MIN];

  it('waits long when far away and closes in as the end nears', () => {
    let times = [...sampleTimes];
    let now = times[times.length - 1] as number;
    const delays: number[] = [];
    let phase = '';
    while (now < done - 5 * SEC) {
      const plan = planImage(view({ aliveAt: now, history: linearHistory(times, 5, 0.5) }), now, P);
      delays.push(plan.at - now);
      phase = plan.phase;
      if (phase === 'near') break;
      now = plan.at;
      times = [...times, now];
    }
    expect(phase).toBe('near');
    // Far off: the longest gap the liveness bound allows.
    expect(delays[0]).toBe(P.maxIntervalMs);
    expect(delays[delays.length - 1]).toBe(P.nearIntervalMs);
    // The close polling starts before the completion, and the looks get closer together
    // (give or take whole-percent rounding).
    expect(now).toBeLessThanOrEqual(done);
    for (let i = 1; i < delays.length; i++)
      expect(delays[i] as number).toBeLessThanOrEqual((delays[i - 1] as number) + SEC);
    for (const delay of delays.slice(-4)) expect(delay).toBeLessThan((delays[0] as number) / 3);
    // A handful of looks for 35 minutes of copying, not one every 15 s.
    expect(delays.length).toBeLessThan(15);
  });

  it('polls snapshots every nearIntervalMs inside the completion window', () => {
    const times = [...sampleTimes, T0 + 40 * MIN, T0 + 50 * MIN, T0 + 54 * MIN + 40 * SEC];
    const now = T0 + 54 * MIN + 40 * SEC;
    const plan = planImage(view({ aliveAt: now, history: linearHistory(times, 5, 0.5) }), now, P);
    expect(plan.phase).toBe('near');
    expect(plan.at - now).toBe(P.nearIntervalMs);
    expect(plan.wantsProgress).toBe(true);
  });

  it('bounds the gap while progress sits still mid-copy: a leap is not seen minutes late', () => {
    // Climbed 1%/30 s to 60%, then nothing for a long time.
    let history = linearHistory([T0 + 6 * MIN, T0 + 15 * MIN, T0 + 35 * MIN], 5, 0.5);
    const moving = planImage(view({ aliveAt: T0 + 35 * MIN, history }), T0 + 35 * MIN, P);
    // Moving steadily with 39% to go: minutes between looks (the longest gap allowed).
    expect(moving.at - T0 - 35 * MIN).toBe(P.maxIntervalMs);
    for (const stalledMin of [5, 15, 30, 60]) {
      const now = T0 + 35 * MIN + stalledMin * MIN;
      history = recordProgress(history, 60, now);
      const plan = planImage(view({ aliveAt: now, history }), now, P);
      // Sitting on 60%: the copy may leap to done at any look; no close polling, no long gaps.
      expect(['approach', 'overdue']).toContain(plan.phase);
      expect(plan.at - now).toBeGreaterThan(P.nearIntervalMs);
      expect(plan.at - now).toBeLessThanOrEqual(Math.max(P.stallCapMs, P.overdueCapMs));
    }
  });

  it('backs off geometrically when a copy stalls just short of done', () => {
    let history = linearHistory([T0 + 6 * MIN, T0 + 30 * MIN, T0 + 54 * MIN + 40 * SEC], 5, 0.5);
    expect(history.lastPercent).toBe(99);
    const delays: number[] = [];
    let now = T0 + 54 * MIN + 40 * SEC;
    for (let i = 0; i < 30; i++) {
      const plan = planImage(view({ aliveAt: now, history }), now, P);
      delays.push(plan.at - now);
      now = plan.at;
      history = recordProgress(history, 99, now);
    }
    expect(delays[0]).toBe(P.nearIntervalMs);
    expect(delays[delays.length - 1]).toBe(P.overdueCapMs);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] as number);
    // Not 30 looks at the close interval: the stall is noticed and the looks spread out.
    expect(delays.filter((d) => d === P.nearIntervalMs).length).toBeLessThan(10);
  });

  it('looks at the image after the learned registration lag once the snapshots are done', () => {
    const doneAt = T0 + 30 * MIN;
    const first = planImage(
      view({ snapshotsDoneAt: doneAt, aliveAt: doneAt, registrationLagMs: 25 * SEC }),
      doneAt,
      P,
    );
    expect(first.phase).toBe('finishing');
    expect(first.at).toBe(doneAt + 25 * SEC);
    expect(first.wantsImageCheck).toBe(true);
    const later = planImage(
      view({ snapshotsDoneAt: doneAt, aliveAt: doneAt + 30 * MIN, registrationLagMs: 25 * SEC }),
      doneAt + 30 * MIN,
      P,
    );
    expect(later.at - (doneAt + 30 * MIN)).toBe(P.finishingCapMs);
  });
});

describe('planImage: copies that move in jumps and stalls', () => {
  /** 0% until 10 min, then leaps separated by 10-minute stalls. */
  function jumpy(points: readonly [number, number][]): ProgressHistory {
    return points.reduce((h, [min, percent]) => recordProgress(h, percent, T0 + min * MIN), EMPTY_HISTORY);
  }

  it('switches to the stall pace once a stall has been seen, closer in as the expected end nears', () => {
    const early = jumpy([
      [10, 20],
      [20, 20],
      [21, 45],
      [30, 45],
      [31, 70],
    ]);
    const far = planImage(view({ aliveAt: T0 + 31 * MIN, history: early }), T0 + 31 * MIN, P);
    expect(far.phase).toBe('stalling');
    const late = jumpy([
      [10, 20],
      [20, 20],
      [21, 45],
      [30, 45],
      [31, 70],
      [40, 70],
      [41, 95],
    ]);
    const close = planImage(view({ aliveAt: T0 + 41 * MIN, history: late }), T0 + 41 * MIN, P);
    expect(close.phase).toBe('stalling');
    // With the defaults, both are capped: any look may be the one after the final leap.
    expect(far.at - T0 - 31 * MIN).toBe(P.stallCapMs);
    expect(close.at - T0 - 41 * MIN).toBeLessThanOrEqual(P.stallCapMs);
    // The pace under the cap: minutes apart far from the expected end, closer near it, never
    // below the close interval.
    const uncapped = { ...P, stallCapMs: P.maxIntervalMs };
    const farPace = planImage(view({ aliveAt: T0 + 31 * MIN, history: early }), T0 + 31 * MIN, uncapped);
    const closePace = planImage(view({ aliveAt: T0 + 41 * MIN, history: late }), T0 + 41 * MIN, uncapped);
    expect(farPace.at - T0 - 31 * MIN).toBeGreaterThan(2 * MIN);
    expect(closePace.at - T0 - 41 * MIN).toBeLessThan((farPace.at - T0 - 31 * MIN) / 2);
    expect(closePace.at - T0 - 41 * MIN).toBeGreaterThanOrEqual(P.nearIntervalMs);
  });

  it('does not take a leap for a speed (no close polling right after a jump)', () => {
    const history = jumpy([
      [10, 20],
      [11, 40],
    ]);
    const plan = planImage(view({ aliveAt: T0 + 11 * MIN, history }), T0 + 11 * MIN, P);
    expect(plan.phase).toBe('approach');
    expect(plan.at - T0 - 11 * MIN).toBeGreaterThan(30 * SEC);
  });
});

describe('planImage: other phases', () => {
  it('re-checks an image DescribeImages did not list after the minimum interval', () => {
    const now = T0 + 20 * SEC;
    const plan = planImage(view({ missingSince: now }), now, P);
    expect(plan.phase).toBe('confirm');
    expect(plan.at).toBe(now + P.minIntervalMs);
    expect(plan.wantsImageCheck).toBe(true);
  });

  it('without progress, checks the image on the image cadence', () => {
    const now = T0 + 30 * MIN;
    const plan = planImage(view({ progressAvailable: false, aliveAt: now, imageSeenAt: now }), now, P);
    expect(plan.phase).toBe('blind');
    expect(plan.wantsProgress).toBe(false);
    expect(plan.wantsImageCheck).toBe(true);
    expect(plan.at - now).toBe(P.imageCapMs);
    // Not before the copy could possibly be done (50 GiB: 4.3 minutes at the fastest)...
    const early = T0 + 2 * MIN;
    const blind = { progressAvailable: false, aliveAt: early, imageSeenAt: early };
    const first = planImage(view({ ...blind, sizeGiB: 50 }), early, P);
    expect(first.at).toBe(T0 + fastestCopyMs({ sizeGiB: 50 }, P));
    // ...but never later than the liveness bound (100 GiB: 8.5 minutes, bound at 2 + 5).
    const large = planImage(view({ ...blind, sizeGiB: 100 }), early, P);
    expect(large.at).toBe(early + P.maxIntervalMs);
  });
});

describe('planImage: registration lags that vary from copy to copy', () => {
  // 0% for 5 minutes, then 1% every 30 s: snapshots done at 55 minutes.
  const closeTimes = [T0 + 6 * MIN, T0 + 20 * MIN, T0 + 40 * MIN, T0 + 54 * MIN + 40 * SEC];
  const close = T0 + 54 * MIN + 40 * SEC;

  it('near the end, looks at the image itself instead of the snapshots', () => {
    const history = linearHistory(closeTimes, 5, 0.5);
    const alike = planImage(view({ aliveAt: close, imageSeenAt: close, history }), close, P);
    expect(alike.phase).toBe('near');
    expect(alike.wantsProgress).toBe(true);
    const varying = planImage(
      view({ aliveAt: close, imageSeenAt: close, history, registrationLagSpreadMs: 90 * SEC }),
      close,
      P,
    );
    expect(varying.phase).toBe('cadence');
    expect(varying.wantsProgress).toBe(false);
    expect(varying.wantsImageCheck).toBe(true);
    expect(varying.at - close).toBeLessThanOrEqual(P.imageCapMs);
  });

  it('still follows progress while the end is far off', () => {
    const times = [T0 + 6 * MIN, T0 + 10 * MIN, T0 + 20 * MIN];
    const now = T0 + 20 * MIN;
    const plan = planImage(
      view({ aliveAt: now, history: linearHistory(times, 5, 0.5), registrationLagSpreadMs: 90 * SEC }),
      now,
      P,
    );
    expect(plan.phase).toBe('approach');
    expect(plan.wantsProgress).toBe(true);
  });

  it('once the snapshots are done: first look at the shortest lag, then paced through the spread, then slower', () => {
    const doneAt = T0 + 30 * MIN;
    const lag = { registrationLagMs: 10 * SEC, registrationLagSpreadMs: 80 * SEC };
    const at = (now: number) => planImage(view({ snapshotsDoneAt: doneAt, aliveAt: now, ...lag }), now, P).at;
    expect(at(doneAt)).toBe(doneAt + 10 * SEC);
    const through = at(doneAt + 40 * SEC) - (doneAt + 40 * SEC);
    expect(through).toBe(80 * SEC * P.nearLagShare);
    // More calls than one look per nearIntervalMs would cost, fewer than a minute apart.
    expect(through).toBeGreaterThan(P.nearIntervalMs);
    const past = at(doneAt + 10 * MIN) - (doneAt + 10 * MIN);
    expect(past).toBe(P.finishingCapMs);
    expect(past).toBeGreaterThanOrEqual(through);
  });

  it('does not chase a lag longer than any seen so far every few seconds', () => {
    // Lags seen so far were alike (no spread); this image is still pending 100 s after its
    // snapshots, just looked at. The learned first-look lag creeps up behind each such look.
    const doneAt = T0 + 30 * MIN;
    const now = doneAt + 100 * SEC;
    const plan = (registrationLagMs: number) =>
      planImage(view({ snapshotsDoneAt: doneAt, aliveAt: now, imageSeenAt: now, registrationLagMs }), now, P);
    const grown = 100 * SEC * P.finishingGrowth;
    expect(grown).toBeGreaterThan(P.nearIntervalMs);
    // The figure moved just past this look, or is behind it: either way the next look waits a
    // gap growing with the time since the snapshots were done, not the figure's few seconds.
    for (const lag of [95 * SEC, 105 * SEC]) {
      expect(plan(lag).phase).toBe('finishing');
      expect(plan(lag).at - now).toBe(grown);
    }
    // Looked at long ago: the look the lag figure asks for is not delayed.
    const stale = planImage(
      view({ snapshotsDoneAt: doneAt, aliveAt: now, imageSeenAt: now - MIN, registrationLagMs: 105 * SEC }),
      now,
      P,
    );
    expect(stale.at - now).toBe(5 * SEC);
  });
});
