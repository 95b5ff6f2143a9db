import { snapshotIdsOf } from '../aws/image-info.js';
import type { ImageInfo } from '../aws/types.js';
import type { RegionPlan } from '../plan.js';
import type { StepReport } from '../steps/step.js';
import { FAILED_IMAGE_STATES } from '../waiter/index.js';
import type { RemovalResult } from './cleanup.js';
import { type HintContext, hintFor } from './hints.js';
import type { FailureReason, RegionResult, RegionState } from './result-types.js';

/** A region's copy as it moves through the run. */
export interface Track {
  readonly plan: RegionPlan;
  /** 'reused' also for a racing run's copy adopted instead of this run's own. */
  origin: 'reused' | 'new';
  imageId: string | undefined;
  startedAt: number | undefined;
  waitedMs: number;
  /** Set once the copy is final (or the run gave up on it). */
  state: RegionState;
  reason: FailureReason | undefined;
  image: ImageInfo | undefined;
  observedAt: number | undefined;
  progressPercent: number | undefined;
  removal: RemovalResult | undefined;
  /** Copies made for the region so far (a copy that vanished is made again with a fresh token). */
  attempt: number;
  /** This run holds a lease on the copy (tagged at creation, or when adopting a pending copy). */
  leaseHeld: boolean;
  /** When the region was last searched for existing copies. */
  lookedAt: number | undefined;
  /** Things a person should know, for the log, the summary and the outputs. */
  readonly notes: string[];
  /** Images and snapshots this run removed in the region that are not its result (leftovers, its own duplicate). */
  readonly cleanedUp: string[];
  /** What the post-copy steps did with the copy. */
  readonly steps: StepReport[];
}

/** A track for a region's plan before any copy is started; `takeOver` points it at an earlier copy. */
export function newTrack(
  plan: RegionPlan,
  found: { lookedAt?: number; notes?: readonly string[]; cleanedUp?: readonly string[] } = {},
): Track {
  return {
    plan,
    origin: 'new',
    imageId: undefined,
    startedAt: undefined,
    waitedMs: 0,
    state: 'pending',
    reason: undefined,
    image: undefined,
    observedAt: undefined,
    progressPercent: undefined,
    removal: undefined,
    attempt: 0,
    leaseHeld: false,
    lookedAt: found.lookedAt,
    notes: [...(found.notes ?? [])],
    cleanedUp: [...(found.cleanedUp ?? [])],
    steps: [],
  };
}

/** AWS itself reported the copy in a failed state (not merely: the run could not look). */
export function failedInAws(track: Track): boolean {
  return track.image !== undefined && FAILED_IMAGE_STATES.has(track.image.state);
}

export { snapshotIdsOf };

export function toResult(track: Track, now: number, hints: HintContext): RegionResult {
  const settled = track.state === 'available' || track.state === 'failed';
  const end = settled ? (track.observedAt ?? now) : now;
  const seconds =
    track.origin === 'reused' && track.state === 'available' && track.observedAt === track.startedAt
      ? 0
      : track.startedAt !== undefined
        ? Math.round((end - track.startedAt) / 1000)
        : undefined;
  const unfinished = track.state !== 'available' && track.state !== 'pending';
  const disposition = unfinished && track.imageId ? (track.removal?.disposition ?? 'kept') : undefined;
  return {
    region: track.plan.region,
    imageId: track.imageId,
    // The image's own name when it is known (a reused copy keeps the name it was made with).
    name: track.image?.name || track.plan.name,
    state: track.state,
    origin: track.origin,
    encrypted:
      track.image && track.image.blockDevices.length > 0 ? track.image.encrypted : track.plan.encrypted,
    kmsKeyId: track.plan.kmsKeyId,
    snapshotIds: track.removal?.snapshotIds ?? snapshotIdsOf(track.image),
    seconds,
    reason: track.reason,
    hint: track.reason ? hintFor(track.plan.region, track.reason, disposition, hints) : undefined,
    disposition,
    waitedForCapacitySeconds: Math.round(track.waitedMs / 1000),
    progressPercent: track.state === 'available' ? 100 : track.progressPercent,
    lostTrack:
      track.state === 'failed' &&
      track.imageId !== undefined &&
      !failedInAws(track) &&
      disposition !== 'gone',
    notes: track.notes,
    leaseHeld: track.leaseHeld,
    cleanedUp: track.cleanedUp,
    steps: track.steps,
  };
}

/** A region mapped to the source image (nothing copied), with what the steps did to the source. */
export function sourceResult(
  region: string,
  source: ImageInfo,
  steps: readonly StepReport[] = [],
): RegionResult {
  return {
    region,
    imageId: source.imageId,
    name: source.name,
    state: 'available',
    origin: 'source',
    encrypted: source.encrypted,
    kmsKeyId: undefined,
    snapshotIds: snapshotIdsOf(source),
    seconds: 0,
    reason: undefined,
    hint: undefined,
    disposition: undefined,
    waitedForCapacitySeconds: 0,
    progressPercent: 100,
    notes: [],
    cleanedUp: [],
    steps,
  };
}
