/**
 * Fidelity for Parameter Store: the Debian AWS CLI v2 (botocore's JSON 1.1 serializer, SigV4
 * signer, parsers and retry handler) drives the simulator's SSM, and the assertions are on what
 * the CLI prints and its exit codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../sim/http/server.js';
import { type VirtualClock, virtualClock } from '../../sim/model/index.js';
import { AWS_CLI_V2, type CliResult, cliVersion, runCli } from './cli.js';

const AWS = AWS_CLI_V2;
const REGION = 'eu-west-1';
/** Model time with milliseconds, so the CLI's timestamps show their fraction. */
const START = Date.UTC(2026, 5, 1, 12, 0, 0, 250);

const version = cliVersion(AWS);
const haveCli = version?.startsWith('aws-cli/2') === true;
if (!haveCli && process.env.CI === 'true') {
  throw new Error(
    `CI=true but AWS CLI v2 is missing at ${AWS} (got: ${version ?? 'nothing'}); .ci/run installs awscli.`,
  );
}
if (!haveCli) {
  console.warn(
    `[fidelity] AWS CLI v2 not found at ${AWS} (got: ${version ?? 'nothing'}); skipping the SSM fidelity suite. Install the Debian package 'awscli' to run it.`,
  );
}

let sim: RunningSimulator;
let clock: VirtualClock;
let web: string;
let web2: string;

function aws(args: string[], credentials = sim.model.defaultCredentials): Promise<CliResult> {
  const { accessKeyId, secretAccessKey } = credentials;
  return runCli(AWS, { url: sim.url, accessKeyId, secretAccessKey }, REGION, ['ssm', ...args]);
}

/** What the CLI prints for a model time: ISO 8601 with microseconds and +00:00. */
const cliTime = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');

const putImage = (name: string, value: string, extra: string[] = []) =>
  aws([
    'put-parameter',
    '--name',
    name,
    '--type',
    'String',
    '--data-type',
    'aws:ec2:image',
    '--value',
    value,
    ...extra,
  ]);

describe.skipIf(!haveCli)(`AWS CLI v2 against the simulator's SSM (${version ?? 'missing'})`, () => {
  beforeAll(async () => {
    clock = virtualClock(START);
    sim = await startSimulator({ modelOptions: { clock, seed: 12 } });
    sim.model.ssm.setValidationDelay(10_000);
    web = sim.model.seedImage({ region: REGION, name: 'web' }).imageId;
    web2 = sim.model.seedImage({ region: REGION, name: 'web-2' }).imageId;
  });

  afterAll(async () => {
    await sim?.close();
  });

  it('put-parameter --data-type aws:ec2:image answers the version; get-parameter sees it once validated', async () => {
    const put = await putImage('/golden/web', web, ['--tags', 'Key=team,Value=platform']);
    expect([put.code, put.stderr, JSON.parse(put.stdout)]).toEqual([0, '', { Version: 1, Tier: 'Standard' }]);
    const early = await aws(['get-parameter', '--name', '/golden/web']);
    expect([early.code, early.stdout, early.stderr]).toEqual([
      254,
      '',
      'An error occurred (ParameterNotFound) when calling the GetParameter operation:',
    ]);
    await clock.advance(10_000);
    const got = await aws(['get-parameter', '--name', '/golden/web']);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toEqual({
      Parameter: {
        Name: '/golden/web',
        Type: 'String',
        Value: web,
        Version: 1,
        LastModifiedDate: cliTime(START),
        ARN: 'arn:aws:ssm:eu-west-1:123456789012:parameter/golden/web',
        DataType: 'aws:ec2:image',
      },
    });
  });

  it('put-parameter --overwrite adds version 2; get-parameter-history prints both', async () => {
    const overwritten = await putImage('/golden/web', web2, ['--overwrite']);
    expect(JSON.parse(overwritten.stdout)).toEqual({ Version: 2, Tier: 'Standard' });
    const before = await aws(['get-parameter', '--name', '/golden/web', '--query', 'Parameter.Version']);
    expect(before.stdout).toBe('1');
    await clock.advance(10_000);
    const history = await aws(['get-parameter-history', '--name', '/golden/web']);
    expect(history.code).toBe(0);
    const entry = (value: string, version: number, at: number) => ({
      Name: '/golden/web',
      Type: 'String',
      LastModifiedDate: cliTime(at),
      LastModifiedUser: 'arn:aws:iam::123456789012:user/sim-user',
      Value: value,
      Version: version,
      Labels: [],
      Tier: 'Standard',
      Policies: [],
      DataType: 'aws:ec2:image',
    });
    expect(JSON.parse(history.stdout)).toEqual({
      Parameters: [entry(web, 1, START), entry(web2, 2, START + 10_000)],
    });
  });

  it('add-tags-to-resource, then list-tags-for-resource prints the tags', async () => {
    const added = await aws([
      'add-tags-to-resource',
      '--resource-type',
      'Parameter',
      '--resource-id',
      '/golden/web',
      '--tags',
      'Key=env,Value=prod',
    ]);
    expect([added.code, added.stdout, added.stderr]).toEqual([0, '', '']);
    const listed = await aws([
      'list-tags-for-resource',
      '--resource-type',
      'Parameter',
      '--resource-id',
      '/golden/web',
    ]);
    expect(JSON.parse(listed.stdout)).toEqual({
      TagList: [
        { Key: 'team', Value: 'platform' },
        { Key: 'env', Value: 'prod' },
      ],
    });
  });

  it('get-parameters lists what it could not find; an invalid image id never becomes a version', async () => {
    const refused = await putImage('/golden/nothing', 'ami-0123456789abcdef0');
    expect(JSON.parse(refused.stdout)).toEqual({ Version: 1, Tier: 'Standard' });
    await clock.advance(10_000);
    const both = await aws([
      'get-parameters',
      '--names',
      '/golden/web',
      '/golden/nothing',
      '--query',
      '[Parameters[].Name, InvalidParameters]',
    ]);
    expect(JSON.parse(both.stdout)).toEqual([['/golden/web'], ['/golden/nothing']]);
  });

  it('prints SSM errors with exit code 254: ParameterAlreadyExists, tags with overwrite, AccessDenied, bad names', async () => {
    const exists = await putImage('/golden/web', web);
    expect([exists.code, exists.stderr]).toEqual([
      254,
      'An error occurred (ParameterAlreadyExists) when calling the PutParameter operation: The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    ]);
    const tagged = await putImage('/golden/web', web, ['--overwrite', '--tags', 'Key=a,Value=b']);
    expect(tagged.stderr).toBe(
      "An error occurred (ValidationException) when calling the PutParameter operation: Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
    );
    const reader = sim.model.addUser({
      userName: 'reader',
      policy: { Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' }] },
    });
    const denied = await aws(
      ['put-parameter', '--name', '/golden/x', '--type', 'String', '--value', 'v'],
      reader,
    );
    expect([denied.code, denied.stderr]).toEqual([
      254,
      'An error occurred (AccessDeniedException) when calling the PutParameter operation: User: arn:aws:iam::123456789012:user/reader is not authorized to perform: ssm:PutParameter on resource: arn:aws:ssm:eu-west-1:123456789012:parameter/golden/x because no identity-based policy allows the ssm:PutParameter action',
    ]);
    const reserved = await aws([
      'put-parameter',
      '--name',
      '/aws/golden',
      '--type',
      'String',
      '--value',
      'v',
    ]);
    expect(reserved.stderr).toBe(
      'An error occurred (AccessDeniedException) when calling the PutParameter operation: No access to reserved parameter name: aws/golden.',
    );
  });

  it('the CLI retries ThrottlingException and then succeeds', async () => {
    sim.model.faults.failNext('GetParameter', 2, 'ThrottlingException');
    const before = sim.model.log.count({ action: 'GetParameter' });
    const got = await aws([
      'get-parameter',
      '--name',
      '/golden/web',
      '--query',
      'Parameter.Value',
      '--output',
      'text',
    ]);
    expect([got.code, got.stdout]).toEqual([0, web2]);
    const attempts = sim.model.log.find({ action: 'GetParameter' }).slice(before);
    expect(attempts.map((e) => e.errorCode ?? 'ok')).toEqual([
      'ThrottlingException',
      'ThrottlingException',
      'ok',
    ]);
  }, 30_000);
});
