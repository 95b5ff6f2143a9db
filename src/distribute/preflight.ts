import { describeAwsError } from '../aws/errors.js';
import type { Ec2Access, Ec2Region, ImageInfo, SnapshotInfo } from '../aws/types.js';
import type { RegionPlan } from '../plan.js';
import { SOURCE_IMAGE_TAG, SOURCE_REGION_TAG } from '../rules/tags.js';
import { removeCopy, sweepOrphanSnapshots } from './cleanup.js';
import type { CopyContext } from './copy-context.js';
import { carriesProvenance, findCopies, isRealCopy, isUsableCopy } from './find-copies.js';
import { DistributionStopped } from './result-types.js';

export interface PreflightInput {
  readonly plans: readonly RegionPlan[];
  readonly sourceRegion: string;
  readonly sourceImageId: string;
}

/** What preflight found and did in one region. */
export interface RegionPreflight {
  /** A verified earlier copy to reuse (available or pending). */
  readonly reuse: ImageInfo | undefined;
  /** Leftovers of earlier runs removed: failed copies and their snapshots, orphaned snapshots. */
  readonly cleanedUp: readonly string[];
  readonly notes: readonly string[];
  /** When the region was last searched for copies (clock ms). */
  readonly lookedAt: number;
  /** Snapshots of copies of the source seen by the leftover sweep (their tags), if it ran. */
  readonly snapshots: readonly SnapshotInfo[] | undefined;
}

export type PreflightResult = ReadonlyMap<string, RegionPreflight>;

/**
 * Checks every target region before anything is created, all regions in parallel: the region
 * exists and is enabled; earlier copies of the same source with the same settings are found and
 * verified against AWS's record (impostors ignored, named); failed ones and snapshots whose
 * image is gone are removed (`cleanup-failed`); no unrelated image holds the planned name. Any
 * problem stops the run with all problems listed; nothing has been created at that point.
 */
export async function preflight(
  input: PreflightInput,
  deps: { readonly ec2: Ec2Access; readonly ctx: CopyContext },
): Promise<PreflightResult> {
  const copyPlans = input.plans.filter((plan) => plan.kind === 'copy');
  const problems = await checkRegionsEnabled(copyPlans, input.sourceRegion, deps.ec2);
  if (problems.length > 0) throw new DistributionStopped(problems);

  const found = new Map<string, RegionPreflight>();
  const checks = await Promise.all(
    copyPlans.map(async (plan) => {
      try {
        return await checkRegion(plan, input, deps.ec2.forRegion(plan.region), deps.ctx);
      } catch (error) {
        return `${plan.region}: could not look for existing images: ${describeAwsError(error)}`;
      }
    }),
  );
  for (const [index, check] of checks.entries()) {
    const plan = copyPlans[index];
    if (!plan) continue;
    if (typeof check === 'string') problems.push(check);
    else found.set(plan.region, check);
  }
  if (problems.length > 0) throw new DistributionStopped(problems);
  return found;
}

async function checkRegionsEnabled(
  plans: readonly RegionPlan[],
  sourceRegion: string,
  ec2: Ec2Access,
): Promise<string[]> {
  if (plans.length === 0) return [];
  let regions: Awaited<ReturnType<Ec2Region['describeRegions']>>;
  try {
    regions = await ec2.forRegion(sourceRegion).describeRegions();
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

/** A problem sentence, or what the region holds. */
async function checkRegion(
  plan: RegionPlan,
  input: PreflightInput,
  ec2: Ec2Region,
  ctx: CopyContext,
): Promise<RegionPreflight | string> {
  const found = await findCopies(ec2, plan, ctx);
  const lookedAt = ctx.clock.now();
  const cleanedUp: string[] = [];
  const notes: string[] = [];
  const removed = new Set<string>();
  let snapshots: SnapshotInfo[] | undefined;

  if (ctx.cleanupFailed && !ctx.signal?.aborted) {
    for (const failed of found.failed) {
      const removal = await removeCopy(ec2, failed.imageId, snapshotIdsOf(failed), ctx.logger);
      if (removal.disposition !== 'removed') continue;
      removed.add(failed.imageId);
      cleanedUp.push(failed.imageId, ...removal.snapshotIds);
      notes.push(`removed ${failed.imageId}, a failed copy left by an earlier run (cleanup-failed)`);
    }
    const known = new Set(
      [...found.copies, ...found.forged].map((i) => i.imageId).filter((id) => !removed.has(id)),
    );
    const sourceTags = { [SOURCE_IMAGE_TAG]: input.sourceImageId, [SOURCE_REGION_TAG]: input.sourceRegion };
    try {
      const sweep = await sweepOrphanSnapshots(ec2, sourceTags, known, ctx.logger);
      snapshots = sweep.seen;
      const orphans = sweep.deleted;
      if (orphans.length > 0) {
        cleanedUp.push(...orphans);
        notes.push(`deleted ${orphans.length} snapshot(s) left by an earlier run whose image is gone`);
      }
    } catch (error) {
      ctx.logger.warning(`${plan.region}: could not look for leftover snapshots: ${describeAwsError(error)}`);
    }
  }

  if (ctx.reuseExisting && found.best) {
    ctx.logger.info(
      `${plan.region}: reusing ${found.best.imageId} (${found.best.state}), an earlier copy of ${input.sourceImageId}.`,
    );
    return { reuse: found.best, cleanedUp, notes, lookedAt, snapshots };
  }

  const holders = await ec2.findOwnImages({ name: plan.name });
  const holder = holders.find((image) => image.state !== 'deregistered' && !removed.has(image.imageId));
  if (!holder) return { reuse: undefined, cleanedUp, notes, lookedAt, snapshots };
  // A sibling job's copy started between the two lookups holds the name: it is the copy to use.
  if (ctx.reuseExisting && isUsableCopy(holder, plan, ctx)) {
    ctx.logger.info(
      `${plan.region}: reusing ${holder.imageId} (${holder.state}), a copy of ${input.sourceImageId} another run started while this one was looking.`,
    );
    return { reuse: holder, cleanedUp, notes, lookedAt, snapshots };
  }
  return `${plan.region}: the name '${plan.name}' is already taken by ${holder.imageId}; ${nameClashFix(holder, plan, ctx)}`;
}

function nameClashFix(holder: ImageInfo, plan: RegionPlan, ctx: CopyContext): string {
  const tagged = carriesProvenance(holder, plan);
  const real = isRealCopy(holder, plan, ctx);
  const rename = `set \`name\` to a template such as '{name}-{timestamp}'`;
  if (tagged && !real) {
    return `it carries the provenance tags of a copy of this source but is not one, so it is not reused. Check who tagged it, then deregister it or ${rename}.`;
  }
  if (!real)
    return `AMI names are unique per region. ${rename[0]?.toUpperCase()}${rename.slice(1)}, or deregister that image.`;
  if (!ctx.reuseExisting)
    return `it is an earlier copy of this source; set \`reuse-existing: true\` to use it, or ${rename}.`;
  return `it is an earlier copy of this source in state ${holder.state}${ctx.cleanupFailed ? '' : ' (cleanup-failed is false, so it was not removed)'}; deregister it, or ${rename}.`;
}

function snapshotIdsOf(image: ImageInfo): string[] {
  return image.blockDevices.flatMap((device) => (device.snapshotId ? [device.snapshotId] : []));
}
