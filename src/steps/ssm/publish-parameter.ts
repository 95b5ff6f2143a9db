/**
 * Publishing: each region's image becomes the value of an SSM parameter (data type
 * aws:ec2:image) in that region, the way EC2 Image Builder publishes "the latest image" and
 * launch templates resolve it (`resolve:ssm:`). The previous value is reported for rollback.
 * Preflight refuses, before any copy, a name that the template makes invalid and a parameter
 * that exists with another data type. SSM has no DryRun: a dry run reads the parameter (so
 * ssm:GetParameter is checked) and says that ssm:PutParameter could not be.
 */
import { awsErrorCode, awsErrorMessage } from '../../aws/errors.js';
import type { ImageInfo, ParameterInfo, SsmRegion } from '../../aws/types.js';
import { expandTemplate, type TemplateValues, utcDate, utcTimestamp } from '../../rules/names.js';
import { parameterNameProblem } from '../../rules/ssm-parameter-names.js';
import { SOURCE_IMAGE_TAG, SOURCE_REGION_TAG } from '../../rules/tags.js';
import type { PostCopyStep, StepContext, StepReport } from '../step.js';
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
        const written = await writeContended(
          ssm,
          name,
          imageId,
          existing,
          (overwrite) =>
            ssm.putImageParameter({
              name,
              imageId,
              description: `${imageId}: ${ctx.source.imageId} from ${ctx.sourceRegion}, published by ami-distribute`,
              tags: { [SOURCE_IMAGE_TAG]: ctx.source.imageId, [SOURCE_REGION_TAG]: ctx.sourceRegion },
              overwrite,
            }),
          ctx,
        );
        if (written.kind === 'already')
          return report(
            'unchanged',
            name,
            written.version,
            previousValue,
            `${name} already holds ${imageId} (written meanwhile by another run, or by this run's attempt whose answer was lost)`,
          );
        const version = written.version;
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

/**
 * Another writer between our read and our write: a value still being validated refuses every
 * write (TooManyUpdates; EC2 validates an aws:ec2:image value for up to minutes), and a
 * parameter created meanwhile refuses a write without Overwrite (ParameterAlreadyExists). Sibling
 * jobs publishing the same copy meet both, and so does this run when the SDK resends a write
 * whose answer was lost.
 */
const CONTENDED = new Set(['TooManyUpdates', 'ParameterAlreadyExists']);
const CONTENDED_FIRST_WAIT_MS = 2_000;
const CONTENDED_MAX_WAIT_MS = 30_000;
/** How long a write waits out other writers before the step fails with their code. */
const CONTENDED_BUDGET_MS = 5 * 60_000;

type Written =
  | { readonly kind: 'put'; readonly version: number }
  | { readonly kind: 'already'; readonly version: number };

/**
 * Writes, and while another writer holds the parameter, waits (2 s, doubling to 30 s, for at
 * most 5 minutes), reads it again, and stops when it already holds our image; otherwise writes
 * again, overwriting what is there.
 */
async function writeContended(
  ssm: SsmRegion,
  name: string,
  imageId: string,
  found: ParameterInfo | undefined,
  put: (overwrite: boolean) => Promise<number>,
  ctx: StepContext,
): Promise<Written> {
  const giveUpAt = ctx.clock.now() + CONTENDED_BUDGET_MS;
  let wait = CONTENDED_FIRST_WAIT_MS;
  let overwrite = found !== undefined;
  for (;;) {
    try {
      return { kind: 'put', version: await put(overwrite) };
    } catch (error) {
      const code = awsErrorCode(error);
      if (!CONTENDED.has(code) || ctx.clock.now() + wait > giveUpAt)
        throw new StepCallError('ssm:PutParameter', code, awsErrorMessage(error));
      ctx.logger.info(
        `${ssm.region}: ${name} is being written by another writer (${code}); reading it again in ${wait / 1000} s.`,
      );
    }
    await ctx.clock.sleep(wait, ctx.signal);
    wait = Math.min(wait * 2, CONTENDED_MAX_WAIT_MS);
    const current = await stepCall('ssm:GetParameter', () => ssm.getParameter(name));
    if (current?.value === imageId) return { kind: 'already', version: current.version };
    // A parameter refused as existing is written over; one still validating is tried again as read.
    overwrite = overwrite || current !== undefined;
  }
}

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
