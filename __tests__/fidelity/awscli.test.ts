/**
 * Fidelity: the simulator must satisfy a second, independent client. The Debian AWS CLI v2
 * (botocore's own serializers, parsers, signer and waiters) drives it over HTTP, and the
 * assertions are on what the CLI prints and its exit codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../sim/http/server.js';
import { type SeededImage, type VirtualClock, virtualClock } from '../../sim/model/index.js';
import { AWS_CLI_V2, type CliResult, cliVersion, runCli } from './cli.js';

const AWS = AWS_CLI_V2;

const version = cliVersion(AWS);
const haveCli = version?.startsWith('aws-cli/2') === true;
if (!haveCli && process.env.CI === 'true') {
  throw new Error(
    `CI=true but AWS CLI v2 is missing at ${AWS} (got: ${version ?? 'nothing'}); .ci/run installs awscli.`,
  );
}
if (!haveCli) {
  console.warn(
    `[fidelity] AWS CLI v2 not found at ${AWS} (got: ${version ?? 'nothing'}); skipping the AWS CLI fidelity suite. Install the Debian package 'awscli' to run it.`,
  );
}

let sim: RunningSimulator;
let clock: VirtualClock;
let source: SeededImage;

function aws(region: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const { accessKeyId, secretAccessKey } = sim.model.defaultCredentials;
  return runCli(AWS, { url: sim.url, accessKeyId, secretAccessKey }, region, args, env);
}

async function copyImage(name: string, extra: string[] = []): Promise<string> {
  const result = await aws('eu-west-1', [
    'ec2',
    'copy-image',
    '--source-image-id',
    source.imageId,
    '--source-region',
    'us-east-1',
    '--name',
    name,
    ...extra,
  ]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const parsed = JSON.parse(result.stdout) as { ImageId: string };
  expect(parsed.ImageId).toMatch(/^ami-0[0-9a-f]{16}$/);
  return parsed.ImageId;
}

describe.skipIf(!haveCli)(`AWS CLI v2 against the simulator (${version ?? 'missing'})`, () => {
  beforeAll(async () => {
    clock = virtualClock(Date.now());
    sim = await startSimulator({ modelOptions: { clock, seed: 11 } });
    source = sim.model.seedImage({
      region: 'us-east-1',
      name: 'web-base',
      sizeGiB: 20,
      tags: { team: 'platform', env: 'prod' },
      description: 'golden image',
    });
    sim.model.seedImage({ region: 'us-east-1', name: 'db-base', tags: { team: 'data' } });
  });

  afterAll(async () => {
    await sim?.close();
  });

  it('describe-images with filters, wildcards and --query', async () => {
    const names = await aws('us-east-1', [
      'ec2',
      'describe-images',
      '--owners',
      'self',
      '--filters',
      'Name=name,Values=*-base',
      'Name=tag:team,Values=plat*',
      '--query',
      'Images[].[ImageId,Name,State]',
    ]);
    expect(names.code).toBe(0);
    expect(JSON.parse(names.stdout)).toEqual([[source.imageId, 'web-base', 'available']]);
    const text = await aws('us-east-1', [
      'ec2',
      'describe-images',
      '--image-ids',
      source.imageId,
      '--query',
      'Images[0].Tags[?Key==`env`].Value',
      '--output',
      'text',
    ]);
    expect(text.stdout).toBe('prod');
  });

  it('copy-image, then describe-images and describe-snapshots show a pending copy with progress', async () => {
    const imageId = await copyImage('web-base-cli', [
      '--encrypted',
      '--copy-image-tags',
      '--client-token',
      'cli-1',
    ]);
    const again = await copyImage('web-base-cli', [
      '--encrypted',
      '--copy-image-tags',
      '--client-token',
      'cli-1',
    ]);
    expect(again).toBe(imageId);
    const image = await aws('eu-west-1', [
      'ec2',
      'describe-images',
      '--image-ids',
      imageId,
      '--query',
      'Images[0]',
    ]);
    const parsed = JSON.parse(image.stdout);
    expect(parsed).toMatchObject({
      ImageId: imageId,
      Name: 'web-base-cli',
      State: 'pending',
      Description: 'golden image',
      Tags: expect.arrayContaining([{ Key: 'team', Value: 'platform' }]),
    });
    expect(parsed.BlockDeviceMappings[0].Ebs).toMatchObject({ VolumeSize: 20, Encrypted: true });
    const snapshots = await aws('eu-west-1', [
      'ec2',
      'describe-snapshots',
      '--owner-ids',
      'self',
      '--filters',
      `Name=description,Values=Copied for DestinationAmi ${imageId} *`,
      '--query',
      'Snapshots[].{id:SnapshotId,state:State,progress:Progress,size:VolumeSize,encrypted:Encrypted,description:Description}',
    ]);
    expect(snapshots.code).toBe(0);
    const list = JSON.parse(snapshots.stdout);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ state: 'pending', size: 20, encrypted: true });
    expect(list[0].progress).toMatch(/^\d{1,2}%$/);
    expect(list[0].description).toMatch(
      new RegExp(
        `^Copied for DestinationAmi ${imageId} from SourceAmi ${source.imageId} for SourceSnapshot snap-`,
      ),
    );
  });

  it('create-tags and delete-tags change what describe-images prints', async () => {
    const imageId = await copyImage('web-base-tags');
    const created = await aws('eu-west-1', [
      'ec2',
      'create-tags',
      '--resources',
      imageId,
      '--tags',
      'Key=stage,Value=canary',
      'Key=owner,Value=me',
    ]);
    expect([created.code, created.stdout]).toEqual([0, '']);
    const tags = await aws('eu-west-1', [
      'ec2',
      'describe-images',
      '--image-ids',
      imageId,
      '--query',
      'Images[0].Tags',
    ]);
    expect(JSON.parse(tags.stdout)).toEqual(
      expect.arrayContaining([
        { Key: 'stage', Value: 'canary' },
        { Key: 'owner', Value: 'me' },
      ]),
    );
    await aws('eu-west-1', ['ec2', 'delete-tags', '--resources', imageId, '--tags', 'Key=owner']);
    const after = await aws('eu-west-1', [
      'ec2',
      'describe-images',
      '--image-ids',
      imageId,
      '--query',
      'Images[0].Tags[].Key',
      '--output',
      'text',
    ]);
    expect(after.stdout).toBe('stage');
  });

  it('wait image-available polls through pending and returns once the copy completes', async () => {
    const imageId = await copyImage('web-base-wait');
    const polls = () =>
      sim.model.log.find({ action: 'DescribeImages' }).filter((e) => e.params['ImageId.1'] === imageId);
    const waiting = aws('eu-west-1', ['ec2', 'wait', 'image-available', '--image-ids', imageId]);
    // Let the waiter see `pending` once, then finish the copy before its next poll (15 s later).
    while (polls().length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sim.model.imageState('eu-west-1', imageId)).toBe('pending');
    await clock.advanceTo(sim.model.completionTime('eu-west-1', imageId) ?? 0);
    const result = await waiting;
    expect([result.code, result.stdout, result.stderr]).toEqual([0, '', '']);
    expect(polls().length).toBe(2);
  }, 40_000);

  it('wait image-available stops with the CLI failure when the copy fails', async () => {
    sim.model.faults.failCopies('ap-southeast-1', {
      code: 'Client.InternalError',
      message: 'Copy image failed with an internal error',
    });
    const result0 = await aws('ap-southeast-1', [
      'ec2',
      'copy-image',
      '--source-image-id',
      source.imageId,
      '--source-region',
      'us-east-1',
      '--name',
      'web-base-fails',
      '--query',
      'ImageId',
      '--output',
      'text',
    ]);
    const imageId = result0.stdout;
    await clock.advanceTo(sim.model.completionTime('ap-southeast-1', imageId) ?? 0);
    const result = await aws('ap-southeast-1', ['ec2', 'wait', 'image-available', '--image-ids', imageId]);
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(
      /Waiter ImageAvailable failed: Waiter encountered a terminal failure state/,
    );
    const reason = await aws('ap-southeast-1', [
      'ec2',
      'describe-images',
      '--image-ids',
      imageId,
      '--query',
      'Images[0].StateReason',
    ]);
    expect(JSON.parse(reason.stdout)).toEqual({
      Code: 'Client.InternalError',
      Message: 'Copy image failed with an internal error',
    });
  });

  it('deregister-image removes the copy; describing it then is an error', async () => {
    const imageId = await copyImage('web-base-gone');
    const deregistered = await aws('eu-west-1', ['ec2', 'deregister-image', '--image-id', imageId]);
    expect(deregistered.code).toBe(0);
    const described = await aws('eu-west-1', ['ec2', 'describe-images', '--image-ids', imageId]);
    expect(described.code).toBe(254);
    expect(described.stderr).toBe(
      `An error occurred (InvalidAMIID.NotFound) when calling the DescribeImages operation: The image id '[${imageId}]' does not exist`,
    );
  });

  it('prints AWS error output and exit code 254 for bad calls', async () => {
    const malformed = await aws('eu-west-1', [
      'ec2',
      'copy-image',
      '--source-image-id',
      source.imageId,
      '--source-region',
      'us-east-1',
      '--name',
      'no!',
    ]);
    expect(malformed.code).toBe(254);
    expect(malformed.stderr).toMatch(
      /^An error occurred \(InvalidAMIName\.Malformed\) when calling the CopyImage operation: /,
    );
    const dryRun = await aws('eu-west-1', [
      'ec2',
      'copy-image',
      '--source-image-id',
      source.imageId,
      '--source-region',
      'us-east-1',
      '--name',
      'dry-run-copy',
      '--dry-run',
    ]);
    expect(dryRun.stderr).toBe(
      'An error occurred (DryRunOperation) when calling the CopyImage operation: Request would have succeeded, but DryRun flag is set.',
    );
    const unsupported = await aws('eu-west-1', ['ec2', 'describe-instances']);
    expect(unsupported.stderr).toMatch(/\(InvalidAction\) when calling the DescribeInstances operation/);
    const badSecret = await aws('eu-west-1', ['ec2', 'describe-regions'], {
      AWS_SECRET_ACCESS_KEY: 'wrong-secret',
    });
    expect(badSecret.stderr).toMatch(/\(AuthFailure\) when calling the DescribeRegions operation/);
  });

  it('describe-regions --all-regions and sts get-caller-identity', async () => {
    const [regions, identity] = await Promise.all([
      aws('us-east-1', [
        'ec2',
        'describe-regions',
        '--all-regions',
        '--query',
        "Regions[?RegionName=='me-south-1'].OptInStatus",
        '--output',
        'text',
      ]),
      aws('us-east-1', ['sts', 'get-caller-identity']),
    ]);
    expect(regions.stdout).toBe('not-opted-in');
    expect(JSON.parse(identity.stdout)).toEqual({
      UserId: expect.stringMatching(/^AIDA/),
      Account: '123456789012',
      Arn: 'arn:aws:iam::123456789012:user/sim-user',
    });
  });
});
