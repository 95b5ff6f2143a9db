import { describe, expect, it } from 'vitest';
import { RoleAssumptionError } from '../../src/aws/credentials.js';
import { awsErrorCode } from '../../src/aws/errors.js';

const ROLE = 'arn:aws:iam::123456789012:role/image-publisher';
const refused = Object.assign(new Error('User: arn:aws:iam::123456789012:user/ci is not authorized'), {
  name: 'AccessDenied',
  $metadata: { httpStatusCode: 403 },
});

describe('RoleAssumptionError', () => {
  it('names role-to-assume and quotes STS’s code and message', () => {
    const error = new RoleAssumptionError(ROLE, false, 3600, refused);
    expect(error.message).toMatch(
      /^Could not assume role-to-assume arn:aws:iam::123456789012:role\/image-publisher from the ambient credentials \(AssumeRole, role chaining\): AccessDenied: User: arn:aws:iam::123456789012:user\/ci is not authorized\. /,
    );
    expect(error.message).toContain('docs/iam-policy-role-chaining.json');
    expect(error.message).toContain('the session of 3600 s (role-duration-seconds)');
    expect(error.message).not.toContain('source-region');
    expect(error.cause).toBe(refused);
  });

  it('points OIDC refusals at the trust policy for GitHub', () => {
    const error = new RoleAssumptionError(ROLE, true, 900, refused);
    expect(error.message).toContain('with the GitHub OIDC token (AssumeRoleWithWebIdentity)');
    expect(error.message).toContain('token.actions.githubusercontent.com');
  });

  it('is reported with its own code, which the region hints recognise', () => {
    expect(awsErrorCode(new RoleAssumptionError(ROLE, true, 900, refused))).toBe('RoleAssumptionError');
  });
});
