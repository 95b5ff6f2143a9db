/** The simulator's model: a plain in-memory EC2 + STS world, no HTTP. */
export * from './accounts.js';
export * from './authorization.js';
export * from './clock.js';
export * from './copy-progress.js';
export * from './errors.js';
export * from './faults.js';
export * from './kms.js';
export * from './model.js';
export * from './operations.js';
export * from './policy.js';
export * from './regions.js';
export * from './request-log.js';
export * from './rng.js';
export type { SeedBlockDevice, SeededImage, SeedImageSpec } from './seed.js';
export type {
  DeregistrationProtection,
  ForeignCopy,
  ImageBlockPublicAccessState,
  ImageRecord,
  Settlement,
  SnapshotRecord,
} from './store.js';
