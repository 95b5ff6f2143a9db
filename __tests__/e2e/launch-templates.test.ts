/**
 * launch-templates, end to end: each region's template gets a new version launching that
 * region's image, from $Default, made the default; a rerun adds no version; a template missing
 * in one region stops the run in preflight, before any copy; a dry run sends the version as
 * DryRun and creates nothing.
 */
import { describe, expect, it } from 'vitest';
import { amiIdsOutput, entries } from '../support/invariants.js';
import { startScenario } from '../support/scenario.js';

const OLD_AMI = 'ami-0fedcba9876543210';

describe.concurrent('bundle: launch templates', () => {
  it('adds a version per region that launches its image, makes it the default, and a rerun adds none', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1', 'us-west-2'] });
    try {
      for (const region of ['eu-west-1', 'us-west-2'])
        s.model.seedLaunchTemplate({
          region,
          name: 'web',
          imageId: OLD_AMI,
          data: { InstanceType: 'm7g.large' },
        });
      const inputs = s.inputs({
        'launch-templates': 'web',
        'launch-template-default': 'true',
        'include-source': 'false',
      });
      const run = await s.run({ inputs });
      expect(run.errorMessage).toBeUndefined();
      expect(run.exitCode).toBe(0);
      const ids = amiIdsOutput(run);
      for (const region of ['eu-west-1', 'us-west-2']) {
        const template = s.model.launchTemplate(region, 'web');
        expect(template?.latestVersion, region).toBe(2);
        expect(template?.defaultVersion, region).toBe(2);
        const latest = template?.versions.find((v) => v.versionNumber === 2);
        // Started from $Default: the instance type stays, the image is the copy.
        expect(latest?.data).toMatchObject({ ImageId: ids[region], InstanceType: 'm7g.large' });
      }
      expect(entries(run).map((e) => e.launchTemplates)).toEqual([
        expect.objectContaining({ status: 'applied', version: 2, isDefault: true, previousImageId: OLD_AMI }),
        expect.objectContaining({ status: 'applied', version: 2, isDefault: true, previousImageId: OLD_AMI }),
      ]);

      const rerun = await s.run({ inputs, env: { GITHUB_RUN_ATTEMPT: '2' } });
      expect(rerun.exitCode).toBe(0);
      expect(s.model.launchTemplate('eu-west-1', 'web')?.latestVersion).toBe(2);
      expect(entries(rerun).map((e) => e.launchTemplates?.status)).toEqual(['unchanged', 'unchanged']);
    } finally {
      await s.close();
    }
  });

  it('a template missing in one region stops the run before any copy, naming the region', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1', 'us-west-2'] });
    try {
      s.model.seedLaunchTemplate({ region: 'eu-west-1', name: 'web', imageId: OLD_AMI });
      const run = await s.run({ inputs: s.inputs({ 'launch-templates': 'web', 'include-source': 'false' }) });
      expect(run.exitCode).toBe(1);
      expect(s.model.log.count({ action: 'CopyImage' })).toBe(0);
      expect(run.errorMessage).toContain('us-west-2: the launch template "web" does not exist there');
      expect(run.errorMessage).not.toContain('eu-west-1:');
    } finally {
      await s.close();
    }
  });

  it('a mapping gives each region its template; a dry run adds no version', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1', 'us-west-2'] });
    try {
      const eu = s.model.seedLaunchTemplate({ region: 'eu-west-1', name: 'web-eu', imageId: OLD_AMI });
      s.model.seedLaunchTemplate({ region: 'us-west-2', name: 'web-us', imageId: OLD_AMI });
      const run = await s.run({
        inputs: s.inputs({
          'launch-templates': `eu-west-1: ${eu.launchTemplateId}\nus-west-2: web-us`,
          'include-source': 'false',
          'dry-run': 'true',
        }),
      });
      expect(run.errorMessage).toBeUndefined();
      expect(run.exitCode).toBe(0);
      expect(s.model.launchTemplate('eu-west-1', 'web-eu')?.latestVersion).toBe(1);
      expect(
        s.model.log.find({ action: 'CreateLaunchTemplateVersion', errorCode: 'DryRunOperation' }),
      ).toHaveLength(2);
      expect(entries(run).map((e) => e.launchTemplates?.status)).toEqual(['would-apply', 'would-apply']);
    } finally {
      await s.close();
    }
  });
});
