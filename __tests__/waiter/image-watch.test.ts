import { describe, expect, it } from 'vitest';
import type { ImageInfo } from '../../src/aws/types.js';
import {
  type ImageWatch,
  onImageListed,
  onImageSnapshots,
  onImageUnlisted,
  type SnapshotRules,
  startWatch,
  type WatchedView,
  withoutImageProgress,
} from '../../src/waiter/image-watch.js';
import type { ProgressReading } from '../../src/waiter/poll-progress.js';
import { copiedImage } from './aws-answers.js';

const T0 = 1_000_000_000;
const SEC = 1000;
const MIN = 60 * SEC;
const GRACE = 10 * MIN;
const RULES: SnapshotRules = { snapshotLookupGraceMs: GRACE, lagKnown: false };

function watchOf(view: Partial<WatchedView> = {}, snapshotMisses = 0): ImageWatch {
  const fresh = startWatch({ region: 'eu-west-1', imageId: 'ami-1', sizeGiB: 50, startedAt: T0 });
  return { ...fresh, snapshotMisses, view: { ...fresh.view, ...view } };
}

const image = (state: string, stateReason?: ImageInfo['stateReason']) =>
  copiedImage('ami-1', state, stateReason);

const pending = (percent: number): ProgressReading => ({ percent, allCompleted: false, anyError: false });
const COMPLETED: ProgressReading = { percent: 100, allCompleted: true, anyError: false };
const FAILED_SNAPSHOT: ProgressReading = { percent: 30, allCompleted: false, anyError: true };

describe('startWatch', () => {
  it('starts from what the target says and knows nothing else yet', () => {
    const watch = startWatch({ region: 'r', imageId: 'ami-9', sizeGiB: 120, startedAt: T0 + 5 });
    expect(watch.view).toMatchObject({ startedAt: T0 + 5, sizeGiB: 120, progressAvailable: true });
    expect(watch.view.history.lastPercent).toBeUndefined();
    expect([watch.view.imageSeenAt, watch.view.aliveAt, watch.view.snapshotsDoneAt]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(watch.snapshotMisses).toBe(0);
  });
});

describe('onImageSnapshots: no snapshot listed for the image', () => {
  it.each([
    { name: 'a first miss', misses: 0, at: T0 + 15 * SEC, lost: false },
    { name: 'a third miss before the grace', misses: 2, at: T0 + GRACE - 1, lost: false },
    { name: 'a second miss after the grace', misses: 1, at: T0 + GRACE, lost: false },
    { name: 'a third miss once the grace is over', misses: 2, at: T0 + GRACE, lost: true },
  ])('$name: counts it, asks for the image, lost progress: $lost', ({ misses, at, lost }) => {
    const seen = onImageSnapshots(watchOf({}, misses), undefined, at, RULES);
    expect(seen.watch.snapshotMisses).toBe(misses + 1);
    expect(seen.lookAtImage).toBe(true);
    expect(seen.progressLost).toBe(lost);
    expect(seen.watch.view.progressAvailable).toBe(!lost);
    // A miss is no sign of life.
    expect(seen.watch.view.aliveAt).toBeUndefined();
  });
});

describe('onImageSnapshots: the image has snapshots', () => {
  const now = T0 + 20 * MIN;
  const doneBefore = T0 + 19 * MIN;
  const unfinishedBefore = T0 + 18 * MIN;
  it.each([
    {
      name: 'still copying',
      reading: pending(40),
      before: {},
      rules: RULES,
      expected: { aliveAt: now, snapshotsDoneAt: undefined, snapshotsUnfinishedAt: now, lastPercent: 40 },
      lookAtImage: false,
    },
    {
      name: 'done, registration lag unknown: look at the image now',
      reading: COMPLETED,
      before: { snapshotsUnfinishedAt: unfinishedBefore },
      rules: RULES,
      expected: {
        aliveAt: now,
        snapshotsDoneAt: now,
        snapshotsUnfinishedAt: unfinishedBefore,
        lastPercent: 100,
      },
      lookAtImage: true,
    },
    {
      name: 'done, registration lag known: the finishing phase aims at it',
      reading: COMPLETED,
      before: {},
      rules: { ...RULES, lagKnown: true },
      expected: { aliveAt: now, snapshotsDoneAt: now, snapshotsUnfinishedAt: undefined, lastPercent: 100 },
      lookAtImage: false,
    },
    {
      name: 'done again: keeps when it was first seen done',
      reading: COMPLETED,
      before: { snapshotsDoneAt: doneBefore },
      rules: { ...RULES, lagKnown: true },
      expected: {
        aliveAt: now,
        snapshotsDoneAt: doneBefore,
        snapshotsUnfinishedAt: undefined,
        lastPercent: 100,
      },
      lookAtImage: false,
    },
    {
      name: 'a snapshot in error: not alive, look at the image',
      reading: FAILED_SNAPSHOT,
      before: { aliveAt: unfinishedBefore },
      rules: RULES,
      expected: {
        aliveAt: unfinishedBefore,
        snapshotsDoneAt: undefined,
        snapshotsUnfinishedAt: now,
        lastPercent: 30,
      },
      lookAtImage: true,
    },
  ])('$name', ({ reading, before, rules, expected, lookAtImage }) => {
    const seen = onImageSnapshots(watchOf(before, 2), reading, now, rules);
    const { view } = seen.watch;
    expect({
      aliveAt: view.aliveAt,
      snapshotsDoneAt: view.snapshotsDoneAt,
      snapshotsUnfinishedAt: view.snapshotsUnfinishedAt,
      lastPercent: view.history.lastPercent,
    }).toEqual(expected);
    expect(view.history.lastSeenAt).toBe(now);
    expect(seen.lookAtImage).toBe(lookAtImage);
    expect(seen.progressLost).toBe(false);
    expect(seen.watch.snapshotMisses).toBe(0);
  });

  it('leaves the watch it was given as it was', () => {
    const before = watchOf();
    const copy = structuredClone(before);
    onImageSnapshots(before, pending(10), now, RULES);
    onImageSnapshots(before, undefined, now, RULES);
    expect(before).toEqual(copy);
  });
});

describe('onImageListed', () => {
  const now = T0 + 30 * MIN;
  const reason = { code: 'Client.InvalidKMSKey.NotFound', message: 'The KMS key does not exist' };
  it.each([
    { name: 'pending', state: 'pending', stateReason: undefined, finished: undefined },
    { name: 'transient (not final)', state: 'transient', stateReason: undefined, finished: undefined },
    { name: 'available', state: 'available', stateReason: undefined, finished: { state: 'available' } },
    {
      name: 'failed with AWS reason',
      state: 'failed',
      stateReason: reason,
      finished: { state: 'failed', reason },
    },
    {
      name: 'error without a reason',
      state: 'error',
      stateReason: undefined,
      finished: {
        state: 'failed',
        reason: { code: 'Image.error', message: expect.stringMatching(/state error/) },
      },
    },
    {
      name: 'deregistered',
      state: 'deregistered',
      stateReason: undefined,
      finished: { state: 'failed', reason: expect.objectContaining({ code: 'Image.deregistered' }) },
    },
  ])('$name', ({ state, stateReason, finished }) => {
    const listed = image(state, stateReason);
    const seen = onImageListed(watchOf({ missingSince: T0 + 10 * SEC }), listed, now);
    if (finished === undefined) expect(seen.finished).toBeUndefined();
    else expect(seen.finished).toEqual({ reason: undefined, ...finished });
    expect(seen.watch.image).toBe(listed);
    expect(seen.watch.view).toMatchObject({ imageSeenAt: now, aliveAt: now, missingSince: undefined });
  });

  it.each([
    {
      name: 'available after its snapshots were last seen unfinished: the lag is at most that',
      state: 'available',
      view: { snapshotsUnfinishedAt: now - 40 * SEC, snapshotsDoneAt: now - 20 * SEC },
      lag: { kind: 'available', ms: 40 * SEC },
    },
    {
      name: 'pending after its snapshots were seen done: the lag is more than that',
      state: 'pending',
      view: { snapshotsUnfinishedAt: now - 40 * SEC, snapshotsDoneAt: now - 20 * SEC },
      lag: { kind: 'pending', ms: 20 * SEC },
    },
    { name: 'pending, snapshots not done: says nothing', state: 'pending', view: {}, lag: undefined },
    {
      name: 'available, snapshots never seen unfinished: says nothing',
      state: 'available',
      view: { snapshotsDoneAt: now - 20 * SEC },
      lag: undefined,
    },
  ])('registration lag: $name', ({ state, view, lag }) => {
    expect(onImageListed(watchOf(view), image(state), now).lag).toEqual(lag);
  });
});

describe('onImageUnlisted', () => {
  const VISIBILITY = 60 * SEC;
  it.each([
    { name: 'first miss, within the grace', missingSince: undefined, at: T0 + 15 * SEC, vanished: false },
    { name: 'first miss, after the grace', missingSince: undefined, at: T0 + 20 * MIN, vanished: false },
    {
      name: 'missing again, within the grace',
      missingSince: T0 + 15 * SEC,
      at: T0 + 30 * SEC,
      vanished: false,
    },
    {
      name: 'missing again, after the grace',
      missingSince: T0 + 20 * MIN,
      at: T0 + 21 * MIN,
      vanished: true,
    },
  ])('$name: vanished $vanished', ({ missingSince, at, vanished }) => {
    const missed = onImageUnlisted(watchOf({ missingSince }), at, VISIBILITY);
    expect(missed.vanished).toBe(vanished);
    // The first miss is remembered, not moved by later ones.
    expect(missed.watch.view.missingSince).toBe(missingSince ?? at);
  });
});

describe('withoutImageProgress', () => {
  it('stops asking for progress and keeps the rest', () => {
    const before = onImageSnapshots(watchOf(), pending(25), T0 + MIN, RULES).watch;
    const after = withoutImageProgress(before);
    expect(after.view.progressAvailable).toBe(false);
    expect(after.view.history).toBe(before.view.history);
    expect(before.view.progressAvailable).toBe(true);
  });
});
