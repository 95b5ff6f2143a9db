/**
 * The fault suite (issue 4): every scenario runs the bundle as a child process against its own
 * simulator over HTTP, and asserts the exit code and message, the outputs, the run invariants
 * (one copy per region, nothing unaccounted for; support/invariants.ts) and that no credential
 * leaked. The scenarios wait on real time (the action's clock) and hardly use the CPU, so they
 * all run at once in this one file: on 2 cores vitest runs test files one after another.
 * FAULT_FIGURES=1 prints each scenario's calls, errors and duration.
 */
import { describe, vi } from 'vitest';
import { cancellation } from './faults/cancel.js';
import { copiesThatGoWrong } from './faults/copies.js';
import { expiringCredentials } from './faults/credentials.js';
import { unreliableApi } from './faults/network.js';
import { sourceAndRegionProblems } from './faults/source-and-regions.js';

vi.setConfig({ maxConcurrency: 12 });

describe.concurrent('fault suite', () => {
  describe('an unreliable API', unreliableApi);
  describe('copies that go wrong', copiesThatGoWrong);
  describe('source and regions', sourceAndRegionProblems);
  describe('cancellation', cancellation);
  describe('credentials expiring mid-wait', expiringCredentials);
});
