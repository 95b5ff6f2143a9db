import { DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { fromTemporaryCredentials, fromWebToken } from '@aws-sdk/credential-providers';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { virtualClock } from '../../sim/model/index.js';
import { ec2Client, rejection, signedPost, simulator } from './http-helpers.js';

const ROLE = 'arn:aws:iam::123456789012:role/ami-distribute';
const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const JWT = `${segment({ alg: 'RS256' })}.${segment({ sub: 'repo:acme/images:ref:refs/heads/main', aud: 'sts.amazonaws.com', iss: 'https://token.actions.githubusercontent.com' })}.c2lnbmF0dXJl`;

async function world() {
  const clock = virtualClock(Date.now());
  const sim = await simulator({ modelOptions: { clock } });
  return { sim, clock };
}

describe('STS on the simulator', () => {
  it('AssumeRoleWithWebIdentity (unsigned) issues session credentials EC2 accepts, and records the token', async () => {
    const { sim } = await world();
    const provider = fromWebToken({
      roleArn: ROLE,
      webIdentityToken: JWT,
      roleSessionName: 'gha-run-1',
      durationSeconds: 900,
      clientConfig: { region: 'us-east-1', endpoint: sim.url },
    });
    const credentials = await provider();
    expect(credentials.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(credentials.sessionToken).toBeTruthy();
    expect(credentials.expiration?.getTime()).toBe(sim.model.clock.now() + 900_000);
    expect(sim.model.accounts.webIdentityTokens).toEqual([
      expect.objectContaining({ roleArn: ROLE, sessionName: 'gha-run-1', token: JWT }),
    ]);
    const ec2 = new EC2Client({ region: 'eu-west-1', endpoint: sim.url, credentials, maxAttempts: 1 });
    expect((await ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images).toEqual([]);
    const entry = sim.model.log.find({ action: 'DescribeImages' })[0];
    expect(entry?.accessKeyId).toBe(credentials.accessKeyId);
    expect(entry?.accountId).toBe('123456789012');
  });

  it('refuses a token that is not a JWT', async () => {
    const { sim } = await world();
    const provider = fromWebToken({
      roleArn: ROLE,
      webIdentityToken: 'not-a-jwt',
      clientConfig: { region: 'us-east-1', endpoint: sim.url, maxAttempts: 1 },
    });
    // The wire code is InvalidIdentityToken; the SDK maps it to its modelled exception.
    expect((await rejection(provider())).name).toBe('InvalidIdentityTokenException');
    expect(sim.model.log.find({ service: 'sts' })[0]?.errorCode).toBe('InvalidIdentityToken');
  });

  it('session credentials expire on the model clock: EC2 says RequestExpired, STS says ExpiredToken', async () => {
    const { sim, clock } = await world();
    const credentials = await fromWebToken({
      roleArn: ROLE,
      webIdentityToken: JWT,
      durationSeconds: 3600,
      clientConfig: { region: 'us-east-1', endpoint: sim.url },
    })();
    const ec2 = new EC2Client({ region: 'eu-west-1', endpoint: sim.url, credentials, maxAttempts: 1 });
    await clock.advance(3600_000);
    const expired = await rejection(ec2.send(new DescribeImagesCommand({})));
    expect(expired.name).toBe('RequestExpired');
    const sts = await signedPost(
      sim.url,
      credentials,
      'us-east-1',
      'sts',
      {
        Action: 'GetCallerIdentity',
        Version: '2011-06-15',
      },
      credentials.sessionToken,
    );
    expect(sts.status).toBe(403);
    expect(new XMLParser().parse(sts.text).ErrorResponse.Error.Code).toBe('ExpiredToken');
  });

  it('session credentials without their session token are refused', async () => {
    const { sim } = await world();
    const credentials = await fromWebToken({
      roleArn: ROLE,
      webIdentityToken: JWT,
      clientConfig: { region: 'us-east-1', endpoint: sim.url },
    })();
    const error = await rejection(
      ec2Client(sim, 'us-east-1', {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
      }).send(new DescribeImagesCommand({})),
    );
    expect(error.name).toBe('AuthFailure');
  });

  it('AssumeRole (signed) and GetCallerIdentity name the assumed role; the role policy applies to EC2 calls', async () => {
    const { sim } = await world();
    sim.model.defineRole(ROLE, {
      policy: { Statement: [{ Effect: 'Allow', Action: 'ec2:DescribeRegions' }] },
    });
    const credentials = await fromTemporaryCredentials({
      params: { RoleArn: ROLE, RoleSessionName: 'chained', DurationSeconds: 1800 },
      masterCredentials: {
        accessKeyId: sim.model.defaultCredentials.accessKeyId,
        secretAccessKey: sim.model.defaultCredentials.secretAccessKey,
      },
      clientConfig: { region: 'us-east-1', endpoint: sim.url },
    })();
    const identity = await signedPost(
      sim.url,
      credentials,
      'us-east-1',
      'sts',
      {
        Action: 'GetCallerIdentity',
        Version: '2011-06-15',
      },
      credentials.sessionToken,
    );
    const parsed = new XMLParser().parse(identity.text).GetCallerIdentityResponse.GetCallerIdentityResult;
    expect(parsed.Arn).toBe('arn:aws:sts::123456789012:assumed-role/ami-distribute/chained');
    expect(String(parsed.Account)).toBe('123456789012');
    const ec2 = new EC2Client({ region: 'us-east-1', endpoint: sim.url, credentials, maxAttempts: 1 });
    expect((await rejection(ec2.send(new DescribeImagesCommand({})))).name).toBe('UnauthorizedOperation');
  });

  it('caps role chaining at one hour', async () => {
    const { sim } = await world();
    const first = await fromWebToken({
      roleArn: ROLE,
      webIdentityToken: JWT,
      clientConfig: { region: 'us-east-1', endpoint: sim.url },
    })();
    const chained = fromTemporaryCredentials({
      params: { RoleArn: ROLE, RoleSessionName: 'again', DurationSeconds: 7200 },
      masterCredentials: first,
      clientConfig: { region: 'us-east-1', endpoint: sim.url, maxAttempts: 1 },
    });
    const error = await rejection(chained());
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(/1 hour session limit/);
  });
});
