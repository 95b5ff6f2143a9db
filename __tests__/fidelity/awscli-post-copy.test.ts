/**
 * Fidelity of the post-copy actions: sharing, snapshot permissions, deprecation and DryRun
 * through the Debian AWS CLI v2; deregistration protection, block public access and
 * time-based copies (newer than that CLI) through a newer CLI on the machine. Assertions are
 * on the JSON the CLIs print, their error lines and exit codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../sim/http/server.js';
import { type SeedImageSpec, type VirtualClock, virtualClock } from '../../sim/model/index.js';
import { AWS_CLI_V2, type CliResult, cliVersion, findRecentCli, runCli } from './cli.js';

const OTHER = '111122223333';
const ORG = 'arn:aws:organizations::123456789012:organization/o-abcdefghij';

const v2Version = cliVersion(AWS_CLI_V2);
const haveV2 = v2Version?.startsWith('aws-cli/2') === true;
const recent = findRecentCli();
const recentVersion = recent ? cliVersion(recent) : undefined;
// CI installs Debian's AWS CLI v2 (.ci/run): its absence there is a failure. A CLI that knows
// deregistration protection, block public access and time-based copies is newer than Debian's
// 2.9.19 and comes from no registry CI may use (PyPI is closed): where there is none, those
// three are proven through the SDK over HTTP only (__tests__/sim/http-post-copy.test.ts), and
// this says so in the run's output rather than failing CI.
if (process.env.CI === 'true' && !haveV2) {
  throw new Error(`CI=true but the AWS CLI v2 is missing at ${AWS_CLI_V2}: ${v2Version ?? 'nothing'}.`);
}
if (!haveV2 || !recent) {
  console.warn(
    `[fidelity] skipping part of the post-copy CLI suite: v2 ${v2Version ?? 'missing'}, recent CLI ${recentVersion ?? 'missing'}.`,
  );
}

let sim: RunningSimulator;
let clock: VirtualClock;

function cli(path: string) {
  return (region: string, args: string[]): Promise<CliResult> => {
    const { accessKeyId, secretAccessKey } = sim.model.defaultCredentials;
    return runCli(path, { url: sim.url, accessKeyId, secretAccessKey }, region, ['ec2', ...args]);
  };
}

const seed = (name: string, extra: Partial<SeedImageSpec> = {}) =>
  sim.model.seedImage({ region: 'us-east-1', name, sizeGiB: 20, ...extra });

beforeAll(async () => {
  clock = virtualClock(Date.UTC(2026, 0, 1));
  sim = await startSimulator({ modelOptions: { clock, seed: 13 } });
});

afterAll(async () => {
  await sim?.close();
});

describe.skipIf(!haveV2)(`post-copy actions through AWS CLI v2 (${v2Version ?? 'missing'})`, () => {
  const aws = cli(AWS_CLI_V2);

  it('modify-image-attribute --launch-permission, describe-image-attribute, and public sharing refused while blocked', async () => {
    const image = seed('shared-v2');
    const added = await aws('us-east-1', [
      'modify-image-attribute',
      '--image-id',
      image.imageId,
      '--launch-permission',
      `Add=[{UserId=${OTHER}},{OrganizationArn=${ORG}}]`,
    ]);
    expect([added.code, added.stdout, added.stderr]).toEqual([0, '', '']);
    const described = await aws('us-east-1', [
      'describe-image-attribute',
      '--image-id',
      image.imageId,
      '--attribute',
      'launchPermission',
    ]);
    expect(JSON.parse(described.stdout)).toEqual({
      ImageId: image.imageId,
      LaunchPermissions: [{ UserId: OTHER }, { OrganizationArn: ORG }],
    });
    const [publicly, dryRun] = await Promise.all([
      aws('us-east-1', [
        'modify-image-attribute',
        '--image-id',
        image.imageId,
        '--launch-permission',
        'Add=[{Group=all}]',
      ]),
      aws('us-east-1', [
        'modify-image-attribute',
        '--image-id',
        image.imageId,
        '--launch-permission',
        `Remove=[{UserId=${OTHER}}]`,
        '--dry-run',
      ]),
    ]);
    expect(publicly.code).toBe(254);
    expect(publicly.stderr).toMatch(
      /^An error occurred \(OperationNotPermitted\) when calling the ModifyImageAttribute operation: You can.t publicly share this image because block public access for AMIs is enabled/,
    );
    expect(dryRun.stderr).toBe(
      'An error occurred (DryRunOperation) when calling the ModifyImageAttribute operation: Request would have succeeded, but DryRun flag is set.',
    );
    expect(sim.model.image(image.imageId)?.Public).toBe(false);
  });

  it('modify-snapshot-attribute and describe-snapshot-attribute; the AWS-managed key is refused', async () => {
    const image = seed('snap-v2');
    const onDefaultKey = seed('snap-default-key', { encrypted: true });
    const snapshotId = image.snapshotIds[0] ?? '';
    const [added, refused] = await Promise.all([
      aws('us-east-1', [
        'modify-snapshot-attribute',
        '--snapshot-id',
        snapshotId,
        '--attribute',
        'createVolumePermission',
        '--operation-type',
        'add',
        '--user-ids',
        OTHER,
      ]),
      aws('us-east-1', [
        'modify-snapshot-attribute',
        '--snapshot-id',
        onDefaultKey.snapshotIds[0] ?? '',
        '--create-volume-permission',
        `Add=[{UserId=${OTHER}}]`,
      ]),
    ]);
    expect([added.code, added.stderr]).toEqual([0, '']);
    expect(refused.stderr).toBe(
      'An error occurred (OperationNotPermitted) when calling the ModifySnapshotAttribute operation: Encrypted snapshots with EBS default key cannot be shared',
    );
    const described = await aws('us-east-1', [
      'describe-snapshot-attribute',
      '--snapshot-id',
      snapshotId,
      '--attribute',
      'createVolumePermission',
    ]);
    expect(JSON.parse(described.stdout)).toEqual({
      SnapshotId: snapshotId,
      CreateVolumePermissions: [{ UserId: OTHER }],
    });
  });

  it('enable-image-deprecation shows in describe-images; disable-image-deprecation removes it', async () => {
    const image = seed('deprecated-v2');
    const enabled = await aws('us-east-1', [
      'enable-image-deprecation',
      '--image-id',
      image.imageId,
      '--deprecate-at',
      '2026-03-01T12:00:40Z',
    ]);
    expect(JSON.parse(enabled.stdout)).toEqual({ Return: true });
    const shown = await aws('us-east-1', [
      'describe-images',
      '--image-ids',
      image.imageId,
      '--query',
      'Images[0].DeprecationTime',
    ]);
    expect(JSON.parse(shown.stdout)).toBe('2026-03-01T12:01:00Z');
    const disabled = await aws('us-east-1', ['disable-image-deprecation', '--image-id', image.imageId]);
    expect(JSON.parse(disabled.stdout)).toEqual({ Return: true });
    const gone = await aws('us-east-1', [
      'describe-images',
      '--image-ids',
      image.imageId,
      '--query',
      'Images[0].DeprecationTime',
    ]);
    expect(JSON.parse(gone.stdout)).toBeNull();
  });
});

describe.skipIf(!recent)(`post-copy actions the CLI v2 predates (${recentVersion ?? 'missing'})`, () => {
  const aws = cli(recent ?? 'aws');

  it('enable/disable-image-deregistration-protection with cooldown; deregister-image is refused meanwhile', async () => {
    const image = seed('protected');
    const enabled = await aws('us-east-1', [
      'enable-image-deregistration-protection',
      '--image-id',
      image.imageId,
      '--with-cooldown',
    ]);
    expect(JSON.parse(enabled.stdout)).toEqual({ Return: 'enabled-with-cooldown' });
    const [shown, refused, dryRun] = await Promise.all([
      aws('us-east-1', [
        'describe-images',
        '--image-ids',
        image.imageId,
        '--query',
        'Images[0].DeregistrationProtection',
      ]),
      aws('us-east-1', ['deregister-image', '--image-id', image.imageId]),
      aws('us-east-1', ['disable-image-deregistration-protection', '--image-id', image.imageId, '--dry-run']),
    ]);
    expect(JSON.parse(shown.stdout)).toBe('enabled-with-cooldown');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(
      /^An error occurred \(OperationNotPermitted\) when calling the DeregisterImage operation: /,
    );
    expect(dryRun.stderr).toMatch(
      /\(DryRunOperation\) when calling the DisableImageDeregistrationProtection operation/,
    );
    const disabled = await aws('us-east-1', [
      'disable-image-deregistration-protection',
      '--image-id',
      image.imageId,
    ]);
    expect(JSON.parse(disabled.stdout)).toEqual({ Return: 'disabled-until 2026-01-02T00:00:00Z' });
    expect(sim.model.image(image.imageId)).toBeDefined();
  });

  it('get-image-block-public-access-state, per region as the model sets it', async () => {
    sim.model.setImageBlockPublicAccess('eu-west-1', 'unblocked');
    const [us, eu] = await Promise.all([
      aws('us-east-1', ['get-image-block-public-access-state']),
      aws('eu-west-1', ['get-image-block-public-access-state']),
    ]);
    expect(JSON.parse(us.stdout)).toEqual({
      ImageBlockPublicAccessState: 'block-new-sharing',
      ManagedBy: 'account',
    });
    expect(JSON.parse(eu.stdout)).toEqual({ ImageBlockPublicAccessState: 'unblocked', ManagedBy: 'account' });
  });

  it('copy-image --snapshot-copy-completion-duration-minutes: a time-based copy that finishes in time', async () => {
    const source = seed('timed-source', { sizeGiB: 300 });
    const copied = await aws('eu-west-1', [
      'copy-image',
      '--source-image-id',
      source.imageId,
      '--source-region',
      'us-east-1',
      '--name',
      'timed-copy',
      '--snapshot-copy-completion-duration-minutes',
      '30',
    ]);
    const { ImageId } = JSON.parse(copied.stdout) as { ImageId: string };
    expect(ImageId).toMatch(/^ami-0[0-9a-f]{16}$/);
    const snapshots = await aws('eu-west-1', [
      'describe-snapshots',
      '--filters',
      `Name=description,Values=Copied for DestinationAmi ${ImageId} *`,
      '--query',
      'Snapshots[].[TransferType,CompletionDurationMinutes,State]',
    ]);
    expect(JSON.parse(snapshots.stdout)).toEqual([['time-based', 30, 'pending']]);
    expect((sim.model.completionTime('eu-west-1', ImageId) ?? Infinity) - clock.now()).toBeLessThanOrEqual(
      30 * 60_000,
    );
    const invalid = await aws('eu-west-1', [
      'copy-image',
      '--source-image-id',
      source.imageId,
      '--source-region',
      'us-east-1',
      '--name',
      'timed-odd',
      '--snapshot-copy-completion-duration-minutes',
      '20',
    ]);
    expect(invalid.stderr).toMatch(/\(InvalidParameterValue\) when calling the CopyImage operation/);
  });
});
