/**
 * Share, protect and deprecate, end to end: the bundle on the simulator over HTTP, every image
 * of the run (the copies and the source, which the outputs hand out too) read back with a
 * second client, the SDK. Then the ways it goes wrong: sharing refused in one region, a rerun
 * that reuses copies and still applies everything, and the preflight refusals that stop a run
 * before anything is copied.
 */
import { DescribeImageAttributeCommand, DescribeImagesCommand, type Image } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { ec2ClientOf } from '../support/ec2-client.js';
import { amiIdsOutput, entries, invariantViolations } from '../support/invariants.js';
import { type Scenario, startScenario } from '../support/scenario.js';

const ACCOUNTS = ['111122223333', '444455556666'];
const ORG = 'arn:aws:organizations::123456789012:organization/o-abcdefghij';
const OU = 'arn:aws:organizations::123456789012:ou/o-abcdefghij/ou-ab12-cdefgh34';
const STEPS = {
  'share-accounts': ACCOUNTS.join(', '),
  'share-organizations': ORG,
  'share-organizational-units': OU,
  'deregistration-protection': 'true',
  'deprecate-after': '365d',
};

async function launchPermissions(s: Scenario, region: string, imageId: string) {
  const answer = await ec2ClientOf(s.world, region).send(
    new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' }),
  );
  return (answer.LaunchPermissions ?? [])
    .map((p) => p.UserId ?? p.OrganizationArn ?? p.OrganizationalUnitArn ?? p.Group)
    .sort();
}

async function described(s: Scenario, region: string, imageId: string): Promise<Image | undefined> {
  const answer = await ec2ClientOf(s.world, region).send(new DescribeImagesCommand({ ImageIds: [imageId] }));
  return answer.Images?.[0];
}

/** 365 days after the seeded source's creation, as the step computes it (rounded up to the minute). */
function expectedDeprecation(image: Image | undefined): string {
  const created = Date.parse(image?.CreationDate ?? '');
  const at = Math.ceil((created + 365 * 86_400_000) / 60_000) * 60_000;
  return new Date(at).toISOString();
}

describe.concurrent('bundle: share, protect, deprecate', () => {
  it('every image of the run, the source included, is shared, protected and deprecated, and the outputs say so', async () => {
    // us-west-2 copies at a quarter of the speed: eu-west-1 must not wait for it.
    const s = await startScenario({
      targetRegions: ['eu-west-1', 'us-west-2'],
      model: { copyThroughputMiBps: { 'us-west-2': 10, '*': 40 } },
    });
    try {
      const run = await s.run({ inputs: s.inputs(STEPS) });
      expect(run.errorMessage).toBeUndefined();
      expect(run.exitCode).toBe(0);
      const ids = amiIdsOutput(run);
      expect(Object.keys(ids).sort()).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
      const source = await described(s, 'us-east-1', s.world.sourceImageId);
      for (const [region, imageId] of Object.entries(ids)) {
        expect(await launchPermissions(s, region, imageId), region).toEqual([...ACCOUNTS, ORG, OU].sort());
        const image = await described(s, region, imageId);
        expect(image?.DeregistrationProtection, region).toBe('enabled-without-cooldown');
        expect(image?.DeprecationTime && new Date(image.DeprecationTime).toISOString(), region).toBe(
          expectedDeprecation(source),
        );
      }
      const images = entries(run);
      // The source is output for us-east-1 (include-source), so its entry carries its steps.
      expect(images.map((i) => [i.region, i.origin])).toEqual([
        ['us-east-1', 'source'],
        ['eu-west-1', 'new'],
        ['us-west-2', 'new'],
      ]);
      for (const image of images) {
        expect(image.share).toMatchObject({
          status: 'applied',
          sharedWith: { accounts: ACCOUNTS, organizations: [ORG], organizationalUnits: [OU], public: false },
          error: null,
        });
        expect(image.protect).toMatchObject({
          status: 'applied',
          deregistrationProtection: 'enabled-without-cooldown',
        });
        expect(image.deprecate).toMatchObject({
          status: 'applied',
          deprecationTime: expectedDeprecation(source),
        });
      }
      expect(run.summary).toContain('shared with 2 accounts, 1 organization, 1 OU');
      const sharedAt = (region: string) =>
        s.model.log.find({ action: 'ModifyImageAttribute', region, outcome: 'ok' })[0]?.clockTime ?? Infinity;
      const slowDone = s.model.completionTime('us-west-2', ids['us-west-2'] as string) ?? 0;
      expect(sharedAt('eu-west-1')).toBeLessThan(slowDone);
      expect(sharedAt('us-east-1')).toBeLessThan(sharedAt('eu-west-1'));
      expect(sharedAt('us-west-2')).toBeGreaterThanOrEqual(slowDone);
      // Markdown-escaped, as all text in the summary.
      expect(run.summary).toContain('protected from deregistration \\(enabled-without-cooldown\\)');
      expect(
        invariantViolations(s.model, s.mark, { copiesIn: ['eu-west-1', 'us-west-2'], runs: [run] }),
      ).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('sharing refused in one region fails the step for that region; the copy stays available and in the outputs', async () => {
    const s = await startScenario({
      targetRegions: ['eu-west-1', 'us-west-2'],
      model: {
        policy: {
          Statement: [
            { Effect: 'Allow', Action: '*', Resource: '*' },
            {
              Effect: 'Deny',
              Action: 'ec2:ModifyImageAttribute',
              Resource: 'arn:aws:ec2:us-west-2::image/*',
            },
          ],
        },
      },
    });
    try {
      const run = await s.run({
        inputs: s.inputs({ 'share-accounts': ACCOUNTS[0] as string, 'include-source': 'false' }),
      });
      expect(run.exitCode).toBe(1);
      const ids = amiIdsOutput(run);
      expect(Object.keys(ids).sort()).toEqual(['eu-west-1', 'us-west-2']);
      expect(JSON.parse(run.outputs['failed-regions'] ?? 'null')).toEqual([]);
      const images = entries(run);
      const west = images.find((i) => i.region === 'us-west-2');
      expect(west?.state).toBe('available');
      expect(west?.share).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('ec2:ModifyImageAttribute: UnauthorizedOperation'),
      });
      expect(images.find((i) => i.region === 'eu-west-1')?.share).toMatchObject({ status: 'applied' });
      expect(await launchPermissions(s, 'eu-west-1', ids['eu-west-1'] as string)).toEqual([ACCOUNTS[0]]);
      expect(await launchPermissions(s, 'us-west-2', ids['us-west-2'] as string)).toEqual([]);
      expect(run.errorMessage).toMatch(
        /1 post-copy step failed:\n- us-west-2: share failed \(ec2:ModifyImageAttribute\): UnauthorizedOperation/,
      );
      expect(run.errorMessage).toContain(`The image ${ids['us-west-2']} is available and in the outputs.`);
      expect(run.stdout).toContain('::error title=ami-distribute%3A us-west-2 share failed::');
      expect(
        invariantViolations(s.model, s.mark, { copiesIn: ['eu-west-1', 'us-west-2'], runs: [run] }),
      ).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('a rerun reuses the copies and still shares, protects and deprecates them; a third run changes nothing', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1', 'us-west-2'] });
    try {
      const first = await s.run({ inputs: s.inputs({ 'include-source': 'false' }) });
      expect(first.exitCode).toBe(0);
      const copies = s.model.log.count({ action: 'CopyImage' });
      const second = await s.run({
        inputs: s.inputs({ ...STEPS, 'include-source': 'false' }),
        env: { GITHUB_RUN_ATTEMPT: '2' },
      });
      expect(second.errorMessage).toBeUndefined();
      expect(s.model.log.count({ action: 'CopyImage' })).toBe(copies);
      const ids = amiIdsOutput(second);
      expect(ids).toEqual(amiIdsOutput(first));
      for (const [region, imageId] of Object.entries(ids)) {
        expect(await launchPermissions(s, region, imageId)).toEqual([...ACCOUNTS, ORG, OU].sort());
        expect((await described(s, region, imageId))?.DeregistrationProtection).toBe(
          'enabled-without-cooldown',
        );
      }
      const images = entries(second);
      expect(images.map((i) => [i.origin, i.share?.status])).toEqual([
        ['reused', 'applied'],
        ['reused', 'applied'],
      ]);

      const before = s.model.log.all().length;
      const third = await s.run({
        inputs: s.inputs({ ...STEPS, 'include-source': 'false' }),
        env: { GITHUB_RUN_ATTEMPT: '3' },
      });
      expect(third.exitCode).toBe(0);
      const calls = s.model.log
        .all()
        .slice(before)
        .map((e) => e.action);
      for (const action of [
        'ModifyImageAttribute',
        'EnableImageDeregistrationProtection',
        'EnableImageDeprecation',
      ])
        expect(calls, action).not.toContain(action);
      const statuses = entries(third).map((i) =>
        ['share', 'protect', 'deprecate'].map((step) => (i[step as 'share'] as { status: string }).status),
      );
      expect(statuses).toEqual([
        ['unchanged', 'unchanged', 'unchanged'],
        ['unchanged', 'unchanged', 'unchanged'],
      ]);
    } finally {
      await s.close();
    }
  });
});

describe.concurrent('bundle: preflight refuses sharing that AWS would refuse, before any copy', () => {
  it('share-public while image block public access is on in a target region', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1', 'us-west-2'] });
    try {
      // A new account blocks public sharing everywhere (as AWS does); this one unblocked all but us-west-2.
      s.model.setImageBlockPublicAccess('*', 'unblocked');
      s.model.setImageBlockPublicAccess('us-west-2', 'block-new-sharing');
      const run = await s.run({ inputs: s.inputs({ 'share-public': 'true' }) });
      expect(run.exitCode).toBe(1);
      expect(s.model.log.count({ action: 'CopyImage' })).toBe(0);
      expect(run.errorMessage).toContain(
        'us-west-2: share-public: true, but image block public access is on',
      );
      expect(run.errorMessage).toContain('aws ec2 get-image-block-public-access-state --region us-west-2');
      expect(run.errorMessage).not.toContain('eu-west-1:');
      expect(JSON.parse(run.outputs['ami-ids'] ?? 'null')).toEqual({});
    } finally {
      await s.close();
    }
  });

  it('share-accounts with copies encrypted by the default EBS key (aws/ebs)', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1', 'us-west-2'] });
    try {
      s.model.createKmsKey('eu-west-1', { aliases: ['alias/shared-images'] });
      const run = await s.run({
        inputs: s.inputs({
          'share-accounts': ACCOUNTS[0] as string,
          encrypted: 'true',
          'kms-key-ids': 'eu-west-1: alias/shared-images',
          'include-source': 'false',
        }),
      });
      expect(run.exitCode).toBe(1);
      expect(s.model.log.count({ action: 'CopyImage' })).toBe(0);
      expect(run.errorMessage).toContain(
        "us-west-2: the copy would be encrypted with the AWS-managed key aws/ebs (the region's default EBS key)",
      );
      expect(run.errorMessage).toContain('customer-managed key in us-west-2');
      expect(run.errorMessage).not.toContain('eu-west-1:');
    } finally {
      await s.close();
    }
  });
});
