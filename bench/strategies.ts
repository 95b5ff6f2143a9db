/** The strategies `npm run bench` compares, in table order. */
import type { Strategy } from './strategy.js';
import { fixedIntervalStrategy } from './strategy-fixed.js';
import { oursStrategy } from './strategy-ours.js';
import { sdkWaiterStrategy } from './strategy-sdk-waiter.js';

export const STRATEGIES: readonly Strategy[] = [
  fixedIntervalStrategy({
    name: 'fixed 15 s per image',
    description:
      'one loop per image, DescribeImages every 15 s until the timeout (AWS CLI style, no attempt cap)',
    intervalMs: 15_000,
    per: 'image',
  }),
  sdkWaiterStrategy,
  fixedIntervalStrategy({
    name: 'Packer default (15 s x 120)',
    description: "one loop per image, every 15 s, gives up after 120 attempts (Packer's default)",
    intervalMs: 15_000,
    maxAttempts: 120,
    per: 'image',
  }),
  fixedIntervalStrategy({
    name: 'batched 15 s per region',
    description: 'one loop per region, one DescribeImages for all its pending images every 15 s',
    intervalMs: 15_000,
    per: 'region',
  }),
  fixedIntervalStrategy({
    name: 'batched 30 s per region',
    description: 'one loop per region, one DescribeImages for all its pending images every 30 s',
    intervalMs: 30_000,
    per: 'region',
  }),
  oursStrategy(),
];
