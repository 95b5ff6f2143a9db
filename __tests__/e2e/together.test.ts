/**
 * Runs that meet (issue 8): sibling jobs and workflow runs racing for the same copies, reruns
 * after crashes (kill -9) and forged provenance, cancels before any copy. Every scenario runs
 * the bundle as child processes against its own simulator over HTTP and checks the run
 * invariants across all runs (one copy per region, nothing unaccounted for, no run's result
 * removed by another run; support/invariants.ts). Like the fault suite, the scenarios wait on
 * real time and hardly use the CPU, so they all run at once in this one file.
 */
import { describe, vi } from 'vitest';
import { cancelEarly } from './together/cancel-early.js';
import { rerunsAndCrashes } from './together/reruns-and-crashes.js';
import { siblingsAndRaces } from './together/siblings-and-races.js';

vi.setConfig({ maxConcurrency: 12, testTimeout: 120_000 });

describe.concurrent('runs that meet', () => {
  describe('siblings and races', siblingsAndRaces);
  describe('reruns and crashes', rerunsAndCrashes);
  describe('cancels before any copy', cancelEarly);
});
