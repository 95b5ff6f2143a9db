import { describe, expect, it } from 'vitest';
import { hintFor } from '../../src/distribute/hints.js';

describe('hintFor: image-not-found reasons', () => {
  it('points at the source when CopyImage cannot find or use the source image', () => {
    for (const code of ['InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable']) {
      const hint = hintFor('eu-west-1', {
        code,
        message: "The image id '[ami-0123456789abcdef0]' does not exist",
      });
      expect(hint).toMatch(/source image is no longer available/);
      expect(hint).toContain('source-ami-id');
    }
  });

  it('points at the copy when the wait saw the copy disappear', () => {
    const hint = hintFor('eu-west-1', {
      code: 'InvalidAMIID.NotFound',
      message: 'DescribeImages in eu-west-1 no longer lists ami-0123456789abcdef0: the copy was deregistered',
    });
    expect(hint).toMatch(/deregistered the copy while it was pending/);
  });

  it('tells an expired session how to avoid it', () => {
    for (const code of ['ExpiredToken', 'RequestExpired']) {
      expect(hintFor('eu-west-1', { code, message: 'Request has expired.' })).toContain('role-to-assume');
    }
  });
});
