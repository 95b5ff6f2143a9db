/**
 * removeUnlessInUse, the last look before a timed-out or cancelled copy is removed: a copy still
 * copying goes (image and snapshots); one that became available meanwhile stays, since a run that
 * reused an available copy leaves no lease and may already have shared or published it.
 */
import { describe, expect, it } from 'vitest';
import { createModel, createModelGateway, virtualClock } from '../../sim/index.js';
import { removeUnlessInUse } from '../../src/distribute/cleanup.js';
import { silentLogger } from '../../src/logger.js';

function world() {
  const clock = virtualClock();
  const model = createModel({ clock, seed: 5 });
  const source = model.seedImage({ region: 'us-east-1', name: 'base', sizeGiB: 8 });
  const eu = createModelGateway(model, { maxAttempts: 1 }).forRegion('eu-west-1');
  const copy = () =>
    eu.copyImage({
      sourceImageId: source.imageId,
      sourceRegion: 'us-east-1',
      name: 'base-copy',
      description: undefined,
      encrypted: false,
      kmsKeyId: undefined,
      clientToken: 'token-1',
      imageTags: {},
      snapshotTags: undefined,
    });
  const self = { invocationId: 'run-a', now: () => clock.now(), logger: silentLogger };
  return { clock, model, eu, copy, self };
}

describe('removeUnlessInUse', () => {
  it('removes a copy that is still copying, with its snapshots', async () => {
    const { model, eu, copy, self } = world();
    const imageId = await copy();
    expect(model.imageState('eu-west-1', imageId)).toBe('pending');
    const removal = await removeUnlessInUse(eu, imageId, [], self);
    expect(removal.disposition).toBe('removed');
    expect(removal.availableNow).toBeUndefined();
    expect(model.images('eu-west-1')).toHaveLength(0);
    expect(model.snapshots('eu-west-1')).toHaveLength(0);
  });

  it('keeps a copy that became available before the removal, and says so', async () => {
    const { clock, model, eu, copy, self } = world();
    const imageId = await copy();
    await clock.advance((model.completionTime('eu-west-1', imageId) ?? 0) - clock.now() + 60_000);
    expect(model.imageState('eu-west-1', imageId)).toBe('available');
    const removal = await removeUnlessInUse(eu, imageId, [], self);
    expect(removal).toMatchObject({ disposition: 'kept', availableNow: true });
    expect(model.imageState('eu-west-1', imageId)).toBe('available');
    expect(model.log.count({ action: 'DeregisterImage' })).toBe(0);
  });
});
