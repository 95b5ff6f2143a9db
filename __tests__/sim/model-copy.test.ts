import { describe, expect, it } from 'vitest';
import { ec2, errorCode, HOUR, MINUTE, virtualWorld } from './helpers.js';

function world(options = {}) {
  const { model, clock } = virtualWorld({ copyJitter: 0, copyOverheadSeconds: 60, ...options });
  const source = model.seedImage({
    region: 'us-east-1',
    name: 'web-base',
    sizeGiB: 50,
    tags: { team: 'platform', env: 'prod' },
    description: 'base image',
  });
  const eu = ec2(model, 'eu-west-1');
  const copy = (input: Record<string, unknown> = {}) =>
    eu.call<{ ImageId: string }>('CopyImage', {
      SourceImageId: source.imageId,
      SourceRegion: 'us-east-1',
      Name: 'web-base',
      ...input,
    }).ImageId;
  return { model, clock, source, eu, copy };
}

describe('CopyImage in the model', () => {
  it('creates a pending image and one snapshot per block device with AWS description format', () => {
    const { model, source, copy } = world();
    const imageId = copy({ ClientToken: 't' });
    expect(model.imageState('eu-west-1', imageId)).toBe('pending');
    const snapshots = model.snapshots('eu-west-1');
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]?.Description).toMatch(
      new RegExp(
        `^Copied for DestinationAmi ${imageId} from SourceAmi ${source.imageId} for SourceSnapshot ${source.snapshotIds[0]}\\. Task created on [\\d,]+\\.$`,
      ),
    );
    expect(snapshots[0]?.State).toBe('pending');
    expect(snapshots[0]?.Progress).toMatch(/^\d+%$/);
  });

  it('computes state lazily from the clock: a virtual jump of hours lands on the right state', async () => {
    const { model, clock, copy } = world();
    const imageId = copy();
    const done = model.completionTime('eu-west-1', imageId) ?? 0;
    // 50 GiB at 40 MiB/s + 60 s overhead + 30 s registration
    expect(done - clock.now()).toBe((60 + (50 * 1024) / 40) * 1000 + 30_000);
    await clock.advanceTo(done - 1);
    expect(model.imageState('eu-west-1', imageId)).toBe('pending');
    await clock.advance(1);
    expect(model.imageState('eu-west-1', imageId)).toBe('available');
    expect(model.snapshots('eu-west-1')[0]?.Progress).toBe('100%');
    expect(model.snapshots('eu-west-1')[0]?.State).toBe('completed');
  });

  it('shows 0% for a while and progress that is not linear in time', async () => {
    const { model, clock, copy } = world({ progressProfile: 'jumps-and-stalls' });
    const imageId = copy();
    const start = clock.now();
    const end = model.completionTime('eu-west-1', imageId) ?? 0;
    const seen: number[] = [];
    for (let i = 1; i <= 40; i++) {
      await clock.advanceTo(start + ((end - start) * i) / 41);
      seen.push(Number.parseInt(model.snapshots('eu-west-1')[0]?.Progress ?? '', 10));
    }
    expect(seen[0]).toBe(0);
    const deltas = seen.slice(1).map((p, i) => p - (seen[i] ?? 0));
    expect(deltas.some((d) => d === 0)).toBe(true);
    expect(Math.max(...deltas)).toBeGreaterThan(Math.min(...deltas.filter((d) => d > 0)) * 2);
  });

  it('same ClientToken and parameters returns the same image; different parameters are refused', () => {
    const { model, copy } = world();
    const first = copy({ ClientToken: 'tok-1', Description: 'x' });
    expect(copy({ ClientToken: 'tok-1', Description: 'x' })).toBe(first);
    expect(model.images('eu-west-1')).toHaveLength(1);
    expect(errorCode(() => copy({ ClientToken: 'tok-1', Description: 'y' }))).toBe(
      'IdempotentParameterMismatch',
    );
  });

  it('forgets a ClientToken after its time to live', async () => {
    const { clock, copy } = world({ clientTokenTtlMs: HOUR });
    copy({ ClientToken: 'tok-1' });
    await clock.advance(2 * HOUR);
    expect(errorCode(() => copy({ ClientToken: 'tok-1' }))).toBe('InvalidAMIName.Duplicate');
  });

  it('refuses a duplicate name in the same region but allows it in another', () => {
    const { model, source, copy } = world();
    copy();
    expect(errorCode(() => copy())).toBe('InvalidAMIName.Duplicate');
    const us = ec2(model, 'us-west-2');
    expect(
      errorCode(() =>
        us.call('CopyImage', { SourceImageId: source.imageId, SourceRegion: 'us-east-1', Name: 'web-base' }),
      ),
    ).toBe('no error');
  });

  it('checks name syntax, description length and the source', () => {
    const { copy } = world();
    expect(errorCode(() => copy({ Name: 'ab' }))).toBe('InvalidAMIName.Malformed');
    expect(errorCode(() => copy({ Name: 'bad!name' }))).toBe('InvalidAMIName.Malformed');
    expect(errorCode(() => copy({ Name: "ok (v1) [x] a/b-c_d.e'f@g" }))).toBe('no error');
    expect(errorCode(() => copy({ Name: 'name-2', Description: 'd'.repeat(256) }))).toBe(
      'InvalidParameterValue',
    );
    expect(errorCode(() => copy({ Name: 'name-3', SourceImageId: 'ami-0123456789abcdef0' }))).toBe(
      'InvalidAMIID.NotFound',
    );
    expect(errorCode(() => copy({ Name: 'name-4', SourceImageId: 'nope' }))).toBe('InvalidAMIID.Malformed');
    expect(errorCode(() => copy({ Name: undefined }))).toBe('MissingParameter');
  });

  it('refuses Outpost and Local Zone destinations it does not model, instead of ignoring them', () => {
    const { copy } = world();
    expect(
      errorCode(() =>
        copy({ DestinationOutpostArn: 'arn:aws:outposts:eu-west-1:123456789012:outpost/op-1' }),
      ),
    ).toBe('UnsupportedOperation');
  });

  it('refuses a source that is not available yet', () => {
    const { model, eu } = world();
    const pending = model.seedImage({ region: 'us-east-1', name: 'pending-src', state: 'pending' });
    expect(
      errorCode(() =>
        eu.call('CopyImage', { SourceImageId: pending.imageId, SourceRegion: 'us-east-1', Name: 'x-copy' }),
      ),
    ).toBe('InvalidAMIID.Unavailable');
  });

  it('encrypts with the destination aws/ebs key by default and keeps encrypted sources encrypted', () => {
    const { model, eu } = world();
    const encryptedSource = model.seedImage({ region: 'us-east-1', name: 'enc-src', encrypted: true });
    const imageId = eu.call<{ ImageId: string }>('CopyImage', {
      SourceImageId: encryptedSource.imageId,
      SourceRegion: 'us-east-1',
      Name: 'enc-copy',
    }).ImageId;
    const image = model.image(imageId);
    expect(image?.BlockDeviceMappings?.[0]?.Ebs?.Encrypted).toBe(true);
    const defaultKey = model.kms.defaultEbsKey(model.defaultAccountId, 'eu-west-1');
    const snapshot = model.snapshots('eu-west-1').find((s) => s.Description?.includes(imageId));
    expect(snapshot?.KmsKeyId).toBe(defaultKey.arn);
  });

  it('uses a customer key given by alias, alias ARN, key id or key ARN', () => {
    const { model, copy } = world();
    const key = model.createKmsKey('eu-west-1', { aliases: ['alias/app'] });
    const refs = [
      'alias/app',
      `arn:aws:kms:eu-west-1:${model.defaultAccountId}:alias/app`,
      key.keyId,
      key.arn,
    ];
    refs.forEach((ref, i) => {
      const imageId = copy({ Name: `k-${i}`, Encrypted: true, KmsKeyId: ref });
      const snapshot = model.snapshots('eu-west-1').find((s) => s.Description?.includes(imageId));
      expect(snapshot?.KmsKeyId).toBe(key.arn);
      expect(model.copySettlement('eu-west-1', imageId)?.outcome).toBe('available');
    });
  });

  it('requires Encrypted=true with KmsKeyId', () => {
    const { copy } = world();
    expect(errorCode(() => copy({ KmsKeyId: 'alias/aws/ebs' }))).toBe('InvalidParameterDependency');
  });

  it('accepts an unknown KMS key, then fails the copy later with a StateReason naming the key', async () => {
    const { model, clock, copy } = world({ kmsFailureDelayMs: 4 * MINUTE });
    const imageId = copy({ Encrypted: true, KmsKeyId: 'alias/missing' });
    expect(model.imageState('eu-west-1', imageId)).toBe('pending');
    await clock.advance(4 * MINUTE);
    const image = model.image(imageId);
    expect(image?.State).toBe('failed');
    expect(image?.StateReason?.Message).toContain('alias/missing');
    expect(model.snapshots('eu-west-1')[0]?.State).toBe('error');
  });

  it('treats a key ARN of another region as unknown in the destination', () => {
    const { model, copy } = world();
    const key = model.createKmsKey('us-east-1', { aliases: ['alias/app'] });
    const imageId = copy({ Encrypted: true, KmsKeyId: key.arn });
    expect(model.copySettlement('eu-west-1', imageId)?.outcome).toBe('failed');
  });

  it('fails copies into a region switched to fail, with the given reason', async () => {
    const { model, clock, copy } = world();
    model.faults.failCopies('eu-west-1', { code: 'Client.InternalError', message: 'boom' }, 0.25);
    const imageId = copy();
    const settled = model.copySettlement('eu-west-1', imageId);
    expect(settled?.outcome).toBe('failed');
    await clock.advanceTo(settled?.at ?? 0);
    expect(model.image(imageId)?.StateReason).toEqual({ Code: 'Client.InternalError', Message: 'boom' });
  });

  it('applies TagSpecifications to image and every snapshot, and CopyImageTags copies user tags only', () => {
    const { model, source, copy } = world();
    model.store.images.get(source.imageId)?.tags.set('aws:internal', 'x');
    const imageId = copy({
      CopyImageTags: true,
      TagSpecifications: [
        {
          ResourceType: 'image',
          Tags: [
            { Key: 'env', Value: 'staging' },
            { Key: 'copy', Value: '1' },
          ],
        },
        { ResourceType: 'snapshot', Tags: [{ Key: 'snap', Value: 'yes' }] },
      ],
    });
    expect(model.tagsOf(imageId)).toEqual({ team: 'platform', env: 'staging', copy: '1' });
    const snapshotId = model.image(imageId) && model.imageRecord(imageId)?.blockDevices[0]?.snapshotId;
    expect(model.tagsOf(snapshotId ?? '')).toEqual({ snap: 'yes' });
  });

  it('refuses aws: tag keys, more than 50 tags and unknown resource types', () => {
    const { copy } = world();
    const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect(
      errorCode(() =>
        copy({ TagSpecifications: [{ ResourceType: 'image', Tags: [{ Key: 'aws:x', Value: '1' }] }] }),
      ),
    ).toBe('InvalidParameterValue');
    expect(errorCode(() => copy({ TagSpecifications: [{ ResourceType: 'image', Tags: tags(51) }] }))).toBe(
      'TagLimitExceeded',
    );
    expect(errorCode(() => copy({ TagSpecifications: [{ ResourceType: 'instance', Tags: tags(1) }] }))).toBe(
      'InvalidParameterValue',
    );
    expect(errorCode(() => copy({ TagSpecifications: [{ ResourceType: 'image', Tags: tags(50) }] }))).toBe(
      'no error',
    );
  });

  it('enforces the concurrent copy quota, counting foreign copies until they complete', async () => {
    const { model, clock, copy } = world({ copyQuota: 3 });
    model.seedForeignCopies('eu-west-1', 2, { durationMs: 10 * MINUTE });
    copy({ Name: 'one' });
    const refusal = (() => {
      try {
        copy({ Name: 'two' });
        return undefined;
      } catch (error) {
        return error as { code: string; message: string };
      }
    })();
    expect(refusal?.code).toBe('ResourceLimitExceeded');
    expect(refusal?.message).toMatch(/The limit is 3 for this destination region/);
    await clock.advance(10 * MINUTE);
    expect(model.pendingCopies('eu-west-1')).toBe(1);
    expect(errorCode(() => copy({ Name: 'two' }))).toBe('no error');
  });

  it('frees quota when a copy completes', async () => {
    const { model, clock, copy } = world({ copyQuota: 1 });
    const first = copy({ Name: 'one' });
    expect(errorCode(() => copy({ Name: 'two' }))).toBe('ResourceLimitExceeded');
    await clock.advanceTo(model.completionTime('eu-west-1', first) ?? 0);
    expect(errorCode(() => copy({ Name: 'two' }))).toBe('no error');
  });

  it('repeats ids and timings for the same seed', () => {
    const a = world();
    const b = world();
    const idA = a.copy();
    const idB = b.copy();
    expect(idA).toBe(idB);
    expect(a.model.completionTime('eu-west-1', idA)).toBe(b.model.completionTime('eu-west-1', idB));
  });
});
