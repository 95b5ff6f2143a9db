/** What every strategy reports, for the same workload and seed. */
import type { SimModel } from '../sim/model/index.js';
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
  readonly calls: CallCounts;
  /** Fixed-interval loops: the most looks any one loop made. */
  readonly loopAttempts?: number;
}

/** Requests the model received during the wait (every SDK attempt counts, throttled ones included). */
export interface CallCounts {
  readonly describeImages: number;
  readonly describeSnapshots: number;
  /** Of those, answered `RequestLimitExceeded`. */
  readonly throttled: number;
}

export function callCounts(model: SimModel): CallCounts {
  return {
    describeImages: model.log.count({ action: 'DescribeImages' }),
    describeSnapshots: model.log.count({ action: 'DescribeSnapshots' }),
    throttled: model.log.count({ errorCode: 'RequestLimitExceeded' }),
  };
}

export interface Strategy {
  readonly name: string;
  readonly description: string;
  run(spec: WorkloadSpec): Promise<StrategyRun>;
  /**
   * The same run computed instead of executed, for workloads where the answer is fixed in
   * advance (no throttling: every call answers, at no virtual time). The runner executes the
   * real loop on the first seeds and fails if the two differ. `started`: the copies of another
   * run of the same spec and seed (identical in every run); without it the workload is started.
   */
  predict?(spec: WorkloadSpec, started?: Pick<StrategyRun, 'copies' | 'startedAt'>): Promise<StrategyRun>;
}

export const copyKey = (c: { region: string; imageId: string }) => `${c.region}/${c.imageId}`;
