/**
 * The orchestration over the real SDK gateway with mocked EC2 clients (aws-sdk-client-mock)
 * and the real poller on virtual time: rules and edge cases. The same behaviours are proven
 * end to end against the simulator in __tests__/e2e.
 */
import {
  CopyImageCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeRegionsCommand,
  DescribeSnapshotsCommand,
  EC2Client,
  type Image,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEc2ClientFactory } from '../../src/aws/client-factory.js';
import { createSdkEc2Access } from '../../src/aws/ec2-gateway.js';
import type { Config } from '../../src/config/config.js';
import { distribute } from '../../src/distribute/distribute.js';
import { DistributionStopped } from '../../src/distribute/result-types.js';
import { silentLogger } from '../../src/logger.js';
import { provenanceTags } from '../../src/rules/tags.js';
import { waitForImages } from '../../src/waiter/poller.js';
import { testConfig } from '../support/config-builder.js';
import { TestClock } from '../waiter/test-clock.js';

const SOURCE = 'ami-0123456789abcdef0';
const MINUTE = 60_000;

const config: Config = testConfig({
  sourceImageId: SOURCE,
  targetRegions: ['eu-west-1', 'ap-southeast-1', 'us-west-2'],
  encrypted: true,
  kmsKeyIds: { 'ap-southeast-1': 'alias/images' },
  tags: { release: '42' },
  timeoutMs: 120 * MINUTE,
});

/** How each region's copy behaves, by virtual minutes after its start. */
interface CopyScript {
  readonly imageId: string;
  readonly availableAfterMin?: number;
  readonly failsAfterMin?: number;
  readonly quotaRefusals?: number;
  /** Runs when the quota refuses this region's copy (another run acts meanwhile). */
  readonly onRefused?: () => void;
  /** The first CopyImage meets a name held by an image that is gone by the time anyone looks. */
  readonly nameTakenOnce?: boolean;
}

const ec2Mock = mockClient(EC2Client);

/** The provenance tags of a copy of SOURCE into eu-west-1 with this file's config. */
function euWestProvenance(): { Key: string; Value: string }[] {
  const settings = {
    sourceImageId: SOURCE,
    sourceRegion: 'us-east-1',
    targetRegion: 'eu-west-1',
    encrypted: true,
    kmsKeyId: undefined,
  };
  return Object.entries(provenanceTags(settings)).map(([Key, Value]) => ({ Key, Value }));
}

/** The same three copies (five minutes each) in every test that does not care about them. */
const THREE_COPIES = {
  'eu-west-1': { imageId: 'ami-0e0000000000000e1', availableAfterMin: 5 },
  'ap-southeast-1': { imageId: 'ami-0a0000000000000a1', availableAfterMin: 5 },
  'us-west-2': { imageId: 'ami-0b0000000000000b1', availableAfterMin: 5 },
} as const;

/** EC2's filter semantics for the `name` and `tag:` filters the action uses. */
function matches(image: Image, filters: { Name?: string; Values?: string[] }[] = []): boolean {
  return filters.every(({ Name = '', Values = [] }) => {
    if (Name === 'name') return Values.includes(image.Name ?? '');
    if (Name.startsWith('tag:')) {
      const tag = image.Tags?.find((t) => t.Key === Name.slice(4));
      return tag !== undefined && Values.includes(tag.Value ?? '');
    }
    return false;
  });
}

function world(
  clock: TestClock,
  scripts: Record<string, CopyScript>,
  extra: {
    existing?: Record<string, Image[]>;
    /** Called after each lookup of own images has been answered (the answer is fixed by then). */
    afterOwnLookup?: (region: string, filters: readonly { Name?: string }[]) => void;
    /** An error to answer a lookup of own images with instead (undefined: answer it). */
    refuseOwnLookup?: (region: string, filters: readonly { Name?: string }[]) => Error | undefined;
  } = {},
) {
  const startedAt = new Map<string, number>();
  const refusals = new Map<string, number>();
  const region = async (getClient: () => EC2Client) => getClient().config.region();
  const copyImage = (id: string, state: Image['State'], reason?: string): Image => ({
    ImageId: id,
    Name: 'web-base',
    State: state,
    StateReason: reason ? { Code: 'Client.InvalidKMSKey.InvalidState', Message: reason } : undefined,
    BlockDeviceMappings: [
      {
        DeviceName: '/dev/xvda',
        Ebs: { SnapshotId: `snap-${id.slice(4)}`, VolumeSize: 50, Encrypted: true },
      },
    ],
    Tags: [],
  });

  ec2Mock.reset();
  ec2Mock.on(DescribeRegionsCommand).resolves({
    Regions: ['us-east-1', 'eu-west-1', 'ap-southeast-1', 'us-west-2'].map((RegionName) => ({
      RegionName,
      OptInStatus: 'opt-in-not-required',
    })),
  });
  ec2Mock.on(DescribeImagesCommand).callsFake(async (input, getClient) => {
    const where = await region(getClient);
    if (input.Owners) {
      const refusal = extra.refuseOwnLookup?.(where, input.Filters ?? []);
      if (refusal) throw refusal;
      const images = (extra.existing?.[where] ?? []).filter((image) => matches(image, input.Filters));
      extra.afterOwnLookup?.(where, input.Filters ?? []);
      return { Images: images };
    }
    const ids: string[] = input.Filters?.find((f: { Name: string }) => f.Name === 'image-id')?.Values ?? [];
    if (where === 'us-east-1' && ids.includes(SOURCE)) {
      return {
        Images: [
          {
            ImageId: SOURCE,
            Name: 'web-base',
            State: 'available',
            BlockDeviceMappings: [
              {
                DeviceName: '/dev/xvda',
                Ebs: { SnapshotId: 'snap-source', VolumeSize: 50, Encrypted: false },
              },
            ],
            Tags: [{ Key: 'team', Value: 'platform' }],
          },
        ],
      };
    }
    const script = scripts[where];
    const start = startedAt.get(where);
    if (!script || start === undefined || !ids.includes(script.imageId)) return { Images: [] };
    const minutes = (clock.now() - start) / MINUTE;
    if (script.failsAfterMin !== undefined && minutes >= script.failsAfterMin) {
      return {
        Images: [copyImage(script.imageId, 'failed', 'KMS key alias/images is not usable by this account')],
      };
    }
    const done = script.availableAfterMin !== undefined && minutes >= script.availableAfterMin;
    return { Images: [copyImage(script.imageId, done ? 'available' : 'pending')] };
  });
  ec2Mock.on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
  ec2Mock.on(CopyImageCommand).callsFake(async (_input, getClient) => {
    const where = await region(getClient);
    const script = scripts[where];
    if (!script) throw new Error(`unexpected CopyImage in ${where}`);
    if (script.nameTakenOnce && !refusals.has(`${where}:name`)) {
      refusals.set(`${where}:name`, 1);
      throw Object.assign(new Error('AMI name web-base is already in use by AMI ami-0ffffffffffffff01'), {
        name: 'InvalidAMIName.Duplicate',
        $metadata: { httpStatusCode: 400 },
      });
    }
    const refused = refusals.get(where) ?? 0;
    if (refused < (script.quotaRefusals ?? 0)) {
      refusals.set(where, refused + 1);
      script.onRefused?.();
      throw Object.assign(
        new Error('You have reached your quota. The limit is 5 for this destination region.'),
        {
          name: 'ResourceLimitExceeded',
          $metadata: { httpStatusCode: 400 },
        },
      );
    }
    if (!startedAt.has(where)) startedAt.set(where, clock.now());
    return { ImageId: script.imageId };
  });
  ec2Mock.on(DeregisterImageCommand).resolves({});
  ec2Mock.on(DeleteSnapshotCommand).resolves({});

  const ec2 = createSdkEc2Access(
    createEc2ClientFactory({
      credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' },
      userAgent: 'test',
      maxAttempts: 1,
    }),
  );
  return {
    run: (cfg: Config = config) =>
      clock.run(
        distribute(cfg, {
          ec2,
          clock,
          logger: silentLogger,
          waitForImages,
          run: {
            startedAt: new Date(clock.now()),
            runId: '1',
            runAttempt: '1',
            repository: 'o/r',
            invocationId: 'test-invocation',
          },
        }),
      ),
  };
}

async function callsIn(command: Parameters<typeof ec2Mock.commandCalls>[0], region: string) {
  const calls = ec2Mock.commandCalls(command);
  const regions = await Promise.all(calls.map((call) => (call.thisValue as EC2Client).config.region()));
  return calls.filter((_, index) => regions[index] === region);
}

describe('distribute (mocked EC2 clients, virtual time)', () => {
  let clock: TestClock;
  beforeEach(() => {
    clock = new TestClock();
  });
  afterEach(() => ec2Mock.reset());

  it('ends each region available, failed (cleaned up, with a hint) or timed-out (kept)', async () => {
    const { run } = world(clock, {
      'eu-west-1': { imageId: 'ami-0e0000000000000e1', availableAfterMin: 25 },
      'ap-southeast-1': { imageId: 'ami-0a0000000000000a1', failsAfterMin: 6 },
      'us-west-2': { imageId: 'ami-0b0000000000000b1' },
    });
    const result = await run();
    const byRegion = Object.fromEntries(result.regions.map((r) => [r.region, r]));

    expect(byRegion['eu-west-1']).toMatchObject({
      state: 'available',
      origin: 'new',
      imageId: 'ami-0e0000000000000e1',
    });
    expect(byRegion['eu-west-1']?.seconds).toBeGreaterThanOrEqual(25 * 60);
    // No snapshot progress here, so the poller's schedule bounds how late it notices.
    expect(byRegion['eu-west-1']?.seconds).toBeLessThanOrEqual(28 * 60);

    expect(byRegion['ap-southeast-1']).toMatchObject({ state: 'failed', disposition: 'removed' });
    expect(byRegion['ap-southeast-1']?.reason?.message).toContain('KMS key alias/images');
    expect(byRegion['ap-southeast-1']?.hint).toContain('KMS key');
    expect(await callsIn(DeregisterImageCommand, 'ap-southeast-1')).toHaveLength(1);
    expect((await callsIn(DeleteSnapshotCommand, 'ap-southeast-1'))[0]?.args[0].input).toEqual({
      SnapshotId: 'snap-0a0000000000000a1',
    });

    expect(byRegion['us-west-2']).toMatchObject({ state: 'timed-out', disposition: 'kept' });
    expect(await callsIn(DeregisterImageCommand, 'us-west-2')).toHaveLength(0);
    expect(result.finishedAt - result.startedAt).toBeGreaterThanOrEqual(120 * MINUTE);
    expect(result.finishedAt - result.startedAt).toBeLessThan(125 * MINUTE);
  });

  it('sends each copy with its key, a ClientToken and tags for image and snapshots', async () => {
    const { run } = world(clock, {
      'eu-west-1': { imageId: 'ami-0e0000000000000e1', availableAfterMin: 5 },
      'ap-southeast-1': { imageId: 'ami-0a0000000000000a1', availableAfterMin: 5 },
      'us-west-2': { imageId: 'ami-0b0000000000000b1', availableAfterMin: 5 },
    });
    await run();
    const [call] = await callsIn(CopyImageCommand, 'ap-southeast-1');
    const input = call?.args[0].input as CopyImageCommand['input'];
    expect(input).toMatchObject({
      SourceImageId: SOURCE,
      SourceRegion: 'us-east-1',
      Encrypted: true,
      KmsKeyId: 'alias/images',
    });
    expect(input.ClientToken?.length).toBeLessThanOrEqual(64);
    const specs = Object.fromEntries((input.TagSpecifications ?? []).map((s) => [s.ResourceType, s.Tags]));
    for (const type of ['image', 'snapshot']) {
      expect(specs[type]).toEqual(
        expect.arrayContaining([
          { Key: 'team', Value: 'platform' },
          { Key: 'release', Value: '42' },
          { Key: 'ami-distribute:source-image', Value: SOURCE },
        ]),
      );
    }
    expect((await callsIn(CopyImageCommand, 'eu-west-1'))[0]?.args[0].input.KmsKeyId).toBeUndefined();
  });

  it('queues a copy refused for the concurrent-copy quota and reports the wait', async () => {
    const { run } = world(clock, {
      'eu-west-1': { imageId: 'ami-0e0000000000000e1', availableAfterMin: 10, quotaRefusals: 3 },
      'ap-southeast-1': { imageId: 'ami-0a0000000000000a1', availableAfterMin: 10 },
      'us-west-2': { imageId: 'ami-0b0000000000000b1', availableAfterMin: 10 },
    });
    const result = await run();
    const eu = result.regions.find((r) => r.region === 'eu-west-1');
    expect(result.regions.map((r) => r.state)).toEqual(['available', 'available', 'available']);
    expect(eu?.waitedForCapacitySeconds).toBeGreaterThan(60);
    expect(await callsIn(CopyImageCommand, 'eu-west-1')).toHaveLength(4);
    const tokens = new Set(
      (await callsIn(CopyImageCommand, 'eu-west-1')).map((c) => c.args[0].input.ClientToken),
    );
    expect(tokens.size).toBe(1);
  });

  it('stops before any copy when an unrelated image holds the name in one region', async () => {
    const { run } = world(clock, THREE_COPIES, {
      existing: {
        'us-west-2': [{ ImageId: 'ami-0ffffffffffffffff', Name: 'web-base', State: 'available', Tags: [] }],
      },
    });
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DistributionStopped);
    expect((error as Error).message).toContain(
      "us-west-2: the name 'web-base' is already taken by ami-0ffffffffffffffff",
    );
    expect((error as Error).message).toContain('{name}-{timestamp}');
    expect(ec2Mock.commandCalls(CopyImageCommand)).toHaveLength(0);
  });

  it('reuses an earlier available copy found by its provenance tags', async () => {
    const earlier: Image = {
      ImageId: 'ami-0d0000000000000d1',
      Name: 'web-base',
      State: 'available',
      Tags: [],
      SourceImageId: SOURCE,
      SourceImageRegion: 'us-east-1',
    };
    earlier.Tags = euWestProvenance();
    const { run } = world(clock, THREE_COPIES, { existing: { 'eu-west-1': [earlier] } });
    const result = await run();
    expect(result.regions[0]).toMatchObject({
      region: 'eu-west-1',
      origin: 'reused',
      imageId: 'ami-0d0000000000000d1',
      seconds: 0,
    });
    expect(await callsIn(CopyImageCommand, 'eu-west-1')).toHaveLength(0);
    const lookup = (await callsIn(DescribeImagesCommand, 'eu-west-1'))[0]?.args[0].input;
    expect(lookup?.Owners).toEqual(['self']);
    expect(lookup?.Filters?.map((f: { Name?: string }) => f.Name)).toEqual(
      expect.arrayContaining(['tag:ami-distribute:source-image', 'tag:ami-distribute:settings']),
    );
  });

  it('does not reuse an image that carries the provenance tags but is not a copy of the source', async () => {
    const forged: Image = {
      ImageId: 'ami-0f0000000000000f1',
      Name: 'something-else',
      State: 'available',
      Tags: euWestProvenance(),
    };
    const { run } = world(clock, THREE_COPIES, { existing: { 'eu-west-1': [forged] } });
    const result = await run();
    expect(result.regions[0]).toMatchObject({
      region: 'eu-west-1',
      origin: 'new',
      imageId: 'ami-0e0000000000000e1',
    });
    expect(await callsIn(CopyImageCommand, 'eu-west-1')).toHaveLength(1);
  });

  it('looks again after a quota wait and uses the copy another run made meanwhile, instead of copying', async () => {
    const existing: Record<string, Image[]> = { 'eu-west-1': [] };
    const theirs: Image = {
      ImageId: 'ami-0c0000000000000c1',
      Name: 'web-base',
      State: 'available',
      Tags: euWestProvenance(),
      SourceImageId: SOURCE,
      SourceImageRegion: 'us-east-1',
    };
    const { run } = world(
      clock,
      {
        'eu-west-1': {
          imageId: 'ami-0e0000000000000e1',
          availableAfterMin: 5,
          quotaRefusals: 1,
          onRefused: () => existing['eu-west-1']?.push(theirs),
        },
        'ap-southeast-1': { imageId: 'ami-0a0000000000000a1', availableAfterMin: 5 },
        'us-west-2': { imageId: 'ami-0b0000000000000b1', availableAfterMin: 5 },
      },
      { existing },
    );
    const result = await run();
    expect(result.regions[0]).toMatchObject({
      region: 'eu-west-1',
      origin: 'reused',
      imageId: theirs.ImageId,
      state: 'available',
    });
    // One refused CopyImage, then a look, then no second CopyImage.
    expect(await callsIn(CopyImageCommand, 'eu-west-1')).toHaveLength(1);
    expect(result.regions[0]?.waitedForCapacitySeconds).toBeGreaterThan(0);
  });

  it("reuses a sibling run's copy that took the name between the tag lookup and the name lookup", async () => {
    const existing: Record<string, Image[]> = { 'eu-west-1': [] };
    const theirs: Image = {
      ImageId: 'ami-0c0000000000000c2',
      Name: 'web-base',
      State: 'available',
      Tags: euWestProvenance(),
      SourceImageId: SOURCE,
      SourceImageRegion: 'us-east-1',
    };
    const { run } = world(clock, THREE_COPIES, {
      existing,
      afterOwnLookup: (region, filters) => {
        const byTags = filters.some((f) => f.Name?.startsWith('tag:'));
        if (region === 'eu-west-1' && byTags && existing['eu-west-1']?.length === 0)
          existing['eu-west-1']?.push(theirs);
      },
    });
    const result = await run().catch((e: unknown) => e);
    expect(result).not.toBeInstanceOf(DistributionStopped);
    expect(await callsIn(CopyImageCommand, 'eu-west-1')).toHaveLength(0);
    const eu = (result as Awaited<ReturnType<typeof run>>).regions.find((r) => r.region === 'eu-west-1');
    expect(eu).toMatchObject({ origin: 'reused', imageId: theirs.ImageId, state: 'available' });
  });

  it("looks again when the lookup of a name's holder is throttled, and adopts the sibling's copy", async () => {
    const existing: Record<string, Image[]> = { 'eu-west-1': [] };
    const theirs: Image = {
      ImageId: 'ami-0c0000000000000c3',
      Name: 'web-base',
      State: 'available',
      Tags: euWestProvenance(),
      SourceImageId: SOURCE,
      SourceImageRegion: 'us-east-1',
    };
    let nameLookups = 0;
    const { run } = world(
      clock,
      {
        ...THREE_COPIES,
        'eu-west-1': { imageId: 'ami-0e0000000000000e1', availableAfterMin: 5, nameTakenOnce: true },
      },
      {
        existing,
        refuseOwnLookup: (region, filters) => {
          if (region !== 'eu-west-1' || !filters.some((f) => f.Name === 'name')) return undefined;
          nameLookups += 1;
          if (nameLookups !== 2) return undefined; // the first is preflight's
          existing['eu-west-1']?.push(theirs);
          return Object.assign(new Error('Request limit exceeded.'), {
            name: 'RequestLimitExceeded',
            $metadata: { httpStatusCode: 503 },
          });
        },
      },
    );
    const result = await run();
    expect(result.regions.find((r) => r.region === 'eu-west-1')).toMatchObject({
      origin: 'reused',
      imageId: theirs.ImageId,
      state: 'available',
    });
    expect(nameLookups).toBe(2);
    expect(await callsIn(CopyImageCommand, 'eu-west-1')).toHaveLength(1);
  });

  it('copies again when the image that held the name is gone by the time it looks (its run removed it)', async () => {
    const { run } = world(clock, {
      ...THREE_COPIES,
      'eu-west-1': { imageId: 'ami-0e0000000000000e1', availableAfterMin: 5, nameTakenOnce: true },
    });
    const result = await run();
    expect(result.regions[0]).toMatchObject({
      region: 'eu-west-1',
      origin: 'new',
      imageId: 'ami-0e0000000000000e1',
      state: 'available',
    });
    expect(await callsIn(CopyImageCommand, 'eu-west-1')).toHaveLength(2);
  });
});
