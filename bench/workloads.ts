/**
 * The benchmark's workloads, built on the simulator's model: every strategy gets its own fresh
 * model from the same spec and seed, so the copies (ids, sizes, durations, progress curves,
 * registration lags) are identical across strategies; only the polling differs. Every call,
 * CopyImage included, goes through the action's gateway and SDK clients (model transport).
 */
import { CopyImageCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { timeBasedMinimumMs } from '../sim/model/copy-progress.js';
import {
  createRng,
  DEFAULT_REGIONS,
  keyframesFor,
  OPT_IN_REGIONS,
  type ProgressProfile,
  type SimClock,
  SimModel,
  type TokenBucketSpec,
} from '../sim/model/index.js';
import { modelEc2Clients } from '../sim/model-gateway.js';
import { createSdkEc2Access } from '../src/aws/ec2-gateway.js';
import { copyImageInput } from '../src/aws/ec2-shapes.js';
import type { Ec2Access } from '../src/aws/types.js';

export const WORKLOAD_IDS = ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7', 'W8'] as const;
export type WorkloadId = (typeof WORKLOAD_IDS)[number];

export const SOURCE_REGION = 'us-east-1';
export const HOUR = 3600_000;
export const MINUTE = 60_000;

export interface CopySpec {
  readonly region: string;
  readonly sizeGiB: number;
  /** Time-based copy: SnapshotCopyCompletionDurationMinutes. */
  readonly completionMinutes?: number;
}

export type Throttling =
  | { readonly kind: 'none' }
  /** The old per-call dice roll: 25% of Describe calls plus a 10-minute 90% burst from minute 20. */
  | { readonly kind: 'dice' }
  /** EC2's token bucket per region, shared with the account's other pipelines. */
  | { readonly kind: 'bucket'; readonly bucket: TokenBucketSpec };

export interface WorkloadSpec {
  readonly id: WorkloadId;
  readonly title: string;
  readonly seed: number;
  readonly copies: readonly CopySpec[];
  readonly throughputMiBps: Readonly<Record<string, number>>;
  readonly profile: ProgressProfile;
  /** Registration lag drawn per copy from [min, max] ms; undefined: the model's constant 30 s. */
  readonly registrationLagMs: readonly [number, number] | undefined;
  readonly throttling: Throttling;
  /** Every strategy's overall limit (our deadline, the SDK waiter's maxWaitTime, the fixed loop's). */
  readonly timeoutMs: number;
}

export interface CopyRef {
  readonly region: string;
  readonly imageId: string;
  readonly sizeGiB: number;
  readonly startedAt: number;
  /** Time-based copy: when AWS guarantees it complete (start + the duration asked for), as the action computes it. */
  readonly completesBy: number | undefined;
  /** Model ms when the copy turns available (exact, from the model). */
  readonly completesAt: number;
  readonly outcome: 'available' | 'failed';
}

export interface StartedWorkload {
  readonly model: SimModel;
  /** The action's EC2 clients (adaptive retries, 8 attempts) over the model transport. */
  readonly clients: (region: string) => EC2Client;
  /** The action's gateway over those clients. */
  readonly ec2: Ec2Access;
  readonly copies: readonly CopyRef[];
  readonly startedAt: number;
}

const TARGETS_16 = DEFAULT_REGIONS.filter((r) => r !== SOURCE_REGION);
const TARGETS_17 = [...TARGETS_16, OPT_IN_REGIONS[0] as string];
const DESCRIBE = ['DescribeImages', 'DescribeSnapshots'];
const LAG_10_120: readonly [number, number] = [10_000, 120_000];

/** `n` sizes spread evenly on a log scale from `min` to `max` GiB, in seeded order. */
function logSizes(n: number, min: number, max: number, seed: number, label: string): number[] {
  const rng = createRng(seed).derive(`sizes:${label}`);
  const sizes = Array.from({ length: n }, (_, i) =>
    Math.round(min * (max / min) ** (n === 1 ? 0 : i / (n - 1))),
  );
  for (let i = sizes.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [sizes[i], sizes[j]] = [sizes[j] as number, sizes[i] as number];
  }
  return sizes;
}

/** Per-region snapshot copy throughput in [min, max] MiB/s. */
function throughputFor(regions: readonly string[], seed: number, label: string, min = 40, max = 120) {
  const rng = createRng(seed).derive(`throughput:${label}`);
  return Object.fromEntries(regions.map((r) => [r, Math.round(rng.between(min, max))]));
}

/** One copy per region, sizes log-spread over [min, max]. */
function onePerRegion(regions: readonly string[], min: number, max: number, seed: number, label: string) {
  const sizes = logSizes(regions.length, min, max, seed, label);
  return regions.map((region, i): CopySpec => ({ region, sizeGiB: sizes[i] as number }));
}

/** `perRegion` copies into every region, each region getting the same spread of sizes. */
function manyPerRegion(
  regions: readonly string[],
  perRegion: number,
  min: number,
  max: number,
  seed: number,
) {
  return regions.flatMap((region) =>
    logSizes(perRegion, min, max, seed, `many:${region}`).map((sizeGiB): CopySpec => ({ region, sizeGiB })),
  );
}

/** 30% of copies read 0% until done; the rest 0% for 60-85% of the copy, then climb. */
const stuckOrLate: ProgressProfile = (rng) =>
  rng.next() < 0.3 ? keyframesFor('zero-until-done', rng) : keyframesFor('late-start', rng);

export function workloadSpec(id: WorkloadId, seed: number): WorkloadSpec {
  const base = {
    id,
    seed,
    timeoutMs: 6 * HOUR,
    registrationLagMs: undefined,
    throttling: { kind: 'none' } as const,
  };
  switch (id) {
    case 'W1':
      return {
        ...base,
        title: '16 regions, 8-500 GiB, realistic progress (0% phase, uneven speed)',
        copies: onePerRegion(TARGETS_16, 8, 500, seed, id),
        throughputMiBps: throughputFor(TARGETS_16, seed, id),
        profile: 'realistic',
      };
    case 'W2': {
      const regions = [...TARGETS_16, ...OPT_IN_REGIONS.slice(0, 14)];
      return {
        ...base,
        title: '30 regions, 8-64 GiB, dice-roll throttling (25% of Describe calls, a 10-minute 90% burst)',
        copies: onePerRegion(regions, 8, 64, seed, id),
        throughputMiBps: throughputFor(regions, seed, id),
        profile: 'realistic',
        throttling: { kind: 'dice' },
      };
    }
    case 'W3':
      return {
        ...base,
        title: '16 regions, 8-500 GiB, progress that sits at 0%, jumps and stalls',
        copies: onePerRegion(TARGETS_16, 8, 500, seed, id),
        throughputMiBps: throughputFor(TARGETS_16, seed, id),
        profile: 'jumps-and-stalls',
      };
    case 'W4':
      return {
        ...base,
        title:
          '16 regions, 8 GiB (5-13 min), 30% read 0% until done, the rest 0% for most of the copy; lag 10-120 s',
        copies: TARGETS_16.map((region) => ({ region, sizeGiB: 8 })),
        throughputMiBps: throughputFor(TARGETS_16, seed, id, 11, 34),
        profile: stuckOrLate,
        registrationLagMs: LAG_10_120,
      };
    case 'W5':
      return {
        ...base,
        title: 'ten images into 17 regions in one wait (170 copies), 8-64 GiB, realistic; lag 10-120 s',
        copies: manyPerRegion(TARGETS_17, 10, 8, 64, seed),
        throughputMiBps: throughputFor(TARGETS_17, seed, id),
        profile: 'realistic',
        registrationLagMs: LAG_10_120,
      };
    case 'W6':
    case 'W7': {
      const regions = TARGETS_16.slice(0, 8);
      const saturated = id === 'W7';
      return {
        ...base,
        title: saturated
          ? '8 regions x 2 images, 8-32 GiB, an account already saturated by other pipelines (0.05 token/s left, bucket empty)'
          : '8 regions x 2 images, 8-32 GiB, token bucket (100, 20/s) shared with pipelines using 19.8/s',
        copies: manyPerRegion(regions, 2, 8, 32, seed),
        throughputMiBps: throughputFor(regions, seed, id),
        profile: 'realistic',
        registrationLagMs: LAG_10_120,
        throttling: {
          kind: 'bucket',
          bucket: {
            capacity: 100,
            refillPerSecond: 20,
            otherUsePerSecond: saturated ? 19.95 : 19.8,
            initialTokens: saturated ? 0 : 100,
            actions: DESCRIBE,
          },
        },
      };
    }
    case 'W8': {
      const rng = createRng(seed).derive('time-based');
      return {
        ...base,
        title: '16 regions, 8-500 GiB, time-based copies (guaranteed in 15 min-2 h), lag 10-120 s',
        // A duration EC2 accepts: the copy must fit in 90% of it at the 500 MiB/s ceiling.
        copies: onePerRegion(TARGETS_16, 8, 500, seed, id).map((copy) => ({
          ...copy,
          completionMinutes:
            15 * Math.max(1 + rng.int(8), Math.ceil(timeBasedMinimumMs(copy.sizeGiB) / 0.9 / (15 * MINUTE))),
        })),
        throughputMiBps: throughputFor(TARGETS_16, seed, id),
        profile: 'realistic',
        registrationLagMs: LAG_10_120,
      };
    }
  }
}

/** Whether the model answers every call (no throttling): fixed loops are then exactly predictable. */
export function isFaultFree(spec: WorkloadSpec): boolean {
  return spec.throttling.kind === 'none';
}

/**
 * Builds the model on `clock` (a fake-time clock: see fake-time.ts), seeds one source image per
 * copy, starts every copy now through the action's gateway (time-based ones through its client).
 */
export async function startWorkload(spec: WorkloadSpec, clock: SimClock): Promise<StartedWorkload> {
  const regions = [...new Set(spec.copies.map((c) => c.region))];
  const model = new SimModel({
    seed: spec.seed,
    clock,
    copyThroughputMiBps: { ...spec.throughputMiBps },
    progressProfile: spec.profile,
    registrationDelayRangeMs: spec.registrationLagMs,
    optIn: Object.fromEntries(OPT_IN_REGIONS.map((r) => [r, 'opted-in' as const])),
  });
  const clients = modelEc2Clients(model);
  const ec2 = createSdkEc2Access(clients);
  const startedAt = clock.now();
  const copies: CopyRef[] = [];
  for (const [index, copy] of spec.copies.entries()) {
    const source = model.seedImage({
      region: SOURCE_REGION,
      name: `bench-source-${index}`,
      sizeGiB: copy.sizeGiB,
    });
    const request = {
      sourceImageId: source.imageId,
      sourceRegion: SOURCE_REGION,
      name: `bench-copy-${spec.id}-${index}`,
      description: undefined,
      encrypted: false,
      kmsKeyId: undefined,
      clientToken: `bench-${spec.id}-${index}`,
      imageTags: {},
      snapshotTags: undefined,
    };
    const imageId =
      copy.completionMinutes === undefined
        ? await ec2.forRegion(copy.region).copyImage(request)
        : ((
            await clients(copy.region).send(
              new CopyImageCommand({
                ...copyImageInput(request),
                SnapshotCopyCompletionDurationMinutes: copy.completionMinutes,
              }),
            )
          ).ImageId ?? '');
    const settlement = model.copySettlement(copy.region, imageId);
    if (!settlement) throw new Error(`no settlement for ${copy.region} ${imageId}`);
    copies.push({
      region: copy.region,
      imageId,
      sizeGiB: copy.sizeGiB,
      startedAt,
      completesBy:
        copy.completionMinutes === undefined ? undefined : startedAt + copy.completionMinutes * MINUTE,
      completesAt: settlement.at,
      outcome: settlement.outcome,
    });
  }
  if (spec.throttling.kind === 'dice') {
    model.faults.throttle(0.25, { actions: DESCRIBE });
    model.faults.throttleBurst({
      start: startedAt + 20 * MINUTE,
      durationMs: 10 * MINUTE,
      rate: 0.9,
      actions: DESCRIBE,
    });
  } else if (spec.throttling.kind === 'bucket') {
    model.faults.tokenBucket({ ...spec.throttling.bucket, regions });
  }
  model.log.clear();
  return { model, clients, ec2, copies, startedAt };
}
