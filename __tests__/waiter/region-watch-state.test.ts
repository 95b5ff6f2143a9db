import { describe, expect, it } from 'vitest';
import { isVanishedReason } from '../../src/waiter/image-final-states.js';
import { UNKNOWN_ERROR_LIMIT } from '../../src/waiter/poll-errors.js';
import { DEFAULT_POLL_PARAMS } from '../../src/waiter/poll-schedule.js';
import { notePoll } from '../../src/waiter/region-schedule.js';
import {
  finishAll,
  onCallError,
  onImagesAnswer,
  onRoundEnd,
  onRoundStart,
  onSnapshotsAnswer,
  planImages,
  type RegionWatchState,
  startRegionWatch,
  withoutProgress,
  withReadableProgress,
} from '../../src/waiter/region-watch-state.js';
import { copiedImage, copiedSnapshot } from './aws-answers.js';
import { sdkError } from './fake-ec2.js';

const P = DEFAULT_POLL_PARAMS;
const T0 = 1_000_000_000;
const SEC = 1000;
const MIN = 60 * SEC;
const REGION = 'eu-west-1';
const IDS = ['ami-a', 'ami-b', 'ami-c'];
const RULES = { snapshotLookupGraceMs: 10 * MIN, lagKnown: false };
const NO_LAGS = { registrationLagMs: 0, registrationLagSpreadMs: 0 };

const start = (ids: readonly string[] = IDS): RegionWatchState =>
  startRegionWatch(
    REGION,
    ids.map((imageId) => ({ region: REGION, imageId, sizeGiB: 50, startedAt: T0 })),
  );

const image = copiedImage;
const snapshot = copiedSnapshot;

describe('startRegionWatch', () => {
  it('keeps the copies in the order given, with a fresh call state', () => {
    const state = start();
    expect([...state.pending.keys()]).toEqual(IDS);
    expect(state.calls).toMatchObject({ lastPollAt: undefined, throttleLevel: 0, errorLevel: 0 });
    expect(state.round).toEqual({ throttled: false, failedTransiently: false });
  });

  it('plans every pending copy: the first look shortly after the start', () => {
    const plans = planImages(start(), T0, P, NO_LAGS);
    expect([...plans.keys()]).toEqual(IDS);
    for (const plan of plans.values()) expect(plan).toMatchObject({ phase: 'first', at: T0 + P.firstPollMs });
  });
});

describe('onSnapshotsAnswer', () => {
  const now = T0 + 5 * MIN;
  it.each([
    { name: 'all copying: records progress, no image check needed', b: ['pending', 20], lookAtImages: false },
    {
      name: 'one done (lag unknown): the round asks DescribeImages',
      b: ['completed', 100],
      lookAtImages: true,
    },
    { name: 'one not listed: the round asks DescribeImages', b: undefined, lookAtImages: true },
  ] as const)('$name', ({ b, lookAtImages }) => {
    const snapshots = [
      snapshot('ami-a', 'pending', 10),
      ...(b ? [snapshot('ami-b', b[0], b[1])] : []),
      snapshot('ami-c', 'pending', 30),
    ];
    const seen = onSnapshotsAnswer(start(), IDS, snapshots, now, RULES);
    expect(IDS.map((id) => seen.state.pending.get(id)?.view.history.lastPercent)).toEqual([10, b?.[1], 30]);
    expect(seen.lookAtImages).toBe(lookAtImages);
    expect(seen.progressLost).toEqual([]);
  });

  it('touches only the copies it was asked about, and clears the unknown-error count', () => {
    const errored = onCallError(start(), 'snapshots', new Error('no code')).state;
    const seen = onSnapshotsAnswer(errored, ['ami-b'], [snapshot('ami-b', 'pending', 20)], now, RULES);
    expect(seen.state.pending.get('ami-a')).toBe(errored.pending.get('ami-a'));
    expect(seen.state.pending.get('ami-b')?.view.history.lastPercent).toBe(20);
    expect(seen.state.unknownErrors).toEqual({ images: 0, snapshots: 0 });
    expect(errored.unknownErrors.snapshots).toBe(1);
  });

  it('names the copies whose snapshots stay unfindable past the grace', () => {
    let state = start(['ami-a', 'ami-b']);
    let lost: string[] = [];
    for (const at of [T0 + 9 * MIN, T0 + 10 * MIN, T0 + 11 * MIN]) {
      const seen = onSnapshotsAnswer(state, ['ami-a', 'ami-b'], [snapshot('ami-b', 'pending', 5)], at, RULES);
      state = seen.state;
      lost = seen.progressLost;
    }
    expect(lost).toEqual(['ami-a']);
    expect(withReadableProgress(state, ['ami-a', 'ami-b'])).toEqual(['ami-b']);
  });
});

describe('onImagesAnswer', () => {
  const now = T0 + 30 * MIN;

  it('ends the copies the answer shows final, in pending order, and keeps the others', () => {
    const progressed = onSnapshotsAnswer(
      start(),
      IDS,
      [
        snapshot('ami-a', 'pending', 70),
        snapshot('ami-b', 'pending', 40),
        snapshot('ami-c', 'completed', 100),
      ],
      now - MIN,
      RULES,
    ).state;
    const seen = onImagesAnswer(
      progressed,
      [image('ami-c', 'available'), image('ami-b', 'pending'), image('ami-a', 'failed')],
      now,
      60 * SEC,
    );
    expect(seen.finished.map((o) => [o.imageId, o.state, o.progressPercent, o.observedAt])).toEqual([
      ['ami-a', 'failed', 70, now],
      ['ami-c', 'available', 100, now],
    ]);
    expect(seen.finished.every((o) => o.region === REGION && o.image?.imageId === o.imageId)).toBe(true);
    expect(seen.finished[0]?.reason?.code).toBe('Image.failed');
    expect([...seen.state.pending.keys()]).toEqual(['ami-b']);
    expect(seen.state.pending.get('ami-b')?.view.imageSeenAt).toBe(now);
    // Nothing about the lag: ami-c's snapshots were never seen unfinished, ami-b's are not done.
    expect(seen.lags).toEqual([]);
  });

  it('collects what the answer says about the registration lag', () => {
    const unfinished = onSnapshotsAnswer(
      start(),
      IDS,
      [snapshot('ami-a', 'pending', 99)],
      now - 2 * MIN,
      RULES,
    );
    const done = onSnapshotsAnswer(
      unfinished.state,
      IDS,
      [snapshot('ami-a', 'completed', 100), snapshot('ami-b', 'completed', 100)],
      now - MIN,
      RULES,
    );
    const seen = onImagesAnswer(
      done.state,
      [image('ami-a', 'available'), image('ami-b', 'pending')],
      now,
      MIN,
    );
    expect(seen.lags).toEqual([
      { kind: 'available', ms: 2 * MIN },
      { kind: 'pending', ms: MIN },
    ]);
  });

  it.each([
    { name: 'first time unlisted', missedBefore: false, vanished: false },
    { name: 'unlisted again after the visibility grace', missedBefore: true, vanished: true },
  ])('a copy $name: vanished $vanished', ({ missedBefore, vanished }) => {
    let state = start(['ami-a']);
    if (missedBefore) state = onImagesAnswer(state, [], now - MIN, 60 * SEC).state;
    const seen = onImagesAnswer(state, [], now, 60 * SEC);
    expect(seen.state.pending.has('ami-a')).toBe(!vanished);
    expect(seen.finished.length).toBe(vanished ? 1 : 0);
    if (vanished) {
      const reason = seen.finished[0]?.reason;
      expect(reason && isVanishedReason(reason)).toBe(true);
      expect(reason?.message).toContain(`DescribeImages in ${REGION} no longer lists ami-a`);
    }
  });
});

describe('onCallError', () => {
  it.each([
    {
      name: 'throttling',
      error: sdkError('RequestLimitExceeded', 503),
      round: 'throttled',
      permanent: false,
    },
    {
      name: 'HTTP 429',
      error: sdkError('TooManyRequestsException', 429),
      round: 'throttled',
      permanent: false,
    },
    { name: 'a 5xx', error: sdkError('InternalError', 500), round: 'failedTransiently', permanent: false },
    {
      name: 'a network error',
      error: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      round: 'failedTransiently',
      permanent: false,
    },
    {
      name: 'access denied',
      error: sdkError('UnauthorizedOperation', 403),
      round: undefined,
      permanent: true,
    },
    { name: 'expired credentials', error: sdkError('ExpiredToken', 400), round: undefined, permanent: true },
    {
      name: 'an unknown error (first)',
      error: new Error('no code'),
      round: 'failedTransiently',
      permanent: false,
    },
  ])('$name', ({ error, round, permanent }) => {
    const failed = onCallError(start(), 'images', error);
    expect(failed.permanent).toBe(permanent);
    expect(failed.state.round).toEqual({
      throttled: round === 'throttled',
      failedTransiently: round === 'failedTransiently',
    });
  });

  it('takes a run of unknown errors on one API as permanent, counting each API apart', () => {
    let state = start();
    const verdicts: boolean[] = [];
    for (let i = 0; i < UNKNOWN_ERROR_LIMIT; i++) {
      const failed = onCallError(state, 'snapshots', new Error('no code'));
      state = failed.state;
      verdicts.push(failed.permanent);
    }
    expect(verdicts).toEqual([...Array(UNKNOWN_ERROR_LIMIT - 1).fill(false), true]);
    expect(onCallError(state, 'images', new Error('no code')).permanent).toBe(false);
    // An answer clears the count.
    const answered = onImagesAnswer(onCallError(state, 'images', new Error('x')).state, [], T0, MIN).state;
    expect(answered.unknownErrors.images).toBe(0);
  });
});

describe('onRoundStart / onRoundEnd', () => {
  const cap = 4; // 15 s doubling to the 120 s cap: 15, 30, 60, 120.
  it.each([
    { name: 'first throttled round', level: 0, round: { throttled: true }, after: 1, started: true },
    { name: 'throttled again', level: 1, round: { throttled: true }, after: 2, started: false },
    { name: 'throttled at the cap', level: cap, round: { throttled: true }, after: cap, started: false },
    { name: 'a clean round halves the level', level: 3, round: {}, after: 1, started: false },
    { name: 'a clean round at level 1', level: 1, round: {}, after: 0, started: false },
  ])('throttling: $name', ({ level, round, after, started }) => {
    const state = {
      ...onRoundStart(start(), T0),
      round: { throttled: false, failedTransiently: false, ...round },
    };
    const leveled = { ...state, calls: { ...state.calls, throttleLevel: level } };
    const ended = onRoundEnd(leveled, P);
    expect(ended.state.calls.throttleLevel).toBe(after);
    expect(ended.throttlingStarted).toBe(started);
  });

  it('counts rounds with transient errors up and resets on a round without', () => {
    let state = onRoundStart(start(), T0);
    state = onRoundEnd(onCallError(state, 'images', sdkError('InternalError', 500)).state, P).state;
    state = onRoundEnd(
      onCallError(onRoundStart(state, T0 + MIN), 'images', sdkError('InternalError', 500)).state,
      P,
    ).state;
    expect(state.calls.errorLevel).toBe(2);
    state = onRoundEnd(onRoundStart(state, T0 + 2 * MIN), P).state;
    expect(state.calls.errorLevel).toBe(0);
  });

  it('records the poll and forgets the last round', () => {
    const throttled = onCallError(start(), 'images', sdkError('Throttling', 400)).state;
    expect(throttled.round.throttled).toBe(true);
    const next = onRoundStart(throttled, T0 + MIN);
    expect(next.round).toEqual({ throttled: false, failedTransiently: false });
    expect(next.calls).toEqual(notePoll(throttled.calls, T0 + MIN));
  });
});

describe('withoutProgress and finishAll', () => {
  it('stops progress for every pending copy', () => {
    const state = withoutProgress(start());
    expect(withReadableProgress(state, IDS)).toEqual([]);
    for (const plan of planImages(state, T0 + 10 * MIN, P, NO_LAGS).values())
      expect(plan.wantsProgress).toBe(false);
  });

  it.each([
    { state: 'timed-out', reason: undefined, observedAt: undefined },
    { state: 'cancelled', reason: undefined, observedAt: undefined },
    {
      state: 'failed',
      reason: { code: 'ExpiredToken', message: 'DescribeImages failed: expired' },
      observedAt: T0,
    },
  ] as const)('ends every pending copy as $state', ({ state, reason, observedAt }) => {
    const progressed = onSnapshotsAnswer(start(), IDS, [snapshot('ami-b', 'pending', 42)], T0, RULES).state;
    const done = finishAll(progressed, state, reason, observedAt);
    expect(done.state.pending.size).toBe(0);
    expect(done.finished.map((o) => [o.imageId, o.state, o.reason, o.observedAt])).toEqual(
      IDS.map((id) => [id, state, reason, observedAt]),
    );
    expect(done.finished.map((o) => o.progressPercent)).toEqual([undefined, 42, undefined]);
    expect(progressed.pending.size).toBe(3);
  });
});
