/**
 * How the source is named and where it lives, through the bundle: Packer's artifact_id, the
 * source region listed as a target (with and without encryption), include-source: false, and a
 * source image that is still pending when the step starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActionRun, runAction } from '../support/run-action.js';
import { snapshotsOfCopy } from '../support/sim-log.js';
import { startWorld, type World } from '../support/sim-world.js';

const TIMEOUT = '4s'; // copies finish in ~1.3 s at 1200x; the poller's first look is at the deadline

describe('bundle: source forms', () => {
  describe("Packer's artifact_id, the source region as a target, encryption", () => {
    let world: World;
    let run: ActionRun;
    beforeAll(async () => {
      world = await startWorld({ scale: 1200 });
      const other = world.sim.model.seedImage({ region: 'eu-central-1', name: 'web-base-eu', sizeGiB: 8 });
      run = await runAction({
        env: world.env,
        inputs: {
          // Packer's artifact_id lists one AMI per build region; the source region's entry is used.
          'source-ami-id': `eu-central-1:${other.imageId},us-east-1:${world.sourceImageId}`,
          'target-regions': 'us-east-1 eu-west-1',
          encrypted: 'true',
          timeout: TIMEOUT,
        },
      });
    });
    afterAll(() => world.close());

    it('takes the entry of the source region (AWS_REGION) and copies from it', () => {
      expect(run.exitCode).toBe(0);
      const copies = world.sim.model.log.find({ action: 'CopyImage' });
      expect(copies.map((c) => c.params.SourceImageId)).toEqual([world.sourceImageId, world.sourceImageId]);
      expect(copies.every((c) => c.params.SourceRegion === 'us-east-1')).toBe(true);
    });

    it('makes an encrypted copy in the source region under a name of its own, mapped instead of the source', () => {
      const amiIds = JSON.parse(run.outputs['ami-ids'] ?? '{}') as Record<string, string>;
      const sameRegion = world.sim.model.image(amiIds['us-east-1'] ?? '');
      expect(amiIds['us-east-1']).not.toBe(world.sourceImageId);
      expect(sameRegion?.Name).toBe('web-base-2026.11.26 (encrypted)');
      const snapshots = snapshotsOfCopy(world.sim.model, 'us-east-1', amiIds['us-east-1'] ?? '?');
      expect(snapshots.length).toBeGreaterThan(0);
      expect(snapshots.every((s) => s.Encrypted === true)).toBe(true);
      expect(Object.keys(amiIds)).toEqual(['us-east-1', 'eu-west-1']);
    });
  });

  describe('include-source: false', () => {
    const fresh = async (targetRegions: string) => {
      const world = await startWorld({ scale: 1200 });
      const inputs = {
        'source-ami-id': world.sourceImageId,
        'target-regions': targetRegions,
        'include-source': 'false',
        timeout: TIMEOUT,
      };
      return { world, run: await runAction({ env: world.env, inputs }) };
    };
    let listed: { world: World; run: ActionRun };
    let unlisted: { world: World; run: ActionRun };
    beforeAll(async () => {
      [listed, unlisted] = await Promise.all([fresh('eu-west-1\nus-east-1'), fresh('eu-west-1')]);
    });
    afterAll(() => Promise.all([listed.world.close(), unlisted.world.close()]));

    it('maps a listed source region (no encryption) to the source image without copying there', () => {
      const { world, run } = listed;
      expect(run.exitCode).toBe(0);
      const amiIds = JSON.parse(run.outputs['ami-ids'] ?? '{}') as Record<string, string>;
      expect(amiIds['us-east-1']).toBe(world.sourceImageId);
      expect(world.sim.model.log.find({ action: 'CopyImage' }).map((c) => c.region)).toEqual(['eu-west-1']);
      const images = JSON.parse(run.outputs.images ?? '[]') as { region: string; origin: string }[];
      expect(images.find((i) => i.region === 'us-east-1')?.origin).toBe('source');
    });

    it('leaves an unlisted source region out of ami-ids and matrix', () => {
      const { run } = unlisted;
      expect(run.exitCode).toBe(0);
      expect(Object.keys(JSON.parse(run.outputs['ami-ids'] ?? '{}'))).toEqual(['eu-west-1']);
      expect(JSON.parse(run.outputs.matrix ?? '{}').include).toHaveLength(1);
    });
  });

  describe('a source image still pending when the step starts', () => {
    let world: World;
    let run: ActionRun;
    let pendingId: string;
    beforeAll(async () => {
      world = await startWorld({ scale: 300 });
      const now = world.sim.model.clock.now();
      // Becomes available ~6 real seconds in (1800 simulated seconds at 300x): after the step's
      // first look even on a loaded machine, well before its second (15 s later).
      pendingId = world.sim.model.seedImage({
        region: 'us-east-1',
        name: 'web-base-still-registering',
        sizeGiB: 8,
        copyOf: {
          sourceImageId: world.sourceImageId,
          sourceRegion: 'us-east-1',
          completesAt: now + 1_800_000,
        },
      }).imageId;
      run = await runAction({
        env: world.env,
        inputs: { 'source-ami-id': pendingId, 'target-regions': 'eu-west-1', timeout: '40s' },
      });
    });
    afterAll(() => world.close());

    it('waits for it, then copies it', () => {
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain(
        `Source image ${pendingId} is still pending; waiting for it to become available.`,
      );
      const copy = world.sim.model.log.find({ action: 'CopyImage' });
      expect(copy).toHaveLength(1);
      expect(copy[0]?.params.SourceImageId).toBe(pendingId);
      expect(JSON.parse(run.outputs['failed-regions'] ?? '[]')).toEqual([]);
    });
  });
});
