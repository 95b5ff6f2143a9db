/**
 * dry-run: true, end to end. The bundle describes, plans and preflights, then sends every change
 * a real run would make as DryRun: CopyImage, the tags of a reused copy, sharing, protection and
 * deprecation. Nothing is created or changed; the outputs say what would happen, and every
 * refused call is named as "region: ec2:Action denied".
 */
import { describe, expect, it } from 'vitest';
import { entries } from '../support/invariants.js';
import { startScenario } from '../support/scenario.js';

const STEPS = {
  'share-accounts': '111122223333',
  'deregistration-protection': 'with-cooldown',
  'deprecate-at': '2030-01-01T00:00Z',
  'dry-run': 'true',
};

function changes(s: Awaited<ReturnType<typeof startScenario>>) {
  return s.model.log
    .all()
    .filter((e) => !/^(Describe|Get)/.test(e.action) && e.params.DryRun !== 'true')
    .map((e) => `${e.action} ${e.errorCode ?? 'ok'}`);
}

describe.concurrent('bundle: dry run', () => {
  it('everything allowed: exit 0, every change sent as DryRun, nothing created', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1', 'us-west-2'] });
    try {
      const imagesBefore = s.model.images().length;
      const run = await s.run({ inputs: s.inputs(STEPS) });
      expect(run.errorMessage).toBeUndefined();
      expect(run.exitCode).toBe(0);
      expect(s.model.images().length).toBe(imagesBefore);
      expect(changes(s)).toEqual([]);
      const dry = s.model.log.all().filter((e) => e.errorCode === 'DryRunOperation');
      const byAction = (action: string) =>
        dry
          .filter((e) => e.action === action)
          .map((e) => e.region)
          .sort();
      expect(byAction('CopyImage')).toEqual(['eu-west-1', 'us-west-2']);
      // The source is output for us-east-1 (include-source): it would be shared, protected and deprecated too.
      expect(byAction('ModifyImageAttribute')).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
      expect(byAction('EnableImageDeregistrationProtection')).toEqual([
        'eu-west-1',
        'us-east-1',
        'us-west-2',
      ]);
      expect(byAction('EnableImageDeprecation')).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
      expect(JSON.parse(run.outputs['ami-ids'] ?? 'null')).toEqual({});
      expect(JSON.parse(run.outputs['failed-regions'] ?? 'null')).toEqual([]);
      const images = entries(run);
      const west = images.find((i) => i.region === 'eu-west-1');
      expect(west).toMatchObject({ state: 'dry-run', origin: 'new', imageId: null });
      expect(west?.notes).toEqual([expect.stringContaining("dry run: would copy as 'web-base-2026.11.26'")]);
      expect(west?.share).toMatchObject({ status: 'would-apply' });
      expect(west?.protect).toMatchObject({
        status: 'would-apply',
        deregistrationProtection: 'enabled-with-cooldown',
      });
      expect(west?.deprecate).toMatchObject({
        status: 'would-apply',
        deprecationTime: '2030-01-01T00:00:00.000Z',
      });
      expect(run.summary).toContain('dry run: nothing was created or changed');
      expect(run.summary).toContain('would share with 1 account');
    } finally {
      await s.close();
    }
  });

  it('a denied action: exit 1, each refusal named by region and action, nothing created', async () => {
    const s = await startScenario({
      targetRegions: ['eu-west-1', 'us-west-2'],
      model: {
        policy: {
          Statement: [
            { Effect: 'Allow', Action: '*', Resource: '*' },
            { Effect: 'Deny', Action: 'ec2:CopyImage', Resource: 'arn:aws:ec2:us-west-2::image/*' },
            { Effect: 'Deny', Action: 'ec2:EnableImageDeprecation', Resource: '*' },
          ],
        },
      },
    });
    try {
      const imagesBefore = s.model.images().length;
      const run = await s.run({ inputs: s.inputs({ ...STEPS, 'include-source': 'false' }) });
      expect(run.exitCode).toBe(1);
      expect(s.model.images().length).toBe(imagesBefore);
      expect(changes(s)).toEqual([]);
      expect(run.errorMessage).toMatch(/- us-west-2: ec2:CopyImage denied: UnauthorizedOperation/);
      expect(run.errorMessage).toMatch(/- eu-west-1: deprecate: ec2:EnableImageDeprecation denied/);
      expect(run.errorMessage).toMatch(/- us-west-2: deprecate: ec2:EnableImageDeprecation denied/);
      expect(run.errorMessage).not.toMatch(/share: .*denied/);
      expect(JSON.parse(run.outputs['failed-regions'] ?? 'null')).toEqual(['eu-west-1', 'us-west-2']);
      const images = entries(run);
      expect(images.map((i) => [i.region, i.share?.status, i.deprecate?.status])).toEqual([
        ['eu-west-1', 'would-apply', 'failed'],
        ['us-west-2', 'would-apply', 'failed'],
      ]);
    } finally {
      await s.close();
    }
  });

  it('a dry run after a real run: the copies would be reused, and a second real run is not affected', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1'] });
    try {
      const first = await s.run({ inputs: s.inputs({ 'include-source': 'false' }) });
      expect(first.exitCode).toBe(0);
      const before = s.model.images().length;
      const run = await s.run({
        inputs: s.inputs({ ...STEPS, 'include-source': 'false', tags: 'release=v2' }),
      });
      expect(run.exitCode).toBe(0);
      expect(s.model.images().length).toBe(before);
      const images = entries(run);
      expect(images[0]).toMatchObject({
        state: 'dry-run',
        origin: 'reused',
        imageId: JSON.parse(first.outputs['ami-ids'] ?? '{}')['eu-west-1'],
      });
      // The reused copy lacks release=v2: a real run would tag it, so the dry run sends that CreateTags as DryRun.
      expect(s.model.log.find({ action: 'CreateTags', errorCode: 'DryRunOperation' })).toHaveLength(1);
      expect(s.model.tagsOf(images[0]?.imageId as string).release).toBeUndefined();
    } finally {
      await s.close();
    }
  });
});
