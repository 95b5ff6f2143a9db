/**
 * The benchmark's workloads, built on the simulator's model: every strategy gets its own fresh
 * model from the same spec and seed, so the copies (ids, sizes, durations, progress curves) are
 * identical across strategies; only the polling differs.
 */

import type { EC2Client } from '@aws-sdk/client-ec2';
import {
  createRng,
  DEFAULT_REGIONS,
  OPT_IN_REGIONS,
  type ProgressProfileName,
  type SimClock,
  SimModel,
} from '../sim/model/index.js';
import { modelEc2Clients } from '../sim/model-gateway.js';
import { createSdkEc2Access } from '../src/aws/ec2-gateway.js';
import type { CopyImageRequest, Ec2Access } from '../src/aws/types.js';

export type WorkloadId = 'W1' | 'W2' | 'W3';

export const SOURCE_REGION = 'us-east-1';
export const HOUR = 3600_000;
export const MINUTE = 60_000;

export interface WorkloadSpec {
  readonly id: WorkloadId;
  readonly title: string;
  readonly seed: number;
  /** Target regions, one copy each. */
  readonly regions: readonly string[];
  readonly sizeGiB: Readonly<Record<string, number>>;
  readonly throughputMiBps: Readonly<Record<string, number>>;
  readonly profile: ProgressProfileName;
  /** Throttling switched on after the copies started (W2). */
  readonly throttling: boolean;
  /** Every strategy's overall limit (our deadline, the SDK waiter's maxWaitTime, the fixed loop's). */
  readonly timeoutMs: number;
}

export interface CopyRef {
  readonly region: string;
  readonly imageId: string;
  readonly sizeGiB: number;
  readonly startedAt: number;
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

/** 16 sizes spread evenly on a log scale from 8 to 500 GiB, dealt to the regions in seeded order. */
function sizesFor(regions: readonly string[], seed: number, label: string): Record<string, number> {
  const rng = createRng(seed).derive(`sizes:${label}`);
  const n = regions.length;
  const sizes = Array.from({ length: n }, (_, i) => Math.round(8 * (500 / 8) ** (n === 1 ? 0 : i / (n - 1))));
  for (let i = sizes.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [sizes[i], sizes[j]] = [sizes[j] as number, sizes[i] as number];
  }
  return Object.fromEntries(regions.map((r, i) => [r, sizes[i] as number]));
}

/** Per-region snapshot copy throughput, 40-120 MiB/s (120 GiB in 17-50 minutes). */
function throughputFor(regions: readonly string[], seed: number, label: string): Record<string, number> {
  const rng = createRng(seed).derive(`throughput:${label}`);
  return Object.fromEntries(regions.map((r) => [r, Math.round(rng.between(40, 120))]));
}

export function workloadSpec(id: WorkloadId, seed: number): WorkloadSpec {
  const base = { seed, timeoutMs: 6 * HOUR };
  switch (id) {
    case 'W1':
      return {
        ...base,
        id,
        title: '16 regions, 8-500 GiB, realistic progress (0% phase, uneven speed)',
        regions: TARGETS_16,
        sizeGiB: sizesFor(TARGETS_16, seed, id),
        throughputMiBps: throughputFor(TARGETS_16, seed, id),
        profile: 'realistic',
        throttling: false,
      };
    case 'W2': {
      const regions = [...TARGETS_16, ...OPT_IN_REGIONS.slice(0, 14)];
      return {
        ...base,
        id,
        title: '30 regions under throttling (25% of Describe calls, plus a 10-minute 90% burst)',
        regions,
        sizeGiB: sizesFor(regions, seed, id),
        throughputMiBps: throughputFor(regions, seed, id),
        profile: 'realistic',
        throttling: true,
      };
    }
    case 'W3':
      return {
        ...base,
        id,
        title: '16 regions, progress that sits at 0%, jumps and stalls',
        regions: TARGETS_16,
        sizeGiB: sizesFor(TARGETS_16, seed, id),
        throughputMiBps: throughputFor(TARGETS_16, seed, id),
        profile: 'jumps-and-stalls',
        throttling: false,
      };
  }
}

/**
 * Builds the model on `clock` (a fake-time clock: see fake-time.ts), seeds one source image per
 * target, starts every copy now through the action's gateway.
 */
export async function startWorkload(spec: WorkloadSpec, clock: SimClock): Promise<StartedWorkload> {
  const model = new SimModel({
    seed: spec.seed,
    clock,
    copyThroughputMiBps: { ...spec.throughputMiBps },
    progressProfile: spec.profile,
    optIn: Object.fromEntries(OPT_IN_REGIONS.map((r) => [r, 'opted-in' as const])),
  });
  const clients = modelEc2Clients(model);
  const ec2 = createSdkEc2Access(clients);
  const startedAt = clock.now();
  const copies: CopyRef[] = [];
  for (const region of spec.regions) {
    const sizeGiB = spec.sizeGiB[region] ?? 8;
    const source = model.seedImage({ region: SOURCE_REGION, name: `bench-source-${region}`, sizeGiB });
    const request: CopyImageRequest = {
      sourceImageId: source.imageId,
      sourceRegion: SOURCE_REGION,
      name: `bench-copy-${spec.id}`,
      description: undefined,
      encrypted: false,
      kmsKeyId: undefined,
      clientToken: `bench-${spec.id}-${region}`,
      imageTags: {},
      snapshotTags: undefined,
    };
    const imageId = await ec2.forRegion(region).copyImage(request);
    const settlement = model.copySettlement(region, imageId);
    if (!settlement) throw new Error(`no settlement for ${region} ${imageId}`);
    copies.push({
      region,
      imageId,
      sizeGiB,
      startedAt,
      completesAt: settlement.at,
      outcome: settlement.outcome,
    });
  }
  if (spec.throttling) {
    const actions = ['DescribeImages', 'DescribeSnapshots'];
    model.faults.throttle(0.25, { actions });
    model.faults.throttleBurst({
      start: startedAt + 20 * MINUTE,
      durationMs: 10 * MINUTE,
      rate: 0.9,
      actions,
    });
  }
  model.log.clear();
  return { model, clients, ec2, copies, startedAt };
}
