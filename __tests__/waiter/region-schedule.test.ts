import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL_PARAMS, type ImagePlan, type PollParams } from '../../src/waiter/poll-schedule.js';
import {
  backoff,
  FRESH_REGION,
  noteCall,
  notePoll,
  planRegion,
  type RegionCallState,
} from '../../src/waiter/region-schedule.js';

const P: PollParams = DEFAULT_POLL_PARAMS;
const SEC = 1000;
const MIN = 60 * SEC;
const T0 = 1_000_000_000;

function plans(entries: Record<string, Partial<ImagePlan>>): Map<string, ImagePlan> {
  return new Map(
    Object.entries(entries).map(([id, plan]) => [
      id,
      {
        at: T0,
        wantsProgress: true,
        wantsImageCheck: false,
        phase: 'approach',
        estimate: undefined,
        ...plan,
      },
    ]),
  );
}

describe('planRegion', () => {
  const deadline = T0 + 6 * 60 * MIN;
  const called = (at: number, extra: Partial<RegionCallState> = {}): RegionCallState => ({
    ...notePoll(FRESH_REGION, at),
    ...extra,
  });

  it('merges the images into one round at the earliest wish and batches those due soon', () => {
    const round = planRegion(
      plans({ a: { at: T0 + 60 * SEC }, b: { at: T0 + 62 * SEC }, c: { at: T0 + 30 * MIN } }),
      FRESH_REGION,
      T0,
      deadline,
      P,
      0.5,
    );
    expect(round.at).toBe(T0 + 60 * SEC);
    expect([...round.progressFor].sort()).toEqual(['a', 'b']);
    expect(round.final).toBe(false);
  });

  it('keeps the minimum interval between rounds', () => {
    const round = planRegion(plans({ a: { at: T0 + 1 * SEC } }), called(T0), T0, deadline, P, 0.5);
    expect(round.at).toBe(T0 + P.minIntervalMs);
  });

  it('spreads rounds by the jitter, both ways, within its bounds', () => {
    const wish = plans({ a: { at: T0 + 100 * SEC } });
    const early = planRegion(wish, FRESH_REGION, T0, deadline, P, 0);
    const late = planRegion(wish, FRESH_REGION, T0, deadline, P, 0.999999);
    expect(early.at).toBeCloseTo(T0 + 100 * SEC * (1 - P.jitterFraction), 0);
    expect(late.at).toBeCloseTo(T0 + 100 * SEC * (1 + P.jitterFraction), 0);
  });

  it('backs off while throttled: the floor doubles per throttled round up to the cap', () => {
    const floors = [1, 2, 3, 4, 5, 6, 10].map((level) => {
      const round = planRegion(
        plans({ a: { at: T0 } }),
        called(T0, { throttleLevel: level }),
        T0,
        deadline,
        P,
        0.5,
      );
      return round.at - T0;
    });
    expect(floors.slice(0, 4)).toEqual([1, 2, 4, 8].map((k) => k * P.throttleBaseMs));
    expect(floors[floors.length - 1]).toBe(P.throttleMaxMs);
    expect(backoff(0, P.throttleBaseMs, P.throttleMaxMs)).toBe(0);
  });

  it('backs off after transient errors', () => {
    const round = planRegion(plans({ a: { at: T0 } }), called(T0, { errorLevel: 3 }), T0, deadline, P, 0.5);
    expect(round.at - T0).toBe(4 * P.errorBaseMs);
  });

  it('caps the rounds per minute', () => {
    let calls = FRESH_REGION;
    for (let i = 0; i < P.maxPollsPerMinute; i++) calls = notePoll(calls, T0 + i * P.minIntervalMs);
    const now = T0 + (P.maxPollsPerMinute - 1) * P.minIntervalMs;
    const round = planRegion(plans({ a: { at: now } }), calls, now, deadline, P, 0.5);
    expect(round.at).toBe(T0 + 60 * SEC);
  });

  it('ends with a last look at the deadline', () => {
    const round = planRegion(
      plans({ a: { at: deadline + 5 * MIN } }),
      FRESH_REGION,
      deadline - MIN,
      deadline,
      P,
      0.5,
    );
    expect(round.at).toBe(deadline);
    expect(round.final).toBe(true);
    expect(round.imageCheck).toBe(true);
  });

  it('looks at once when the deadline has already passed', () => {
    const now = deadline + MIN;
    const round = planRegion(plans({ a: { at: now + 5 * MIN } }), FRESH_REGION, now, deadline, P, 0.5);
    expect(round.at).toBe(now);
    expect(round.final).toBe(true);
  });
});

describe('noteCall: the pace of a region whose budget runs dry', () => {
  const deadline = T0 + 6 * 60 * MIN;
  // A call started at T0 that took `ms` and was retried `retries` times.
  const ended = (calls: RegionCallState, retries: number, ms = 1 * SEC, start = T0) =>
    noteCall(calls, retries, start, start + ms, P);

  it('one unlucky retry starts no pace; a call retried twice does', () => {
    expect(ended(FRESH_REGION, 1).paceMs).toBe(0);
    expect(ended(FRESH_REGION, P.paceRetries).paceMs).toBe(P.paceBaseMs);
    expect(ended(FRESH_REGION, 0)).toMatchObject({ paceMs: 0, lastCallAt: T0 + SEC });
  });

  it('paces at twice the time the retried call waited for the budget, growing, capped', () => {
    // Retried for 12 s before it got through: one call per 24 s is what the budget allows.
    const paced = ended(FRESH_REGION, 6, 12 * SEC);
    expect(paced.paceMs).toBe(P.paceOfCall * 12 * SEC);
    // Once paced, any retry grows it, by paceGrowth at least.
    const again = ended(paced, 1, 1 * SEC);
    expect(again.paceMs).toBe(paced.paceMs * P.paceGrowth);
    let capped = again;
    for (let i = 0; i < 10; i++) capped = ended(capped, 3, 30 * SEC);
    expect(capped.paceMs).toBe(P.paceMaxMs);
  });

  it('eases with every call answered at once and ends below the minimum interval', () => {
    let calls = ended(FRESH_REGION, 2, 20 * SEC);
    const paces = [calls.paceMs];
    while (calls.paceMs > 0 && paces.length < 50) {
      calls = ended(calls, 0);
      paces.push(calls.paceMs);
    }
    expect(paces.at(-1)).toBe(0);
    expect(paces.at(-2)).toBeGreaterThanOrEqual(P.minIntervalMs);
    for (let i = 1; i < paces.length - 1; i++)
      expect(paces[i]).toBeCloseTo((paces[i - 1] as number) * P.paceEase);
  });

  it('keeps rounds that far apart, counted from the end of the last call, with the jitter', () => {
    const calls = { ...notePoll(FRESH_REGION, T0), ...ended(notePoll(FRESH_REGION, T0), 4, 15 * SEC) };
    const now = T0 + 15 * SEC;
    for (const random of [0, 0.5, 0.999999]) {
      const round = planRegion(plans({ a: { at: now + SEC } }), calls, now, deadline, P, random);
      const spread = 1 + P.jitterFraction * (2 * random - 1);
      expect(round.at).toBeCloseTo(now + calls.paceMs * spread);
    }
    // Never past the deadline: the last look is made then.
    const lastCall = ended(notePoll(FRESH_REGION, deadline - 20 * SEC), 4, 15 * SEC, deadline - 20 * SEC);
    expect(lastCall.lastCallAt).toBe(deadline - 5 * SEC);
    const late = planRegion(
      plans({ a: { at: deadline - SEC } }),
      lastCall,
      deadline - 5 * SEC,
      deadline,
      P,
      0.5,
    );
    expect(late).toMatchObject({ at: deadline, final: true });
  });
});
