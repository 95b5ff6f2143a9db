/**
 * Publishing: each region's image becomes the value of an SSM parameter (data type
 * aws:ec2:image) in that region, the way EC2 Image Builder publishes "the latest image" and
 * launch templates resolve it (`resolve:ssm:`). The previous value is reported for rollback.
 * Preflight refuses, before any copy, a name that the template makes invalid and a parameter
 * that exists with another data type. SSM has no DryRun: a dry run reads the parameter (so
 * ssm:GetParameter is checked) and says that ssm:PutParameter could not be.
 */
import { awsErrorCode, awsErrorMessage } from '../../aws/errors.js';
import type { ImageInfo } from '../../aws/types.js';
import { expandTemplate, type TemplateValues, utcDate, utcTimestamp } from '../../rules/names.js';
import { parameterNameProblem } from '../../rules/ssm-parameter-names.js';
import { SOURCE_IMAGE_TAG, SOURCE_REGION_TAG } from '../../rules/tags.js';
import type { PostCopyStep, StepReport } from '../step.js';
import { StepCallError, stepCall } from '../step.js';
import type { SsmSection } from './inputs.js';

const IMAGE_DATA_TYPE = 'aws:ec2:image';

export const ssmStep: PostCopyStep<'ssm'> = {
  name: 'ssm',
  activate(section) {
    if (!section) return undefined;
    return {
      name: 'ssm',
      async preflight(input) {
        const problems: string[] = [];
        await Promise.all(
          input.regions.map(async ({ region }) => {
            const name = parameterName(section, region, input.source, input.sourceRegion, input.now);
            const problem = parameterNameProblem(name);
            if (problem) {
              problems.push(`${region}: ssm-parameter: the name ${JSON.stringify(name)} ${problem}`);
              return;
            }
            try {
              const existing = await input.ssm?.forRegion(region).getParameter(name);
              if (existing && existing.dataType !== IMAGE_DATA_TYPE)
                problems.push(typeProblem(region, name, existing.dataType));
            } catch (error) {
              problems.push(
                `${region}: could not read the SSM parameter ${JSON.stringify(name)} (ssm:GetParameter): ${awsErrorCode(error)}: ${awsErrorMessage(error)}`,
              );
            }
          }),
        );
        return problems.sort();
      },
      async apply(target, ctx): Promise<StepReport> {
        const name = parameterName(section, target.region, ctx.source, ctx.sourceRegion, ctx.startedAt);
        const ssm = ctx.ssm;
        if (!ssm)
          throw new StepCallError(
            'ssm:PutParameter',
            'NoSsmAccess',
            'this front end gave the run no SSM access',
          );
        const imageId = target.image?.imageId;
        const existing = await stepCall('ssm:GetParameter', () => ssm.getParameter(name));
        if (existing && existing.dataType !== IMAGE_DATA_TYPE) {
          throw new StepCallError(
            'ssm:PutParameter',
            'DataTypeMismatch',
            typeProblem(target.region, name, existing.dataType),
          );
        }
        const previousValue = existing?.value ?? null;
        if (ctx.dryRun) {
          return report(
            'would-apply',
            name,
            null,
            previousValue,
            `would publish to ${name} (ssm:PutParameter not checked: SSM has no DryRun)`,
          );
        }
        if (imageId === undefined)
          throw new StepCallError('ssm:PutParameter', 'NoImage', 'the region has no image');
        if (existing?.value === imageId) {
          return report(
            'unchanged',
            name,
            existing.version,
            previousValue,
            `${name} already holds ${imageId}`,
          );
        }
        const version = await stepCall('ssm:PutParameter', () =>
          ssm.putImageParameter({
            name,
            imageId,
            description: `${imageId}: ${ctx.source.imageId} from ${ctx.sourceRegion}, published by ami-distribute`,
            tags: { [SOURCE_IMAGE_TAG]: ctx.source.imageId, [SOURCE_REGION_TAG]: ctx.sourceRegion },
            overwrite: existing !== undefined,
          }),
        );
        return report(
          'applied',
          name,
          version,
          previousValue,
          `published to ${name} (version ${version}${previousValue ? `, was ${previousValue}` : ', new'})`,
        );
      },
    };
  },
};

/** The parameter of a region: the template expanded with the run's values. */
export function parameterName(
  section: SsmSection,
  region: string,
  source: ImageInfo,
  sourceRegion: string,
  startedAt: number,
): string {
  const values: TemplateValues = {
    name: source.name,
    region,
    'source-region': sourceRegion,
    'source-ami-id': source.imageId,
    date: utcDate(new Date(startedAt)),
    timestamp: utcTimestamp(new Date(startedAt)),
  };
  return expandTemplate(section.nameTemplate, values);
}

function typeProblem(region: string, name: string, dataType: string): string {
  return `${region}: the SSM parameter ${JSON.stringify(name)} exists with data type ${dataType}, not aws:ec2:image (a parameter's data type cannot change): delete it or choose another ssm-parameter name`;
}

function report(
  status: StepReport['status'],
  parameter: string,
  version: number | null,
  previousValue: string | null,
  text: string,
): StepReport {
  return { step: 'ssm', status, facts: { parameter, version, previousValue }, text };
}
