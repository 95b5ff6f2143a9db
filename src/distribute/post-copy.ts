/**
 * Runs the post-copy steps for each region the moment its image is available: the source (at
 * once), a reused copy that is already available (at once), a new copy (when the waiter sees it
 * available). One slow region never holds back another's sharing. Regions whose image never
 * became available get a 'skipped' report saying why.
 */
import type { Ec2Access, ImageInfo, SsmAccess } from '../aws/types.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import type { RegionPlan } from '../plan.js';
import { runSteps, skippedSteps } from '../steps/run-steps.js';
import type { ActiveStep, StepContext, StepPreflightInput, StepReport, StepTarget } from '../steps/step.js';
import { DistributionStopped } from './result-types.js';

/** What the steps of a run reach and know, whatever the region. */
export interface StepRunDeps {
  readonly ec2: Ec2Access;
  readonly ssm: SsmAccess | undefined;
  readonly logger: Logger;
  readonly source: ImageInfo;
  readonly sourceRegion: string;
  readonly startedAt: number;
  readonly clock: Clock;
  readonly signal: AbortSignal | undefined;
}

export interface PostCopyDeps extends StepRunDeps {
  readonly dryRun: boolean;
}

/** The steps' view of one region. */
export function stepContextFor(deps: StepRunDeps, region: string, dryRun: boolean): StepContext {
  return {
    ec2: deps.ec2.forRegion(region),
    ssm: deps.ssm?.forRegion(region),
    dryRun,
    logger: deps.logger,
    source: deps.source,
    sourceRegion: deps.sourceRegion,
    startedAt: deps.startedAt,
    clock: deps.clock,
    signal: deps.signal,
  };
}

export interface PostCopyRuns {
  /** Starts the steps for the region's image (once per region; later calls are ignored). */
  start(target: StepTarget): void;
  /** Every region's reports, once all started steps have finished; `notDone` says why for the rest. */
  settle(regions: readonly string[], notDone: (region: string) => string): Promise<Map<string, StepReport[]>>;
}

export function postCopyRuns(steps: readonly ActiveStep[], deps: PostCopyDeps): PostCopyRuns {
  const runs = new Map<string, Promise<StepReport[]>>();
  return {
    start(target) {
      if (steps.length === 0 || runs.has(target.region)) return;
      runs.set(target.region, runSteps(steps, target, stepContextFor(deps, target.region, deps.dryRun)));
    },
    async settle(regions, notDone) {
      const reports = new Map<string, StepReport[]>();
      if (steps.length === 0) return reports;
      await Promise.all(
        regions.map(async (region) => {
          const run = runs.get(region);
          reports.set(region, run ? await run : skippedSteps(steps, notDone(region)));
        }),
      );
      return reports;
    },
  };
}

/** Where the steps act besides the copies: every region the outputs map to the source image. */
export function sourceRegionsOutput(config: Config, plans: readonly RegionPlan[]): string[] {
  const listed = plans.filter((plan) => plan.kind === 'source').map((plan) => plan.region);
  const included = config.includeSource && !config.targetRegions.includes(config.sourceRegion);
  return included ? [config.sourceRegion, ...listed] : listed;
}

/** Every region a step acts in, with what its image will be, for the steps' preflight. */
export function stepRegions(
  config: Config,
  plans: readonly RegionPlan[],
  source: ImageInfo,
): StepPreflightInput['regions'] {
  return [
    ...sourceRegionsOutput(config, plans).map((region) => ({
      region,
      origin: 'source' as const,
      encrypted: source.encrypted,
      kmsKeyId: undefined,
    })),
    ...plans
      .filter((plan) => plan.kind === 'copy')
      .map((plan) => ({
        region: plan.region,
        origin: 'copy' as const,
        encrypted: plan.encrypted,
        kmsKeyId: plan.kmsKeyId,
      })),
  ];
}

export async function preflightSteps(
  steps: readonly ActiveStep[],
  input: StepPreflightInput,
  logger: Logger,
): Promise<void> {
  const checks = steps.flatMap((step) => (step.preflight ? [step.preflight.bind(step)] : []));
  if (checks.length === 0) return;
  const problems = await logger.group('Preflight: sharing, protection, deprecation', async () =>
    (await Promise.all(checks.map((check) => check(input)))).flat(),
  );
  if (problems.length > 0) throw new DistributionStopped(problems);
}
