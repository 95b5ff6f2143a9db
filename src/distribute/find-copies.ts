import type { Ec2Region, ImageInfo } from '../aws/types.js';
import type { RegionPlan } from '../plan.js';
import type { CopyContext } from './copy-context.js';
import { notACopyBecause, survivorOf } from './copy-identity.js';

export interface FoundCopies {
  /** Verified copies of the source with this plan's settings, any state. */
  readonly copies: readonly ImageInfo[];
  /** The one to use (available first, then the oldest), if any. */
  readonly best: ImageInfo | undefined;
  /** Verified copies that AWS reports failed (leftovers of earlier runs). */
  readonly failed: readonly ImageInfo[];
  /** Images that carry our provenance tags but are not copies of the source. */
  readonly forged: readonly ImageInfo[];
}

const FAILED = new Set(['failed', 'invalid', 'error']);

/** Carries the plan's provenance tags (a claim anyone with ec2:CreateTags can make). */
export function carriesProvenance(image: ImageInfo, plan: RegionPlan): boolean {
  return Object.entries(plan.reuseTags).every(([key, value]) => image.tags[key] === value);
}

/** Tagged as a copy of the source with the plan's settings, and AWS's record agrees. */
export function isRealCopy(image: ImageInfo, plan: RegionPlan, ctx: CopyContext): boolean {
  return carriesProvenance(image, plan) && notACopyBecause(image, ctx.expected(plan.region)) === undefined;
}

/** A real copy that is available or on its way there: one to use rather than copy again. */
export function isUsableCopy(image: ImageInfo, plan: RegionPlan, ctx: CopyContext): boolean {
  return (image.state === 'available' || image.state === 'pending') && isRealCopy(image, plan, ctx);
}

/**
 * Every image of ours in the plan's region that claims (by provenance tags) to be a copy of the
 * source with the plan's settings, each checked against AWS's own record; impostors are named
 * in a warning once and never used.
 */
export async function findCopies(ec2: Ec2Region, plan: RegionPlan, ctx: CopyContext): Promise<FoundCopies> {
  const candidates = await ec2.findOwnImages({ tags: plan.reuseTags });
  const copies: ImageInfo[] = [];
  const forged: ImageInfo[] = [];
  const expected = ctx.expected(plan.region);
  for (const candidate of candidates) {
    if (candidate.state === 'deregistered') continue;
    const why = notACopyBecause(candidate, expected);
    if (why === undefined) {
      copies.push(candidate);
      continue;
    }
    forged.push(candidate);
    if (!ctx.warnedForged.has(candidate.imageId)) {
      ctx.warnedForged.add(candidate.imageId);
      ctx.logger.warning(
        `${plan.region}: ${candidate.imageId} carries the provenance tags of a copy of ${expected.sourceImageId} but is not one (${why}); it is ignored. Someone with ec2:CreateTags in this account tagged it; check who.`,
      );
    }
  }
  return {
    copies,
    best: survivorOf(copies),
    failed: copies.filter((c) => FAILED.has(c.state)),
    forged,
  };
}
