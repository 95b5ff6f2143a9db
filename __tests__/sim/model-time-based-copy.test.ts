/** Time-based copies (CopyImage SnapshotCopyCompletionDurationMinutes) in the model. */
import { describe, expect, it } from 'vitest';
import { ec2, errorCode, HOUR, MINUTE, virtualWorld } from './helpers.js';

type Snapshots = {
  Snapshots: { State: string; Progress: string; TransferType?: string; CompletionDurationMinutes?: number }[];
};

function copy(
  sizeGiB: number,
  minutes: number | undefined,
  options: Parameters<typeof virtualWorld>[0] = {},
) {
  const { model, clock } = virtualWorld(options);
  const source = model.seedImage({ region: 'us-east-1', name: 'src', sizeGiB });
  const eu = ec2(model, 'eu-west-1');
  const start = clock.now();
  const { ImageId } = eu.call<{ ImageId: string }>('CopyImage', {
    SourceImageId: source.imageId,
    SourceRegion: 'us-east-1',
    Name: 'copy',
    ...(minutes === undefined ? {} : { SnapshotCopyCompletionDurationMinutes: minutes }),
  });
  const snapshots = () =>
    eu.call<Snapshots>('DescribeSnapshots', {
      Filters: [{ Name: 'description', Values: [`Copied for DestinationAmi ${ImageId} *`] }],
    }).Snapshots;
  const done = model.completionTime('eu-west-1', ImageId) ?? Number.NaN;
  return { model, clock, eu, start, imageId: ImageId, done, snapshots, source };
}

describe('time-based copies', () => {
  it('a copy slower than its duration is made to finish within it, and says it is time-based', async () => {
    // 200 GiB at 40 MiB/s takes about 1.5 h normally.
    const normal = copy(200, undefined);
    expect(normal.done - normal.start).toBeGreaterThan(80 * MINUTE);
    const timed = copy(200, 30);
    expect(timed.done - timed.start).toBeLessThanOrEqual(30 * MINUTE);
    expect(timed.done - timed.start).toBeGreaterThan(25 * MINUTE);
    expect(timed.snapshots()).toEqual([
      expect.objectContaining({
        State: 'pending',
        TransferType: 'time-based',
        CompletionDurationMinutes: 30,
      }),
    ]);
    await timed.clock.advanceTo(timed.start + 15 * MINUTE);
    expect(timed.model.imageState('eu-west-1', timed.imageId)).toBe('pending');
    expect(timed.snapshots()[0]?.State).toBe('pending');
    await timed.clock.advanceTo(timed.start + 30 * MINUTE);
    expect(timed.model.imageState('eu-west-1', timed.imageId)).toBe('available');
    expect(timed.snapshots()[0]).toMatchObject({ State: 'completed', Progress: '100%' });
  });

  it('a copy faster than its duration finishes when the normal copy would', () => {
    const normal = copy(8, undefined);
    const timed = copy(8, 120);
    expect(timed.done - timed.start).toBe(normal.done - normal.start);
    expect(timed.done - timed.start).toBeLessThan(10 * MINUTE);
  });

  it('cuts a long registration lag so the image is still available within the duration', () => {
    const timed = copy(200, 15, { registrationDelayRangeMs: [20 * MINUTE, 40 * MINUTE] });
    expect(timed.done - timed.start).toBeLessThanOrEqual(15 * MINUTE);
    const normal = copy(200, undefined, { registrationDelayRangeMs: [20 * MINUTE, 40 * MINUTE] });
    expect(normal.done - normal.start).toBeGreaterThan(HOUR);
  });

  it('takes 15 to 2880 minutes in steps of 15', () => {
    const { model } = virtualWorld();
    const source = model.seedImage({ region: 'us-east-1', name: 'src' });
    const eu = ec2(model, 'eu-west-1');
    const attempt = (minutes: number, name: string) =>
      errorCode(() =>
        eu.call('CopyImage', {
          SourceImageId: source.imageId,
          SourceRegion: 'us-east-1',
          Name: name,
          SnapshotCopyCompletionDurationMinutes: minutes,
        }),
      );
    expect(attempt(0, 'copy-0')).toBe('InvalidParameterValue');
    expect(attempt(10, 'copy-10')).toBe('InvalidParameterValue');
    expect(attempt(20, 'copy-20')).toBe('InvalidParameterValue');
    expect(attempt(2895, 'copy-2895')).toBe('InvalidParameterValue');
    expect(attempt(15, 'copy-15')).toBe('no error');
    expect(attempt(2880, 'copy-2880')).toBe('no error');
    expect(model.images('eu-west-1')).toHaveLength(2);
  });

  it('refuses a duration the 500 MiB/s ceiling cannot meet, naming the least that works', () => {
    const { model } = virtualWorld();
    // 1000 GiB at 500 MiB/s is 34 minutes.
    const source = model.seedImage({ region: 'us-east-1', name: 'big', sizeGiB: 1000 });
    const eu = ec2(model, 'eu-west-1');
    const start = (minutes: number) => () =>
      eu.call('CopyImage', {
        SourceImageId: source.imageId,
        SourceRegion: 'us-east-1',
        Name: `big-${minutes}`,
        SnapshotCopyCompletionDurationMinutes: minutes,
      });
    expect(errorCode(start(30))).toBe('InvalidParameterValue');
    let message = '';
    try {
      start(30)();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/at least 45 minutes/);
    expect(errorCode(start(45))).toBe('no error');
    const imageId = model.images('eu-west-1')[0]?.ImageId ?? '';
    const took =
      (model.completionTime('eu-west-1', imageId) ?? 0) - (model.imageRecord(imageId)?.createdAt ?? 0);
    expect(took).toBeGreaterThanOrEqual(34 * MINUTE);
    expect(took).toBeLessThanOrEqual(45 * MINUTE);
  });
});
