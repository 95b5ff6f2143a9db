/** What every strategy reports, for the same workload and seed. */
import type { CopyRef, WorkloadSpec } from './workloads.js';

export type ObservedState = 'available' | 'failed' | 'gave-up';

export interface Observation {
  readonly state: ObservedState;
  /** Model ms when the strategy saw the final state (or gave up). */
  readonly at: number;
}

export interface StrategyRun {
  readonly strategy: string;
  readonly copies: readonly CopyRef[];
  /** By `region/imageId`. */
  readonly observed: ReadonlyMap<string, Observation>;
  readonly startedAt: number;
  /** Model ms when the strategy's whole wait returned. */
  readonly exitAt: number;
  readonly calls: { readonly describeImages: number; readonly describeSnapshots: number };
}

export interface Strategy {
  readonly name: string;
  readonly description: string;
  run(spec: WorkloadSpec): Promise<StrategyRun>;
}

export const copyKey = (c: { region: string; imageId: string }) => `${c.region}/${c.imageId}`;
