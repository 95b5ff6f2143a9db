/**
 * A copy that fails stops where it failed: its snapshots report `error` with the progress
 * they had reached, not a progress that keeps growing towards 99% afterwards.
 */
import { describe, expect, it } from 'vitest';
import { ec2, HOUR, virtualWorld } from './helpers.js';

describe('a failed copy', () => {
  it('freezes its snapshots’ progress at the moment of failure', async () => {
    const { model, clock } = virtualWorld({ progressProfile: 'linear', copyJitter: 0 });
    const source = model.seedImage({ region: 'us-east-1', name: 'src', sizeGiB: 50 });
    model.faults.failCopies('eu-west-1', undefined, 0.3);
    const { ImageId } = ec2(model, 'eu-west-1').call<{ ImageId: string }>('CopyImage', {
      SourceImageId: source.imageId,
      SourceRegion: 'us-east-1',
      Name: 'copy',
    });
    const failure = model.copySettlement('eu-west-1', ImageId);
    expect(failure?.outcome).toBe('failed');
    await clock.advanceTo(failure?.at as number);
    const atFailure = model.snapshots('eu-west-1').map((s) => [s.State, s.Progress]);
    expect(atFailure).toEqual([['error', expect.stringMatching(/^\d+%$/)]]);
    const percentAtFailure = Number.parseInt(String(atFailure[0]?.[1]), 10);
    expect(percentAtFailure).toBeLessThan(99);

    await clock.advance(5 * HOUR);
    expect(model.snapshots('eu-west-1').map((s) => [s.State, s.Progress])).toEqual(atFailure);
  });
});
