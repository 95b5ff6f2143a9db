/**
 * The share step's rules on a recording fake: it adds only the permissions that are missing,
 * sends everything it would add as DryRun in a dry run, gives snapshots create-volume permission
 * only with share-snapshots, and names the refused call when AWS says no.
 */
import { describe, expect, it } from 'vitest';
import type { Ec2Region, ImageInfo, LaunchPermission, MutationOptions } from '../../src/aws/types.js';
import { systemClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { runSteps } from '../../src/steps/run-steps.js';
import type { ShareSection } from '../../src/steps/share/inputs.js';
import { shareStep } from '../../src/steps/share/share.js';

const IMAGE: ImageInfo = {
  imageId: 'ami-0aaaaaaaaaaaaaaaa',
  name: 'web',
  description: undefined,
  state: 'available',
  stateReason: undefined,
  ownerId: '123456789012',
  creationDate: '2026-12-01T00:00:00.000Z',
  encrypted: false,
  tags: {},
  blockDevices: [
    { deviceName: '/dev/xvda', snapshotId: 'snap-0aaaaaaaaaaaaaaaa', volumeSizeGiB: 8, encrypted: false },
    { deviceName: '/dev/xvdb', snapshotId: 'snap-0bbbbbbbbbbbbbbbb', volumeSizeGiB: 8, encrypted: false },
  ],
};

const SECTION: ShareSection = {
  accounts: ['111122223333', '444455556666'],
  organizations: [],
  organizationalUnits: [],
  public: false,
  snapshots: false,
};

function fakeRegion(existing: LaunchPermission[], refuse?: string) {
  const calls: string[] = [];
  const region = {
    region: 'eu-west-1',
    describeLaunchPermissions: async () => {
      calls.push('DescribeImageAttribute');
      return existing;
    },
    addLaunchPermissions: async (
      imageId: string,
      permissions: readonly LaunchPermission[],
      options?: MutationOptions,
    ) => {
      calls.push(
        `ModifyImageAttribute ${imageId} ${permissions.map((p) => ('id' in p ? p.id : p.kind)).join(',')}${options?.dryRun ? ' dry' : ''}`,
      );
      if (refuse === 'ModifyImageAttribute')
        throw Object.assign(new Error('You are not authorized to perform this operation.'), {
          name: 'UnauthorizedOperation',
        });
    },
    addCreateVolumePermission: async (
      snapshotId: string,
      accounts: readonly string[],
      options?: MutationOptions,
    ) => {
      calls.push(
        `ModifySnapshotAttribute ${snapshotId} ${accounts.join(',')}${options?.dryRun ? ' dry' : ''}`,
      );
    },
  } as unknown as Ec2Region;
  return { region, calls };
}

async function share(
  section: ShareSection,
  existing: LaunchPermission[],
  options: { dryRun?: boolean; refuse?: string; image?: ImageInfo | undefined } = {},
) {
  const step = shareStep.activate(section);
  if (!step) throw new Error('share step not active');
  const { region, calls } = fakeRegion(existing, options.refuse);
  const [report] = await runSteps(
    [step],
    { region: 'eu-west-1', origin: 'new', image: 'image' in options ? options.image : IMAGE },
    {
      ec2: region,
      dryRun: options.dryRun ?? false,
      logger: silentLogger,
      source: IMAGE,
      sourceRegion: 'us-east-1',
      startedAt: 0,
      ssm: undefined,
      clock: systemClock,
      signal: undefined,
    },
  );
  return { report, calls };
}

describe('share step', () => {
  it('adds only the accounts not already there, and reports everyone the image is shared with', async () => {
    const { report, calls } = await share(SECTION, [
      { kind: 'account', id: '111122223333' },
      { kind: 'account', id: '999999999999' },
    ]);
    expect(calls).toEqual([
      'DescribeImageAttribute',
      'ModifyImageAttribute ami-0aaaaaaaaaaaaaaaa 444455556666',
    ]);
    expect(report?.status).toBe('applied');
    expect(report?.facts.sharedWith).toEqual({
      accounts: ['111122223333', '999999999999', '444455556666'],
      organizations: [],
      organizationalUnits: [],
      public: false,
    });
  });

  it('makes no change when everyone is there already', async () => {
    const { report, calls } = await share(
      SECTION,
      SECTION.accounts.map((id) => ({ kind: 'account' as const, id })),
    );
    expect(calls).toEqual(['DescribeImageAttribute']);
    expect(report?.status).toBe('unchanged');
  });

  it('with share-snapshots, every snapshot of the image gets create-volume permission for the accounts', async () => {
    const { calls } = await share({ ...SECTION, snapshots: true }, []);
    expect(calls.filter((c) => c.startsWith('ModifySnapshotAttribute'))).toEqual([
      'ModifySnapshotAttribute snap-0aaaaaaaaaaaaaaaa 111122223333,444455556666',
      'ModifySnapshotAttribute snap-0bbbbbbbbbbbbbbbb 111122223333,444455556666',
    ]);
  });

  it('in a dry run sends every permission as DryRun, without asking what is there', async () => {
    const { report, calls } = await share({ ...SECTION, public: true }, []);
    expect(report?.status).toBe('applied');
    const dry = await share({ ...SECTION, public: true }, [], { dryRun: true });
    expect(dry.calls).toEqual([
      'ModifyImageAttribute ami-0aaaaaaaaaaaaaaaa 111122223333,444455556666,public dry',
    ]);
    expect(dry.report?.status).toBe('would-apply');
    expect(calls[1]).toBe('ModifyImageAttribute ami-0aaaaaaaaaaaaaaaa 111122223333,444455556666,public');
  });

  it('a dry run for a copy not made yet checks against the placeholder id', async () => {
    const { calls } = await share(SECTION, [], { dryRun: true, image: undefined });
    expect(calls).toEqual(['ModifyImageAttribute ami-00000000000000000 111122223333,444455556666 dry']);
  });

  it("a refusal becomes a failed report naming the call and AWS's answer", async () => {
    const { report } = await share(SECTION, [], { refuse: 'ModifyImageAttribute' });
    expect(report).toMatchObject({
      status: 'failed',
      reason: { action: 'ec2:ModifyImageAttribute', code: 'UnauthorizedOperation' },
    });
    expect(report?.text).toBe(
      'share failed (ec2:ModifyImageAttribute): UnauthorizedOperation: You are not authorized to perform this operation.',
    );
  });
});
