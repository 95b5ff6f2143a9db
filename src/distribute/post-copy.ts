/**
 * Runs the post-copy steps for each region the moment its image is available: the source (at
 * once), a reused copy that is already available (at once), a new copy (when the waiter sees it
 * available). One slow region never holds back another's sharing. Regions whose image never
 * became available get a 'skipped' report saying why.
 */
import type { Ec2Access, ImageInfo } from '../aws/types.js';
import type { Logger } from '../logger.js';
import { runSteps, skippedSteps } from '../steps/run-steps.js';
import type { ActiveStep, StepReport, StepTarget } from '../steps/step.js';

export interface PostCopyDeps {
  readonly ec2: Ec2Access;
  readonly logger: Logger;
  readonly source: ImageInfo;
  readonly startedAt: number;
  readonly dryRun: boolean;
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
      runs.set(
        target.region,
        runSteps(steps, target, {
          ec2: deps.ec2.forRegion(target.region),
          dryRun: deps.dryRun,
          logger: deps.logger,
          source: deps.source,
          startedAt: deps.startedAt,
        }),
      );
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
