import { describe, expect, it } from 'vitest';
import { newTrack, type Track, toResult } from '../../src/distribute/region-track.js';
import type { RegionPlan } from '../../src/plan.js';

const PLAN: RegionPlan = {
  region: 'eu-west-1',
  kind: 'copy',
  name: 'web-base',
  description: 'Web base',
  encrypted: false,
  kmsKeyId: undefined,
  imageTags: {},
  snapshotTags: undefined,
  completionDurationMinutes: undefined,
  clientToken: 'ami-distribute-0',
  reuseTags: {},
};

function track(overrides: Partial<Track>): Track {
  return {
    ...newTrack(PLAN),
    imageId: 'ami-0e0000000000000e1',
    startedAt: 0,
    state: 'failed',
    ...overrides,
  };
}

describe('toResult: the hint is given the run’s settings', () => {
  const expired = track({
    reason: {
      code: 'RequestExpired',
      message: 'DescribeImages failed: RequestExpired: Request has expired.',
    },
  });

  it('does not tell a run with role-to-assume to set it', () => {
    const hint = toResult(expired, 1_000, { roleConfigured: true, onCancel: 'keep' }).hint ?? '';
    expect(hint).toContain('role-duration-seconds');
    expect(hint).not.toMatch(/set `role-to-assume`/i);
    expect(toResult(expired, 1_000, { roleConfigured: false, onCancel: 'keep' }).hint).toContain(
      'Set `role-to-assume`',
    );
  });

  it('says what on-cancel will do with a cancelled copy', () => {
    const cancelled = track({
      state: 'cancelled',
      reason: { code: 'cancelled', message: 'Still pending when the run was cancelled.' },
    });
    const result = toResult(cancelled, 1_000, { roleConfigured: false, onCancel: 'deregister' });
    expect(result.disposition).toBe('kept');
    expect(result.hint).toContain('the post step deregisters the copy');
  });
});
