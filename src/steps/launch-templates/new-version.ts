/**
 * Launch templates: in each region, a new version of the region's template whose ImageId is the
 * region's image, started from its $Default (or $Latest) version, and optionally made the
 * default; EC2 Image Builder does the same per region. A template that is missing in a region,
 * or a mapping entry for a region the run does not act in, stops the run in preflight, before
 * any copy. A rerun whose source version already launches the image adds no version.
 */
import { awsErrorCode, awsErrorMessage } from '../../aws/errors.js';
import type { PostCopyStep, StepReport } from '../step.js';
import { NOT_YET_COPIED, StepCallError, stepCall } from '../step.js';

export const launchTemplateStep: PostCopyStep<'launchTemplates'> = {
  name: 'launchTemplates',
  activate(section) {
    if (!section) return undefined;
    const templateFor = (region: string) => section.everywhere ?? section.byRegion[region];
    return {
      name: 'launchTemplates',
      async preflight(input) {
        const regions = new Set(input.regions.map((r) => r.region));
        const problems = Object.keys(section.byRegion)
          .filter((region) => !regions.has(region))
          .map(
            (region) =>
              `launch-templates: ${region} is not a region of this run (a target, or the source region when it is output): remove it or add it to target-regions`,
          );
        await Promise.all(
          [...regions].map(async (region) => {
            const ref = templateFor(region);
            if (ref === undefined) return;
            try {
              const found = await input.ec2.forRegion(region).describeLaunchTemplate(ref);
              if (!found)
                problems.push(
                  `${region}: the launch template ${JSON.stringify(ref)} does not exist there: create it in ${region}, or map ${region} to another template in launch-templates`,
                );
            } catch (error) {
              problems.push(
                `${region}: could not look up the launch template ${JSON.stringify(ref)} (ec2:DescribeLaunchTemplates): ${awsErrorCode(error)}: ${awsErrorMessage(error)}`,
              );
            }
          }),
        );
        return problems.sort();
      },
      async apply(target, ctx): Promise<StepReport> {
        const ref = templateFor(target.region);
        if (ref === undefined) {
          return {
            step: 'launchTemplates',
            status: 'skipped',
            facts: {},
            text: 'launch templates: none for this region',
          };
        }
        const template = await stepCall('ec2:DescribeLaunchTemplates', () =>
          ctx.ec2.describeLaunchTemplate(ref),
        );
        if (!template)
          throw new StepCallError(
            'ec2:DescribeLaunchTemplates',
            'NotFound',
            `the launch template ${JSON.stringify(ref)} is gone`,
          );
        const imageId = target.image?.imageId ?? NOT_YET_COPIED;
        const previousImageId = await stepCall('ec2:DescribeLaunchTemplateVersions', () =>
          ctx.ec2.launchTemplateImageId(template.launchTemplateId, section.sourceVersion),
        );
        const facts = (version: number | null) => ({
          launchTemplateId: template.launchTemplateId,
          launchTemplateName: template.name,
          version,
          isDefault: section.makeDefault,
          previousImageId: previousImageId ?? null,
        });
        if (
          !ctx.dryRun &&
          previousImageId === imageId &&
          (!section.makeDefault || template.defaultVersion === template.latestVersion)
        ) {
          return {
            step: 'launchTemplates',
            status: 'unchanged',
            facts: facts(
              section.sourceVersion === '$Latest' ? template.latestVersion : template.defaultVersion,
            ),
            text: `${template.name} ${section.sourceVersion} already launches ${imageId}`,
          };
        }
        const version = await stepCall('ec2:CreateLaunchTemplateVersion', () =>
          ctx.ec2.createLaunchTemplateVersion(
            {
              launchTemplateId: template.launchTemplateId,
              sourceVersion: section.sourceVersion,
              imageId,
              description: `${imageId} (${ctx.source.imageId} from ${ctx.sourceRegion}) by ami-distribute`,
            },
            { dryRun: ctx.dryRun },
          ),
        );
        if (section.makeDefault && !ctx.dryRun) {
          await stepCall('ec2:ModifyLaunchTemplate', () =>
            ctx.ec2.setDefaultLaunchTemplateVersion(template.launchTemplateId, version),
          );
        }
        if (ctx.dryRun) {
          return {
            step: 'launchTemplates',
            status: 'would-apply',
            facts: facts(null),
            text: `would add a version to ${template.name}`,
          };
        }
        return {
          step: 'launchTemplates',
          status: 'applied',
          facts: facts(version),
          text: `${template.name}: version ${version}${section.makeDefault ? ' (now the default)' : ''}`,
        };
      },
    };
  },
};
