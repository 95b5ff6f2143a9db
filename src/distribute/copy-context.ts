/**
 * What every part of the copy engine needs to know about this invocation: who it is (for
 * leases), what a real copy of the source looks like, and what it has already warned about.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { ExpectedCopy } from './copy-identity.js';

export interface CopyContext {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Unique per process: the lease key, and part of every ClientToken. */
  readonly invocationId: string;
  /** Who this run is, for people reading a lease tag (repository, run, job). */
  readonly holder: string;
  /** When this run's leases end (its deadline plus a margin). */
  readonly leaseUntil: number;
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
  readonly reuseExisting: boolean;
  readonly cleanupFailed: boolean;
  /** Per region: what a real copy looks like (encryption differs per region). */
  readonly expected: (region: string) => ExpectedCopy;
  /** Images already warned about as forged, so each is named once. */
  readonly warnedForged: Set<string>;
}
