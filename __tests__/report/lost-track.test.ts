import { describe, expect, it } from 'vitest';
import { failureMessage } from '../../src/report/failures.js';
import { formatSummary } from '../../src/report/summary.js';
import { distributionResult, regionResult } from './fixtures.js';

const REPORT = { wait: true, onCancel: 'keep' } as const;

const expired = {
  code: 'RequestExpired',
  message: 'DescribeImages failed: RequestExpired: Request has expired.',
};

describe('a copy the run lost track of (credentials expired mid-wait)', () => {
  it('is reported as possibly still copying, not as a failed copy kept by choice', () => {
    const result = distributionResult([
      regionResult({
        region: 'eu-west-1',
        state: 'failed',
        reason: expired,
        disposition: 'kept',
        lostTrack: true,
      }),
    ]);
    const message = failureMessage(result, REPORT) ?? '';
    expect(message).toContain('RequestExpired');
    expect(message).toContain('it may still be copying; a rerun picks it up');
    expect(message).not.toContain('cleanup-failed');
    expect(formatSummary(result, REPORT)).toContain('copy kept (may still be running in AWS)');
  });

  it('keeps the cleanup-failed wording for a copy AWS reported failed', () => {
    const result = distributionResult([
      regionResult({
        region: 'eu-west-1',
        state: 'failed',
        reason: expired,
        disposition: 'kept',
        lostTrack: false,
      }),
    ]);
    expect(failureMessage(result, REPORT)).toContain('The failed copy was kept (cleanup-failed: false).');
  });
});
