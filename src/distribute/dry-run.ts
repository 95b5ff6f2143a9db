/**
 * A dry run after the source, the plan and preflight: per region, the calls a real run would
 * make, each sent as DryRun (CopyImage for a new copy, CreateTags for a reused one, and every
 * post-copy step's changes). AWS answers DryRunOperation when a call would succeed, else the
 * reason (UnauthorizedOperation names the missing permission). Nothing is created or changed.
 */
import { awsErrorCode, awsErrorMessage } from '../aws/errors.js';
import type { Config } from '../config/config.js';
import type { RegionPlan } from '../plan.js';
import { missingTags } from '../rules/tags.js';
import { runSteps } from '../steps/run-steps.js';
import type { ActiveStep, StepReport, StepTarget } from '../steps/step.js';
import { type StepRunDeps, sourceRegionsOutput, stepContextFor } from './post-copy.js';
import type { PreflightResult, RegionPreflight } from './preflight.js';
import { snapshotIdsOf, sourceResult } from './region-track.js';
import type { DistributionResult, FailureReason, RegionResult } from './result-types.js';
import { copyRequest } from './start-copy.js';

export interface DryRunDeps extends StepRunDeps {
  readonly steps: readonly ActiveStep[];
}

/** Every region of a dry run, and the source image's steps when it is output without being a target. */
export async function dryRunDistribution(
  input: {
    readonly config: Config;
    readonly plans: readonly RegionPlan[];
    readonly found: PreflightResult;
  },
  deps: DryRunDeps,
): Promise<Pick<DistributionResult, 'regions' | 'sourceOutput'>> {
  const { config, plans, found } = input;
  const regions = await deps.logger.group('Dry run: every change sent as DryRun', () =>
    Promise.all(plans.map((plan) => dryRunRegion(plan, found.get(plan.region), deps))),
  );
  const includedOnly =
    sourceRegionsOutput(config, plans).includes(config.sourceRegion) &&
    !config.targetRegions.includes(config.sourceRegion);
  const sourceSteps = includedOnly
    ? await dryRunSteps({ region: config.sourceRegion, origin: 'source', image: deps.source }, deps)
    : [];
  return {
    regions,
    ...(sourceSteps.length > 0
      ? { sourceOutput: sourceResult(config.sourceRegion, deps.source, sourceSteps) }
      : {}),
  };
}

/** One region of a dry run: what would happen, and the first refused call of the copy itself. */
export async function dryRunRegion(
  plan: RegionPlan,
  found: RegionPreflight | undefined,
  deps: DryRunDeps,
): Promise<RegionResult> {
  const ec2 = deps.ec2.forRegion(plan.region);
  const reused = plan.kind === 'copy' ? found?.reuse : undefined;
  const image = plan.kind === 'source' ? deps.source : reused;
  let reason: FailureReason | undefined;
  let action: string;
  if (plan.kind === 'source') {
    action = 'use the source image';
  } else if (reused) {
    action = `reuse ${reused.imageId} (${reused.state})`;
    const tags = missingTags(reused.tags, plan.imageTags);
    if (Object.keys(tags).length > 0) {
      reason = await refusal('ec2:CreateTags', () =>
        ec2.createTags([reused.imageId], tags, { dryRun: true }),
      );
      action += `, adding ${Object.keys(tags).length} tag(s)`;
    }
  } else {
    action = `copy as '${plan.name}'${plan.encrypted ? `, encrypted with ${plan.kmsKeyId ?? 'the default EBS key'}` : ''}`;
    reason = await refusal('ec2:CopyImage', () =>
      ec2.dryRunCopyImage(copyRequest(plan, { imageId: deps.source.imageId, region: deps.sourceRegion }, 0)),
    );
  }
  deps.logger.info(`${plan.region}: would ${action}${reason ? `; ${reason.message}` : ''}.`);
  const steps = await dryRunSteps(
    { region: plan.region, origin: plan.kind === 'source' ? 'source' : reused ? 'reused' : 'new', image },
    deps,
  );
  return {
    region: plan.region,
    imageId: image?.imageId,
    name: image?.name ?? plan.name,
    state: 'dry-run',
    origin: plan.kind === 'source' ? 'source' : reused ? 'reused' : 'new',
    encrypted: image?.encrypted ?? plan.encrypted,
    kmsKeyId: plan.kmsKeyId,
    snapshotIds: snapshotIdsOf(image),
    seconds: undefined,
    reason,
    hint: undefined,
    disposition: undefined,
    waitedForCapacitySeconds: 0,
    progressPercent: undefined,
    notes: [`dry run: would ${action}`, ...(found?.notes ?? [])],
    cleanedUp: [],
    steps,
  };
}

/** The post-copy steps' DryRun calls for an image (or a copy that would be made). */
export function dryRunSteps(target: StepTarget, deps: DryRunDeps): Promise<StepReport[]> {
  if (deps.steps.length === 0) return Promise.resolve([]);
  return runSteps(deps.steps, target, stepContextFor(deps, target.region, true));
}

async function refusal(action: string, call: () => Promise<void>): Promise<FailureReason | undefined> {
  try {
    await call();
    return undefined;
  } catch (error) {
    const code = awsErrorCode(error);
    return {
      code,
      message: `${action} ${code === 'UnauthorizedOperation' ? 'denied' : 'refused'}: ${code}: ${awsErrorMessage(error)}`,
    };
  }
}
