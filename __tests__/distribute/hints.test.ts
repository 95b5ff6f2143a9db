import { describe, expect, it } from 'vitest';
import { type HintContext, hintFor } from '../../src/distribute/hints.js';

const NO_ROLE: HintContext = { roleConfigured: false, onCancel: 'keep' };
const WITH_ROLE: HintContext = { roleConfigured: true, onCancel: 'keep' };

describe('hintFor: image-not-found reasons', () => {
  it('points at the source when CopyImage cannot find or use the source image', () => {
    for (const code of ['InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable']) {
      const hint = hintFor(
        'eu-west-1',
        { code, message: "The image id '[ami-0123456789abcdef0]' does not exist" },
        undefined,
        NO_ROLE,
      );
      expect(hint).toMatch(/source image is no longer available/);
      expect(hint).toContain('source-ami-id');
    }
  });

  it('points at the copy when the wait saw the copy disappear', () => {
    const hint = hintFor(
      'eu-west-1',
      {
        code: 'InvalidAMIID.NotFound',
        message:
          'DescribeImages in eu-west-1 no longer lists ami-0123456789abcdef0: the copy was deregistered',
      },
      undefined,
      NO_ROLE,
    );
    expect(hint).toMatch(/deregistered the copy while it was pending/);
  });

  it('tells an expired session how to avoid it', () => {
    for (const code of ['ExpiredToken', 'RequestExpired']) {
      expect(hintFor('eu-west-1', { code, message: 'Request has expired.' }, 'kept', NO_ROLE)).toContain(
        'Set `role-to-assume`',
      );
    }
  });
});

describe('hintFor: settings the run already has', () => {
  it('does not tell a run with role-to-assume to set it: names role-duration-seconds, MaxSessionDuration, trust policy, chaining', () => {
    for (const code of ['ExpiredToken', 'RequestExpired']) {
      const hint =
        hintFor('eu-west-1', { code, message: 'The security token has expired.' }, 'kept', WITH_ROLE) ?? '';
      expect(hint).not.toMatch(/set `role-to-assume`/i);
      expect(hint).toContain('role-duration-seconds');
      expect(hint).toContain('MaxSessionDuration');
      expect(hint).toContain('trust policy');
      expect(hint).toContain('1 h');
    }
  });

  it('explains a refused renewal of role-to-assume, not as a KMS problem', () => {
    const hint = hintFor(
      'eu-west-1',
      {
        code: 'RoleAssumptionError',
        message: 'Could not assume role-to-assume …: InvalidIdentityToken: key',
      },
      'kept',
      WITH_ROLE,
    );
    expect(hint).toContain('trust policy');
    expect(hint).not.toContain('KMS');
  });

  it('says what the post step does with a cancelled copy, per on-cancel', () => {
    const reason = { code: 'cancelled', message: 'Still pending when the run was cancelled.' };
    expect(hintFor('eu-west-1', reason, 'kept', { ...NO_ROLE, onCancel: 'deregister' })).toMatch(
      /post step deregisters the copy/,
    );
    expect(hintFor('eu-west-1', reason, 'kept', NO_ROLE)).toMatch(/goes on in AWS .*a rerun picks it up/);
  });
});
