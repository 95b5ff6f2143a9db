/**
 * Fidelity of the launch template actions through the Debian AWS CLI v2 (botocore's own
 * serializers and parsers): create a template, a new version from `$Default` with a new
 * ImageId, make it the default, read `$Latest`, and a NotFound error with the CLI's exit code.
 * Assertions are on the JSON the CLI prints, its error line and its exit code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../sim/http/server.js';
import { virtualClock } from '../../sim/model/index.js';
import { AWS_CLI_V2, type CliResult, cliVersion, runCli } from './cli.js';

const version = cliVersion(AWS_CLI_V2);
const haveCli = version?.startsWith('aws-cli/2') === true;
// CI installs Debian's AWS CLI v2 (.ci/run): its absence there is a failure, elsewhere a skip.
if (process.env.CI === 'true' && !haveCli) {
  throw new Error(`CI=true but the AWS CLI v2 is missing at ${AWS_CLI_V2}: ${version ?? 'nothing'}.`);
}
if (!haveCli) {
  console.warn(`[fidelity] AWS CLI v2 not found at ${AWS_CLI_V2}; skipping the launch template CLI suite.`);
}

const OLD_AMI = 'ami-0123456789abcdef0';
const NEW_AMI = 'ami-0fedcba9876543210';

let sim: RunningSimulator;

function aws(region: string, args: string[]): Promise<CliResult> {
  const { accessKeyId, secretAccessKey } = sim.model.defaultCredentials;
  return runCli(AWS_CLI_V2, { url: sim.url, accessKeyId, secretAccessKey }, region, ['ec2', ...args]);
}

beforeAll(async () => {
  sim = await startSimulator({ modelOptions: { clock: virtualClock(Date.UTC(2026, 0, 1)), seed: 17 } });
});

afterAll(async () => {
  await sim?.close();
});

describe.skipIf(!haveCli)(`launch templates through AWS CLI v2 (${version ?? 'missing'})`, () => {
  it('create-launch-template, create-launch-template-version from $Default, modify-launch-template, describe $Latest', async () => {
    const created = await aws('us-east-1', [
      'create-launch-template',
      '--launch-template-name',
      'web-servers',
      '--version-description',
      'first',
      '--launch-template-data',
      JSON.stringify({
        ImageId: OLD_AMI,
        InstanceType: 't3.micro',
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, VolumeType: 'gp3' } }],
        MetadataOptions: { HttpTokens: 'required' },
      }),
      '--tag-specifications',
      'ResourceType=launch-template,Tags=[{Key=team,Value=web}]',
    ]);
    expect([created.code, created.stderr]).toEqual([0, '']);
    const template = (JSON.parse(created.stdout) as { LaunchTemplate: Record<string, unknown> })
      .LaunchTemplate;
    expect(template).toMatchObject({
      LaunchTemplateName: 'web-servers',
      DefaultVersionNumber: 1,
      LatestVersionNumber: 1,
      CreatedBy: sim.model.defaultCredentials.principal.arn,
      Tags: [{ Key: 'team', Value: 'web' }],
    });
    const id = template.LaunchTemplateId as string;
    expect(id).toMatch(/^lt-[0-9a-f]{17}$/);
    expect(new Date(template.CreateTime as string).getTime()).toBe(Date.UTC(2026, 0, 1));

    const versioned = await aws('us-east-1', [
      'create-launch-template-version',
      '--launch-template-id',
      id,
      '--source-version',
      '$Default',
      '--version-description',
      'new image',
      '--launch-template-data',
      JSON.stringify({ ImageId: NEW_AMI }),
    ]);
    expect([versioned.code, versioned.stderr]).toEqual([0, '']);
    expect(JSON.parse(versioned.stdout)).toMatchObject({
      LaunchTemplateVersion: {
        LaunchTemplateId: id,
        LaunchTemplateName: 'web-servers',
        VersionNumber: 2,
        VersionDescription: 'new image',
        DefaultVersion: false,
        LaunchTemplateData: {
          ImageId: NEW_AMI,
          InstanceType: 't3.micro',
          BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 20, VolumeType: 'gp3' } }],
          MetadataOptions: { HttpTokens: 'required' },
        },
      },
    });

    const modified = await aws('us-east-1', [
      'modify-launch-template',
      '--launch-template-name',
      'web-servers',
      '--default-version',
      '2',
    ]);
    expect([modified.code, modified.stderr]).toEqual([0, '']);
    expect(JSON.parse(modified.stdout)).toMatchObject({
      LaunchTemplate: { LaunchTemplateId: id, DefaultVersionNumber: 2, LatestVersionNumber: 2 },
    });

    const latest = await aws('us-east-1', [
      'describe-launch-template-versions',
      '--launch-template-id',
      id,
      '--versions',
      '$Latest',
      '--query',
      'LaunchTemplateVersions[].[VersionNumber,DefaultVersion,LaunchTemplateData.ImageId]',
    ]);
    expect([latest.code, latest.stderr]).toEqual([0, '']);
    expect(JSON.parse(latest.stdout)).toEqual([[2, true, NEW_AMI]]);

    const listed = await aws('us-east-1', [
      'describe-launch-templates',
      '--filters',
      'Name=tag:team,Values=web',
      '--query',
      'LaunchTemplates[].[LaunchTemplateName,DefaultVersionNumber,LatestVersionNumber]',
    ]);
    expect(JSON.parse(listed.stdout)).toEqual([['web-servers', 2, 2]]);
    expect(sim.model.launchTemplate('us-east-1', id)?.versions.map((v) => v.data.ImageId)).toEqual([
      OLD_AMI,
      NEW_AMI,
    ]);
  });

  it('NotFound errors with their codes, messages and exit code 254; DryRun', async () => {
    const [byName, byId, versionMissing, dryRun] = await Promise.all([
      aws('us-east-1', ['describe-launch-templates', '--launch-template-names', 'no-such-template']),
      aws('us-east-1', [
        'create-launch-template-version',
        '--launch-template-id',
        'lt-0123456789abcdef0',
        '--source-version',
        '$Default',
        '--launch-template-data',
        JSON.stringify({ ImageId: NEW_AMI }),
      ]),
      aws('eu-west-1', [
        'describe-launch-template-versions',
        '--launch-template-name',
        'no-such-template',
        '--versions',
        '$Latest',
      ]),
      aws('us-east-1', [
        'create-launch-template',
        '--launch-template-name',
        'dry-template',
        '--launch-template-data',
        JSON.stringify({ ImageId: NEW_AMI }),
        '--dry-run',
      ]),
    ]);
    expect([byName.code, byName.stdout, byName.stderr]).toEqual([
      254,
      '',
      'An error occurred (InvalidLaunchTemplateName.NotFoundException) when calling the DescribeLaunchTemplates operation: At least one of the launch templates specified in the request does not exist.',
    ]);
    expect([byId.code, byId.stderr]).toEqual([
      254,
      'An error occurred (InvalidLaunchTemplateId.NotFound) when calling the CreateLaunchTemplateVersion operation: The specified launch template, with template ID lt-0123456789abcdef0, does not exist.',
    ]);
    expect([versionMissing.code, versionMissing.stderr]).toEqual([
      254,
      'An error occurred (InvalidLaunchTemplateName.NotFoundException) when calling the DescribeLaunchTemplateVersions operation: The specified launch template, with template name no-such-template, does not exist.',
    ]);
    expect([dryRun.code, dryRun.stderr]).toEqual([
      254,
      'An error occurred (DryRunOperation) when calling the CreateLaunchTemplate operation: Request would have succeeded, but DryRun flag is set.',
    ]);
    expect(sim.model.launchTemplate('us-east-1', 'dry-template')).toBeUndefined();
  });
});
