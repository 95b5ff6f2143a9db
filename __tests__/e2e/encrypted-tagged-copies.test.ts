/**
 * The main path, end to end: four target regions, a default KMS key plus a per-region map in
 * every form AWS accepts, a name template and extra tags. Everything is checked in the
 * simulator's state and request log, and in the step's outputs and job summary.
 */

import type { Image } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summaryNote, summaryRow } from '../report/summary-parts.js';
import { type ActionRun, runAction } from '../support/run-action.js';
import { param, snapshotsOfCopy, tagSpecifications } from '../support/sim-log.js';
import { startWorld, type World } from '../support/sim-world.js';

const SOURCE_NAME = 'web-base-2026.11.26';
const TARGETS = ['eu-west-1', 'ap-southeast-1', 'us-west-2', 'eu-central-1'] as const;
type Target = (typeof TARGETS)[number];

describe('bundle: encrypted, tagged copies to four regions with a per-region KMS map', () => {
  let world: World;
  let run: ActionRun;
  /** Region -> the key reference given as input, and the ARN of the key it must resolve to. */
  const keys = {} as Record<Target, { input: string; arn: string }>;

  beforeAll(async () => {
    world = await startWorld({
      source: {
        name: SOURCE_NAME,
        // Two volumes (30 + 20 GiB): every copy gets two snapshots, each must be tagged.
        blockDevices: [
          { deviceName: '/dev/xvda', sizeGiB: 30 },
          { deviceName: '/dev/xvdb', sizeGiB: 20 },
        ],
        tags: { team: 'platform', os: 'debian-12', 'aws:cloudformation:stack-name': 'packer' },
      },
    });
    const model = world.sim.model;
    // `alias/images` exists in every target region: a region that wrongly fell back to the
    // default key would be encrypted with its decoy instead of the key given for it.
    const aliasKey = (region: Target) => model.createKmsKey(region, { aliases: ['alias/images'] });
    const euWestKey = aliasKey('eu-west-1');
    for (const region of TARGETS) if (region !== 'eu-west-1') aliasKey(region);
    const apKey = model.createKmsKey('ap-southeast-1');
    const usKey = model.createKmsKey('us-west-2', { aliases: ['alias/golden'] });
    const euKey = model.createKmsKey('eu-central-1');
    keys['eu-west-1'] = { input: 'alias/images', arn: euWestKey.arn };
    keys['ap-southeast-1'] = { input: apKey.arn, arn: apKey.arn };
    keys['us-west-2'] = {
      input: `arn:aws:kms:us-west-2:${model.defaultAccountId}:alias/golden`,
      arn: usKey.arn,
    };
    keys['eu-central-1'] = { input: euKey.keyId, arn: euKey.arn };

    run = await runAction({
      env: world.env,
      inputs: {
        'source-ami-id': world.sourceImageId,
        'target-regions': TARGETS.join(', '),
        name: '{name}-{region}',
        encrypted: 'true',
        'kms-key-id': 'alias/images',
        'kms-key-ids': [
          `ap-southeast-1: ${keys['ap-southeast-1'].input}`,
          `us-west-2: ${keys['us-west-2'].input}`,
          `eu-central-1: ${keys['eu-central-1'].input}`,
        ].join('\n'),
        tags: 'env: prod\nos: debian-12-cis\ncost-center: "4711"',
      },
    });
  });
  afterAll(() => world.close());

  const copyIn = (region: string): Image => {
    const images = world.sim.model.images(region);
    expect(images, `images in ${region}`).toHaveLength(1);
    return images[0] as Image;
  };
  const expectedUserTags = { team: 'platform', os: 'debian-12-cis', env: 'prod', 'cost-center': '4711' };

  it('succeeds and leaves one available, encrypted copy per region, named from the template', () => {
    expect(run.errorMessage).toBeUndefined();
    expect(run.exitCode).toBe(0);
    for (const region of TARGETS) {
      const image = copyIn(region);
      expect(image.State).toBe('available');
      expect(image.Name).toBe(`${SOURCE_NAME}-${region}`);
      expect(image.SourceImageId).toBe(world.sourceImageId);
      expect(image.SourceImageRegion).toBe('us-east-1');
      expect(image.BlockDeviceMappings?.map((d) => d.Ebs?.Encrypted)).toEqual([true, true]);
    }
  });

  it('encrypts every snapshot with the key given for its region', () => {
    for (const region of TARGETS) {
      const image = copyIn(region);
      const snapshots = snapshotsOfCopy(world.sim.model, region, image.ImageId as string);
      expect(snapshots.map((s) => s.VolumeSize).sort()).toEqual([20, 30]);
      for (const snapshot of snapshots) {
        expect(snapshot.Encrypted).toBe(true);
        expect(snapshot.KmsKeyId, `${region} ${snapshot.SnapshotId}`).toBe(keys[region].arn);
      }
    }
  });

  it('tags images and their snapshots with source user tags, extra tags and provenance', () => {
    const settingsHashes = new Set<string>();
    for (const region of TARGETS) {
      const image = copyIn(region);
      const tags = world.sim.model.tagsOf(image.ImageId as string);
      expect(tags).toEqual({
        ...expectedUserTags,
        'ami-distribute:source-image': world.sourceImageId,
        'ami-distribute:source-region': 'us-east-1',
        'ami-distribute:settings': expect.stringMatching(/^[0-9a-f]{16}$/),
      });
      settingsHashes.add(tags['ami-distribute:settings'] as string);
      const snapshots = snapshotsOfCopy(world.sim.model, region, image.ImageId as string);
      expect(snapshots).toHaveLength(2);
      for (const snapshot of snapshots) {
        expect(world.sim.model.tagsOf(snapshot.SnapshotId as string)).toEqual(tags);
      }
    }
    // The settings hash names the target region and key, so no two regions share one.
    expect(settingsHashes.size).toBe(TARGETS.length);
  });

  it('asks for each copy once, with a ClientToken and the tags at creation, and never tags later', () => {
    const model = world.sim.model;
    const copies = model.log.find({ action: 'CopyImage' });
    expect(copies.map((c) => c.region).sort()).toEqual([...TARGETS].sort());
    const tokens = copies.map((c) => param(c, 'ClientToken'));
    for (const [index, copy] of copies.entries()) {
      const region = copy.region as Target;
      expect(copy.outcome).toBe('ok');
      expect(tokens[index]).toMatch(/^ami-distribute-[0-9a-f]+$/);
      expect(tokens[index]?.length).toBeLessThanOrEqual(64);
      expect(param(copy, 'SourceImageId')).toBe(world.sourceImageId);
      expect(param(copy, 'SourceRegion')).toBe('us-east-1');
      expect(param(copy, 'Encrypted')).toBe('true');
      expect(param(copy, 'KmsKeyId')).toBe(keys[region].input);
      const specs = tagSpecifications(copy);
      const imageTags = model.tagsOf(copyIn(region).ImageId as string);
      expect(specs).toEqual({ image: imageTags, snapshot: imageTags });
    }
    expect(new Set(tokens).size).toBe(TARGETS.length);
    expect(model.log.count({ action: 'CreateTags' })).toBe(0);
  });

  it('outputs the region map, the matrix, per-image records and no failed regions', () => {
    const ids = Object.fromEntries(TARGETS.map((region) => [region, copyIn(region).ImageId]));
    const amiIds = JSON.parse(run.outputs['ami-ids'] ?? 'null');
    expect(amiIds).toEqual({ 'us-east-1': world.sourceImageId, ...ids });
    expect(JSON.parse(run.outputs.matrix ?? 'null')).toEqual({
      include: Object.entries(amiIds).map(([region, ami]) => ({ region, ami })),
    });
    expect(JSON.parse(run.outputs['failed-regions'] ?? 'null')).toEqual([]);
    const images = JSON.parse(run.outputs.images ?? 'null') as Record<string, unknown>[];
    expect(images.map((i) => i.region)).toEqual([...TARGETS]);
    for (const record of images) {
      const region = record.region as Target;
      const snapshotIds = snapshotsOfCopy(world.sim.model, region, ids[region] as string).map(
        (s) => s.SnapshotId,
      );
      expect(record).toMatchObject({
        imageId: ids[region],
        name: `${SOURCE_NAME}-${region}`,
        state: 'available',
        origin: 'new',
        encrypted: true,
        kmsKeyId: keys[region].input,
        reason: null,
        disposition: null,
      });
      expect([...(record.snapshotIds as string[])].sort()).toEqual(snapshotIds.sort());
      expect(record.seconds).toEqual(expect.any(Number));
    }
  });

  it('writes a job summary with one row per region and the cost line', () => {
    const { summary } = run;
    expect(summary).toContain(
      `\`${world.sourceImageId}\` named \`${SOURCE_NAME}\` in us-east-1 (50 GiB, unencrypted)`,
    );
    for (const region of TARGETS) {
      const row = summaryRow(summary, region);
      expect(row, `summary row of ${region}`).not.toBe('');
      expect(row).toContain(`\`${copyIn(region).ImageId}\``);
      expect(row).toContain('| new | ✅ available |');
      expect(summaryNote(summary, row)).toContain(`encrypted with \`${keys[region].input}\``);
    }
    // 4 copies × 50 GiB: $0.02/GB transfer, $0.05/GB-month storage.
    expect(summary).toMatch(/4 new copies × 50 GiB: about \$4\.00 one-off .* and \$10\.00\/month/);
  });
});
