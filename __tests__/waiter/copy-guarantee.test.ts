import { describe, expect, it } from 'vitest';
import { boundEstimate, boundPace, guaranteeInForce } from '../../src/waiter/copy-guarantee.js';
import {
  type CompletionEstimate,
  EMPTY_HISTORY,
  type ProgressHistory,
  recordProgress,
} from '../../src/waiter/poll-estimate.js';
import { DEFAULT_POLL_PARAMS, type ImageView, planImage } from '../../src/waiter/poll-schedule.js';
import { availableAt } from './fake-ec2.js';
import { copy, HOUR, MIN, runWait, SEC, T0 } from './harness.js';

const P = DEFAULT_POLL_PARAMS;
const GRACE = P.guaranteeGraceMs;

describe('guaranteeInForce', () => {
  const by = T0 + 30 * MIN;
  it.each([
    { name: 'no guarantee', completesBy: undefined, now: T0, expected: undefined },
    { name: 'long before it', completesBy: by, now: T0, expected: by },
    { name: 'just past it, within the grace', completesBy: by, now: by + GRACE - 1, expected: by },
    { name: 'once the grace is over (missed)', completesBy: by, now: by + GRACE, expected: undefined },
  ])('$name', ({ completesBy, now, expected }) => {
    expect(guaranteeInForce(completesBy, now, GRACE)).toBe(expected);
  });
});

describe('boundEstimate', () => {
  const by = T0 + 30 * MIN;
  const estimate = (earliest: number, latest: number | undefined): CompletionEstimate => ({
    earliest,
    latest,
    fastRate: 0.001,
    observed: true,
    plateauSince: T0 + 5 * MIN,
  });
  it.each([
    { name: 'both edges past it', window: [by + 60 * MIN, by + 90 * MIN], bounded: [by, by] },
    { name: 'only the latest past it', window: [by - 10 * MIN, by + 90 * MIN], bounded: [by - 10 * MIN, by] },
    { name: 'both before it', window: [by - 10 * MIN, by - 5 * MIN], bounded: [by - 10 * MIN, by - 5 * MIN] },
    { name: 'latest unknown', window: [by - 10 * MIN, undefined], bounded: [by - 10 * MIN, by] },
  ])('$name', ({ window, bounded }) => {
    const [earliest = 0, latest] = window;
    const result = boundEstimate(estimate(earliest, latest), by);
    expect([result?.earliest, result?.latest]).toEqual(bounded);
    expect(result).toMatchObject({ fastRate: 0.001, observed: true, plateauSince: T0 + 5 * MIN });
  });

  it('changes nothing without a guarantee, and has nothing to bound without an estimate', () => {
    const e = estimate(by + HOUR, undefined);
    expect(boundEstimate(e, undefined)).toBe(e);
    expect(boundEstimate(undefined, by)).toBeUndefined();
  });
});

describe('boundPace', () => {
  it.each([
    {
      name: 'end past the guarantee',
      expectedEnd: T0 + 90 * MIN,
      completesBy: T0 + 30 * MIN,
      bounded: T0 + 30 * MIN,
    },
    { name: 'end before it', expectedEnd: T0 + 20 * MIN, completesBy: T0 + 30 * MIN, bounded: T0 + 20 * MIN },
    { name: 'no guarantee', expectedEnd: T0 + 90 * MIN, completesBy: undefined, bounded: T0 + 90 * MIN },
  ])('$name', ({ expectedEnd, completesBy, bounded }) => {
    expect(boundPace({ expectedEnd, overrunMs: 7 }, completesBy)).toEqual({
      expectedEnd: bounded,
      overrunMs: 7,
    });
  });
});

/** A 2000 GiB copy sitting at 1% since minute 5: its size says about 2 h 50 min to go. */
function slowView(completesBy: number | undefined, history: ProgressHistory, now: number): ImageView {
  return {
    startedAt: T0,
    sizeGiB: 2000,
    completesBy,
    history,
    snapshotsDoneAt: undefined,
    imageSeenAt: T0 + 15 * SEC,
    aliveAt: now,
    progressAvailable: true,
    missingSince: undefined,
    registrationLagMs: 0,
  };
}

interface Look {
  /** When the plan was made. */
  readonly planned: number;
  /** When it looks next. */
  readonly at: number;
  /** The latest edge of its completion estimate (infinite when unknown). */
  readonly latest: number;
}

/** Follows the plans from minute 5 to `until`, the copy staying at 1%. */
function looks(completesBy: number | undefined, until: number): Look[] {
  let now = T0 + 5 * MIN;
  let history = recordProgress(EMPTY_HISTORY, 1, now);
  const result: Look[] = [];
  while (now < until) {
    const plan = planImage(slowView(completesBy, history, now), now, P);
    result.push({ planned: now, at: plan.at, latest: plan.estimate?.latest ?? Number.POSITIVE_INFINITY });
    now = plan.at;
    history = recordProgress(history, 1, now);
  }
  return result;
}

describe('planImage with a guaranteed completion (time-based copy)', () => {
  const completesBy = T0 + 32 * MIN;

  it('looks near completesBy when the size-based estimate is hours later', () => {
    const plain = looks(undefined, completesBy + 5 * MIN).map((look) => look.at);
    const timed = looks(completesBy, completesBy + 5 * MIN);
    const around = (at: number) => at >= completesBy - P.nearLeadMs && at <= completesBy + GRACE;
    // The size-based estimate: nearly three hours after the start; no look anywhere near completesBy.
    const fromSize = (by: number | undefined) =>
      planImage(slowView(by, recordProgress(EMPTY_HISTORY, 1, T0 + 5 * MIN), T0 + 5 * MIN), T0 + 5 * MIN, P)
        .estimate;
    expect(fromSize(undefined)?.earliest).toBeGreaterThan(T0 + 2.5 * HOUR);
    expect(fromSize(completesBy)).toMatchObject({ earliest: completesBy, latest: completesBy });
    expect(plain.some(around)).toBe(false);
    expect(plain.find((at) => at >= completesBy)).toBeGreaterThan(completesBy + 2 * MIN);
    // With the guarantee: looks close around it; while it holds, no estimate and no look past it.
    expect(timed.filter((look) => around(look.at)).length).toBeGreaterThanOrEqual(2);
    const holding = timed.filter((look) => look.planned < completesBy + GRACE);
    expect(holding.length).toBeGreaterThan(3);
    for (const look of holding) {
      expect(look.latest).toBeLessThanOrEqual(completesBy);
      expect(look.at).toBeLessThanOrEqual(completesBy + GRACE);
    }
  });

  it('keeps the early looks of the existing estimate', () => {
    const early = (list: Look[]) => list.map((look) => look.at).filter((at) => at < completesBy - 5 * MIN);
    const plain = early(looks(undefined, completesBy));
    expect(plain.length).toBeGreaterThanOrEqual(3);
    expect(early(looks(completesBy, completesBy))).toEqual(plain);
  });

  const now = T0 + 60 * MIN;
  const soon = now + MIN;
  const atZero = recordProgress(EMPTY_HISTORY, 0, now);
  // 1% per 10 minutes: the estimate says many hours.
  const crawling = [10, 20, 30, 40, 50, 60].reduce(
    (h, minute) => recordProgress(h, minute / 10, T0 + minute * MIN),
    EMPTY_HISTORY,
  );
  it.each([
    { phase: 'flat', view: { history: atZero } },
    { phase: 'blind', view: { history: atZero, progressAvailable: false } },
    { phase: 'approach', view: { history: crawling } },
  ])('caps the next look at completesBy + grace in the $phase phase', ({ phase, view }) => {
    const plain = planImage({ ...slowView(undefined, atZero, now), ...view }, now, P);
    const timed = planImage({ ...slowView(soon, atZero, now), ...view }, now, P);
    expect(plain.phase).toBe(phase);
    expect(plain.at).toBeGreaterThan(soon + GRACE);
    expect(timed.at).toBeLessThanOrEqual(soon + GRACE);
    expect(timed.at).toBeGreaterThan(now);
  });

  it('leaves the finishing phase to the registration lag (the snapshots are done)', () => {
    const done = {
      ...slowView(soon, atZero, now),
      snapshotsDoneAt: now - 10 * MIN,
      registrationLagMs: 30 * SEC,
    };
    const plan = planImage(done, now, P);
    expect(plan.phase).toBe('finishing');
    expect(plan).toEqual(planImage({ ...done, completesBy: undefined }, now, P));
  });

  it.each([
    { name: 'at 0%', history: atZero },
    { name: 'crawling', history: crawling },
    {
      name: 'sitting at 1%',
      history: recordProgress(recordProgress(EMPTY_HISTORY, 1, now - 30 * MIN), 1, now),
    },
  ])('once the guarantee is missed, plans $name exactly as without it', ({ history }) => {
    for (const missedBy of [0, MIN, 3 * HOUR]) {
      const completesBy = now - GRACE - missedBy;
      const view = slowView(completesBy, history, now);
      expect(planImage(view, now, P)).toEqual(planImage({ ...view, completesBy: undefined }, now, P));
    }
  });
});

describe('waitForImages: time-based copies', () => {
  // 2000 GiB, reporting 1% from minute 1 until AWS finishes it at minute 32 (the guarantee).
  const timeBased = copy('eu-west-1', 'ami-00000101', 1, 31, {
    sizeGiB: 2000,
    progress: () => 1,
    registrationMs: 20 * SEC,
  });

  it('sees a copy done at completesBy within seconds, not at the size-based estimate', async () => {
    const plain = await runWait([timeBased]);
    const timed = await runWait([timeBased], { completesBy: { [timeBased.imageId]: timeBased.completesAt } });
    const lag = (r: typeof plain) => (r.outcomes[0]?.observedAt ?? 0) - availableAt(timeBased);
    expect(plain.outcomes[0]?.state).toBe('available');
    expect(timed.outcomes[0]?.state).toBe('available');
    expect(lag(plain)).toBeGreaterThan(2 * MIN);
    expect(lag(timed)).toBeGreaterThanOrEqual(0);
    expect(lag(timed)).toBeLessThanOrEqual(GRACE);
    // The snapshots were looked at within the grace of the guarantee.
    const snapshotLooks = timed.ec2.calls.filter((c) => c.action === 'DescribeSnapshots').map((c) => c.at);
    expect(
      snapshotLooks.some((at) => at >= timeBased.completesAt && at <= timeBased.completesAt + GRACE),
    ).toBe(true);
    // A handful of extra calls for it, not close polling for half an hour.
    expect(timed.ec2.count()).toBeLessThanOrEqual(plain.ec2.count() + 8);
  });

  it('follows the existing estimate for a copy done well before completesBy: the same calls', async () => {
    const early = copy('eu-west-1', 'ami-00000102', 2, 20, { sizeGiB: 100 });
    const plain = await runWait([early]);
    const timed = await runWait([early], { completesBy: { [early.imageId]: T0 + 3 * HOUR } });
    expect(timed.outcomes).toEqual(plain.outcomes);
    expect(timed.ec2.calls).toEqual(plain.ec2.calls);
  });

  it('changes nothing when the guarantee had already been missed before the wait began', async () => {
    const plain = await runWait([timeBased]);
    const missed = await runWait([timeBased], { completesBy: { [timeBased.imageId]: T0 - HOUR } });
    expect(missed.ec2.calls).toEqual(plain.ec2.calls);
    expect(missed.outcomes).toEqual(plain.outcomes);
  });
});
