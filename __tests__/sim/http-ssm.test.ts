/**
 * SSM on the wire: AWS JSON 1.1 requests signed with SigV4 (service ssm), JSON answers and
 * error documents, SSM's signing errors, unknown targets and members, session credentials,
 * lost responses, and the in-process transport answering the same way.
 */
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { virtualClock } from '../../sim/model/index.js';
import { modelRequestHandler } from '../../sim/model-transport.js';
import { ec2Client, signedPost, simulator } from './http-helpers.js';
import { signedSsmRequest, ssmCall } from './ssm-http-helpers.js';

const REGION = 'eu-west-1';

async function world() {
  const clock = virtualClock(Date.now());
  const sim = await simulator({ modelOptions: { clock } });
  return { sim, clock };
}

describe('SSM over JSON 1.1', () => {
  it('PutParameter and GetParameter: JSON in, JSON out, timestamps as epoch seconds, SSM headers', async () => {
    const { sim, clock } = await world();
    const put = await ssmCall(
      sim,
      'PutParameter',
      { Name: '/app/ami', Type: 'String', Value: 'v1' },
      { region: REGION },
    );
    expect([put.status, put.body]).toEqual([200, { Version: 1, Tier: 'Standard' }]);
    expect(put.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(put.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const got = await ssmCall(sim, 'GetParameter', { Name: '/app/ami' }, { region: REGION });
    expect(got.body).toEqual({
      Parameter: {
        Name: '/app/ami',
        Type: 'String',
        Value: 'v1',
        Version: 1,
        LastModifiedDate: clock.now() / 1000,
        ARN: 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/ami',
        DataType: 'text',
      },
    });
    const entry = sim.model.log.find({ service: 'ssm', action: 'GetParameter' })[0];
    expect(entry).toMatchObject({ region: REGION, via: 'http', outcome: 'ok', params: { Name: '/app/ami' } });
  });

  it('errors are 400 with {"__type", "message"}; ParameterNotFound has no message, as AWS sends it', async () => {
    const { sim } = await world();
    const missing = await ssmCall(sim, 'GetParameter', { Name: '/nothing' });
    expect([missing.status, missing.text]).toEqual([400, '{"__type":"ParameterNotFound"}']);
    const invalid = await ssmCall(sim, 'PutParameter', { Name: 'a/b', Type: 'String', Value: 'x' });
    expect([invalid.status, invalid.body]).toEqual([
      400,
      { __type: 'ValidationException', message: 'Parameter name must be a fully qualified name.' },
    ]);
    expect(sim.model.log.find({ service: 'ssm', outcome: 'error' }).map((e) => e.errorCode)).toEqual([
      'ParameterNotFound',
      'ValidationException',
    ]);
  });

  it('answers UnknownOperationException for unknown or unmodelled targets and a missing target', async () => {
    const { sim } = await world();
    for (const target of [
      'AmazonSSM.Frobnicate',
      'AmazonSSM.DescribeParameters',
      'AmazonEC2.DescribeImages',
      '',
    ]) {
      const answer = await ssmCall(sim, 'x', {}, { target });
      expect([answer.status, answer.body.__type]).toEqual([400, 'UnknownOperationException']);
    }
    expect(sim.model.log.count({ service: 'ssm', errorCode: 'UnknownOperationException' })).toBe(4);
  });

  it('checks the SigV4 signature with service ssm and answers SSM signing errors', async () => {
    const { sim } = await world();
    const wrongService = await ssmCall(sim, 'GetParameter', { Name: '/x' }, { service: 'ec2' });
    expect(wrongService.body).toEqual({
      __type: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'ssm'. ",
    });
    const wrongSecret = await ssmCall(
      sim,
      'GetParameter',
      { Name: '/x' },
      { secretAccessKey: 'not-the-secret' },
    );
    expect(wrongSecret.body.__type).toBe('InvalidSignatureException');
    expect(wrongSecret.body.message).toMatch(/^The request signature we calculated does not match/);
    const old = await ssmCall(
      sim,
      'GetParameter',
      { Name: '/x' },
      { signingDate: new Date(Date.now() - 20 * 60_000) },
    );
    expect(old.body.__type).toBe('InvalidSignatureException');
    expect(old.body.message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
    const unknownKey = await ssmCall(
      sim,
      'GetParameter',
      { Name: '/x' },
      { accessKeyId: 'AKIANOBODY0000000000' },
    );
    expect(unknownKey.body).toEqual({
      __type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
    const unsigned = await fetch(sim.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' },
      body: '{"Name":"/x"}',
    });
    expect([unsigned.status, (await unsigned.json()) as unknown]).toEqual([
      400,
      { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' },
    ]);
  });

  it('refuses bodies that are not JSON objects and members of the wrong type; ignores members it does not know', async () => {
    const { sim } = await world();
    const broken = await ssmCall(sim, 'GetParameter', {}, { rawBody: '{"Name":' });
    expect([broken.status, broken.body.__type]).toEqual([400, 'SerializationException']);
    const list = await ssmCall(sim, 'GetParameter', {}, { rawBody: '["/x"]' });
    expect(list.body.__type).toBe('SerializationException');
    const wrongType = await ssmCall(sim, 'PutParameter', {
      Name: '/x',
      Type: 'String',
      Value: 'v',
      Overwrite: 'yes',
    });
    expect(wrongType.body).toEqual({
      __type: 'SerializationException',
      message: 'Unexpected value for Overwrite: expected a boolean.',
    });
    const extra = await ssmCall(sim, 'PutParameter', {
      Name: '/x',
      Type: 'String',
      Value: 'v',
      Colour: 'blue',
    });
    expect(extra.body).toEqual({ Version: 1, Tier: 'Standard' });
    const empty = await ssmCall(sim, 'GetParameters', {}, { rawBody: '' });
    expect(empty.body.message).toBe(
      "1 validation error detected: Value null at 'names' failed to satisfy constraint: Member must not be null",
    );
  });

  it('session credentials from STS work (X-Amz-Security-Token), and expire on the model clock', async () => {
    const { sim, clock } = await world();
    const role = 'arn:aws:iam::123456789012:role/publisher';
    sim.model.defineRole(role);
    const assumed = await signedPost(sim.url, sim.model.defaultCredentials, 'us-east-1', 'sts', {
      Action: 'AssumeRole',
      Version: '2011-06-15',
      RoleArn: role,
      RoleSessionName: 'ssm-test',
      DurationSeconds: '900',
    });
    const credentials = new XMLParser().parse(assumed.text).AssumeRoleResponse.AssumeRoleResult.Credentials;
    const session = {
      accessKeyId: String(credentials.AccessKeyId),
      secretAccessKey: String(credentials.SecretAccessKey),
      sessionToken: String(credentials.SessionToken),
    };
    const put = await ssmCall(sim, 'PutParameter', { Name: '/s', Type: 'String', Value: 'v' }, session);
    expect(put.body).toEqual({ Version: 1, Tier: 'Standard' });
    expect(sim.model.ssm.history('us-east-1', '/s')[0]?.LastModifiedUser).toBe(
      'arn:aws:sts::123456789012:assumed-role/publisher/ssm-test',
    );
    const noToken = await ssmCall(
      sim,
      'GetParameter',
      { Name: '/s' },
      { ...session, sessionToken: undefined },
    );
    expect(noToken.body.__type).toBe('UnrecognizedClientException');
    await clock.advance(900_000);
    const expired = await ssmCall(sim, 'GetParameter', { Name: '/s' }, session);
    expect(expired.body).toEqual({
      __type: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
    });
  });

  it('a lost response drops the connection after the change is applied; per-action latency applies', async () => {
    const { sim } = await world();
    sim.model.faults.loseResponses('PutParameter', 1);
    await expect(
      ssmCall(sim, 'PutParameter', { Name: '/lost', Type: 'String', Value: 'v' }),
    ).rejects.toThrow();
    expect(sim.model.ssm.parameter('us-east-1', '/lost')?.Value).toBe('v');
    sim.model.faults.latency(250, 'GetParameter');
    const started = Date.now();
    expect((await ssmCall(sim, 'GetParameter', { Name: '/lost' })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('EC2 Query requests are unaffected, and the in-process transport answers SSM the same way', async () => {
    const { sim } = await world();
    expect(
      (await ec2Client(sim, REGION).send(new DescribeImagesCommand({ Owners: ['self'] }))).Images,
    ).toEqual([]);
    const handler = modelRequestHandler(sim.model);
    const request = await signedSsmRequest(
      sim,
      'PutParameter',
      { Name: '/via/gateway', Type: 'String', Value: 'v' },
      { region: REGION },
    );
    const { response } = await handler.handle(request as never);
    expect([response.statusCode, new TextDecoder().decode(response.body as Uint8Array)]).toEqual([
      200,
      '{"Version":1,"Tier":"Standard"}',
    ]);
    expect(sim.model.log.find({ action: 'PutParameter' })[0]?.via).toBe('gateway');
  });
});
