import { describeAwsError } from '../aws/errors.js';
import type { Ec2Access, ImageInfo } from '../aws/types.js';
import type { Logger } from '../logger.js';
import type { RegionPlan } from '../plan.js';
import { DistributionStopped } from './result-types.js';

export interface PreflightDeps {
  readonly ec2: Ec2Access;
  readonly logger: Logger;
}

export interface PreflightInput {
  readonly plans: readonly RegionPlan[];
  readonly sourceRegion: string;
  readonly sourceImageId: string;
  readonly reuseExisting: boolean;
}

/** Earlier copies to reuse, by region. */
export type ReusableCopies = ReadonlyMap<string, ImageInfo>;

/**
 * Checks every target region before anything is created, all regions in parallel: the region
 * exists and is enabled, an earlier copy of the same source with the same settings is found
 * (to reuse), and no unrelated image holds the planned name. Any problem stops the run with
 * all problems listed; nothing has been created at that point.
 */
export async function preflight(input: PreflightInput, deps: PreflightDeps): Promise<ReusableCopies> {
  const copyPlans = input.plans.filter((plan) => plan.kind === 'copy');
  const problems = await checkRegionsEnabled(copyPlans, input.sourceRegion, deps);
  if (problems.length > 0) throw new DistributionStopped(problems);

  const reused = new Map<string, ImageInfo>();
  const checks = await Promise.all(
    copyPlans.map(async (plan) => {
      try {
        return await checkRegion(plan, input, deps);
      } catch (error) {
        return {
          problem: `${plan.region}: could not look for existing images: ${describeAwsError(error)}`,
          reuse: undefined,
        };
      }
    }),
  );
  for (const [index, check] of checks.entries()) {
    const plan = copyPlans[index];
    if (!plan) continue;
    if (check.problem) problems.push(check.problem);
    if (check.reuse) reused.set(plan.region, check.reuse);
  }
  if (problems.length > 0) throw new DistributionStopped(problems);
  return reused;
}

async function checkRegionsEnabled(
  plans: readonly RegionPlan[],
  sourceRegion: string,
  deps: PreflightDeps,
): Promise<string[]> {
  if (plans.length === 0) return [];
  let regions: Awaited<ReturnType<ReturnType<Ec2Access['forRegion']>['describeRegions']>>;
  try {
    regions = await deps.ec2.forRegion(sourceRegion).describeRegions();
  } catch (error) {
    return [
      `Could not list the account's regions (ec2:DescribeRegions in ${sourceRegion}): ${describeAwsError(error)}`,
    ];
  }
  const status = new Map(regions.map((r) => [r.regionName, r.optInStatus]));
  const problems: string[] = [];
  for (const plan of plans) {
    const optIn = status.get(plan.region);
    if (optIn === undefined) {
      problems.push(
        `target-regions: ${plan.region} is not a region of this account's partition; check the spelling or remove it.`,
      );
    } else if (optIn === 'not-opted-in') {
      problems.push(
        `target-regions: ${plan.region} is an opt-in region that is not enabled for this account. Enable it (Account settings > AWS Regions) or remove it from target-regions.`,
      );
    }
  }
  return problems;
}

async function checkRegion(
  plan: RegionPlan,
  input: PreflightInput,
  deps: PreflightDeps,
): Promise<{ problem: string | undefined; reuse: ImageInfo | undefined }> {
  const ec2 = deps.ec2.forRegion(plan.region);
  if (input.reuseExisting) {
    const earlier = await ec2.findOwnImages({ tags: plan.reuseTags });
    const reuse =
      earlier.find((image) => image.state === 'available') ??
      earlier.find((image) => image.state === 'pending');
    if (reuse) {
      deps.logger.info(
        `${plan.region}: reusing ${reuse.imageId} (${reuse.state}), an earlier copy of ${input.sourceImageId}.`,
      );
      return { problem: undefined, reuse };
    }
  }
  const holders = await ec2.findOwnImages({ name: plan.name });
  const holder = holders.find((image) => image.state !== 'deregistered');
  if (!holder) return { problem: undefined, reuse: undefined };
  const isEarlierCopy = Object.entries(plan.reuseTags).every(([key, value]) => holder.tags[key] === value);
  const fix = isEarlierCopy
    ? input.reuseExisting
      ? `it is an earlier copy of this source in state ${holder.state}; deregister it, or set \`name\` to a template such as '{name}-{timestamp}'.`
      : `it is an earlier copy of this source; set \`reuse-existing: true\` to use it, or set \`name\` to a template such as '{name}-{timestamp}'.`
    : `AMI names are unique per region. Set \`name\` to a template such as '{name}-{timestamp}', or deregister that image.`;
  return {
    problem: `${plan.region}: the name '${plan.name}' is already taken by ${holder.imageId}; ${fix}`,
    reuse: undefined,
  };
}
