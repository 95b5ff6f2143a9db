/**
 * CopyImage, called in the destination region: AWS's validation rules, ClientToken
 * idempotency, name uniqueness, encryption and KMS rules, tags at creation, the concurrent-copy
 * quota, then a pending image plus one new snapshot per EBS block device whose schedule (and
 * eventual success or failure) is fixed now and read lazily later.
 */
import type { CopyImageRequest } from '@aws-sdk/client-ec2';
import type { CallContext } from './context.js';
import {
  checkTimeBasedFits,
  keyframesFor,
  snapshotCopyDurationMs,
  timeBasedSchedule,
} from './copy-progress.js';
import { fingerprint } from './copy-token.js';
import { awsError } from './errors.js';
import type { CopyFailure, StateReason } from './faults.js';
import { canSee, checkImageId, imageNotFound } from './images.js';
import { isKnownRegion } from './regions.js';
import type { ImageRecord, SnapshotRecord, Store } from './store.js';
import { imageStateAt } from './store.js';
import { applyTags, type TagInput } from './tags.js';

const NAME_PATTERN = /^[A-Za-z0-9()[\]./\-'@_ ]{3,128}$/;

export interface CopyEnvironment {
  /** Whether the caller's account may use `region` (opted in or not needed). */
  readonly regionEnabled: (region: string) => boolean;
  readonly copyFailure: (region: string) => CopyFailure | undefined;
}

export function copyImage(store: Store, ctx: CallContext, input: CopyImageRequest, env: CopyEnvironment) {
  for (const param of ['SourceImageId', 'SourceRegion', 'Name'] as const) {
    if (!input[param]) throw awsError('MissingParameter', `The request must contain the parameter ${param}`);
  }
  const sourceImageId = input.SourceImageId ?? '';
  const sourceRegion = input.SourceRegion ?? '';
  const name = input.Name ?? '';

  const token = input.ClientToken;
  if (token !== undefined) {
    if (token.length > 64 || !/^[\x20-\x7e]*$/.test(token)) {
      throw awsError('InvalidParameterValue', `Value (${token}) for parameter clientToken is invalid.`);
    }
    const known = store.clientTokens.get(`${ctx.accountId}|${ctx.region}|${token}`);
    if (known && ctx.now - known.at <= store.settings.clientTokenTtlMs) {
      if (known.fingerprint !== fingerprint(input)) {
        throw awsError(
          'IdempotentParameterMismatch',
          'Arguments on this idempotent request are inconsistent with arguments used in previous request(s).',
        );
      }
      return { ImageId: known.imageId };
    }
  }

  if (!NAME_PATTERN.test(name)) {
    throw awsError(
      'InvalidAMIName.Malformed',
      `AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/', '[', ']', ''', '@', '_' and spaces: ${name}`,
    );
  }
  if ((input.Description ?? '').length > 255) {
    throw awsError(
      'InvalidParameterValue',
      'Value for parameter description is invalid. Length exceeds maximum of 255',
    );
  }
  if (input.KmsKeyId !== undefined && input.Encrypted !== true) {
    throw awsError(
      'InvalidParameterDependency',
      'The parameter KmsKeyId requires the parameter Encrypted to be set.',
    );
  }
  const timeBased = input.SnapshotCopyCompletionDurationMinutes;
  if (timeBased !== undefined && (timeBased < 15 || timeBased > 2880 || timeBased % 15 !== 0)) {
    throw awsError(
      'InvalidParameterValue',
      `Value (${timeBased}) for parameter SnapshotCopyCompletionDurationMinutes is invalid. It must be between 15 and 2880, in increments of 15.`,
    );
  }
  if (
    input.DestinationOutpostArn ||
    input.DestinationAvailabilityZone ||
    input.DestinationAvailabilityZoneId
  ) {
    // Accepted by AWS, not modelled here: refuse loudly rather than copy to the wrong place.
    throw awsError(
      'UnsupportedOperation',
      'The simulator does not model copies to an Outpost or a Local Zone (DestinationOutpostArn / DestinationAvailabilityZone).',
    );
  }
  const { imageTags, snapshotTags } = tagSpecifications(input);

  if (!isKnownRegion(sourceRegion)) {
    throw awsError('InvalidParameterValue', `Invalid value '${sourceRegion}' for SourceRegion`);
  }
  if (!env.regionEnabled(sourceRegion)) {
    throw awsError('InvalidRegion', `The source region '${sourceRegion}' is not enabled for your account.`);
  }
  checkImageId(sourceImageId);
  const source = store.imageIn(sourceRegion, sourceImageId);
  if (!source || !canSee(source, ctx.accountId)) throw imageNotFound([sourceImageId]);
  if (timeBased !== undefined) checkTimeBasedFits(source, timeBased);
  const sourceState = imageStateAt(source, ctx.now).state;
  if (sourceState !== 'available') {
    throw awsError(
      'InvalidAMIID.Unavailable',
      `The image '${sourceImageId}' is not available (state: ${sourceState})`,
    );
  }

  const clash = [...store.images.values()].find(
    (i) => i.accountId === ctx.accountId && i.region === ctx.region && i.name === name,
  );
  if (clash)
    throw awsError('InvalidAMIName.Duplicate', `AMI name ${name} is already in use by AMI ${clash.imageId}`);

  const limit = store.settings.copyQuota(ctx.region);
  if (store.pendingCopies(ctx.region, ctx.now) >= limit) {
    throw awsError(
      'ResourceLimitExceeded',
      `Too many image copies in progress. The limit is ${limit} for this destination region.`,
    );
  }

  const tags = new Map<string, string>();
  if (input.CopyImageTags && source.accountId === ctx.accountId) {
    for (const [key, value] of source.tags) if (!key.startsWith('aws:')) tags.set(key, value);
  }
  applyTags(tags, imageTags);

  const image = startCopy(store, ctx, source, { name, input, tags, snapshotTags, env });
  if (token !== undefined) {
    store.clientTokens.set(`${ctx.accountId}|${ctx.region}|${token}`, {
      fingerprint: fingerprint(input),
      imageId: image.imageId,
      at: ctx.now,
    });
  }
  return { ImageId: image.imageId };
}

interface StartCopy {
  readonly name: string;
  readonly input: CopyImageRequest;
  readonly tags: Map<string, string>;
  readonly snapshotTags: readonly TagInput[];
  readonly env: CopyEnvironment;
}

function startCopy(store: Store, ctx: CallContext, source: ImageRecord, start: StartCopy): ImageRecord {
  const { input } = start;
  const imageId = store.newId('ami');
  const rng = store.rng.derive(`copy:${ctx.region}:${source.imageId}:${start.name}`);
  const timing = store.settings.copyTiming(ctx.region);
  const profile = store.settings.progressProfile(ctx.region);
  const encrypted = input.Encrypted === true || source.blockDevices.some((d) => d.encrypted);
  const kmsReference = input.KmsKeyId;
  const kmsKey = encrypted
    ? kmsReference
      ? store.kms.resolve(ctx.accountId, ctx.region, kmsReference)
      : store.kms.encryptionDefault(ctx.accountId, ctx.region)
    : undefined;

  const normal = source.blockDevices.map((d) => snapshotCopyDurationMs(d.volumeSize, timing, rng));
  const lagRange = store.settings.registrationDelayRangeMs;
  const drawnLag = lagRange
    ? Math.round(rng.derive('registration-lag').between(lagRange[0], lagRange[1]))
    : store.settings.registrationDelayMs;
  const minutes = input.SnapshotCopyCompletionDurationMinutes;
  const { snapshotMs: durations, registrationLagMs: registrationLag } =
    minutes === undefined
      ? { snapshotMs: normal, registrationLagMs: drawnLag }
      : timeBasedSchedule(
          minutes * 60_000,
          normal,
          source.blockDevices.map((d) => d.volumeSize),
          drawnLag,
        );
  const lastSnapshotDone = ctx.now + Math.max(1000, ...durations);
  const completesAt = lastSnapshotDone + registrationLag;
  const failure = copyFailureFor(
    ctx,
    start.env.copyFailure(ctx.region),
    kmsReference,
    kmsKey === undefined && encrypted,
    {
      startedAt: ctx.now,
      completesAt,
      kmsDelay: store.settings.kmsFailureDelayMs,
    },
  );

  const blockDevices = source.blockDevices.map((device, index) => {
    const snapshotId = store.newId('snap');
    const snapshot: SnapshotRecord = {
      snapshotId,
      accountId: ctx.accountId,
      region: ctx.region,
      volumeId: 'vol-ffffffff',
      volumeSize: device.volumeSize,
      description: `Copied for DestinationAmi ${imageId} from SourceAmi ${source.imageId} for SourceSnapshot ${device.snapshotId}. Task created on ${ctx.now.toLocaleString('en-US')}.`,
      startTime: ctx.now,
      encrypted,
      kmsKeyId: kmsKey?.arn ?? (encrypted ? kmsReference : undefined),
      tags: new Map(),
      createVolumePermissions: new Set(),
      copy: {
        startedAt: ctx.now,
        completesAt: ctx.now + (durations[index] ?? 1000),
        keyframes: keyframesFor(profile, rng.derive(`progress:${index}`)),
        failure,
        sourceSnapshotId: device.snapshotId,
        sourceImageId: source.imageId,
        timeBasedMinutes: input.SnapshotCopyCompletionDurationMinutes,
      },
    };
    applyTags(snapshot.tags, start.snapshotTags);
    store.snapshots.set(snapshotId, snapshot);
    return { ...device, snapshotId, encrypted };
  });

  const image: ImageRecord = {
    imageId,
    accountId: ctx.accountId,
    region: ctx.region,
    name: start.name,
    description: input.Description ?? source.description,
    createdAt: ctx.now,
    architecture: source.architecture,
    rootDeviceName: source.rootDeviceName,
    blockDevices,
    tags: start.tags,
    launchPermissions: [],
    deprecationTime: undefined,
    deregistrationProtection: undefined,
    fixedState: undefined,
    fixedStateReason: undefined,
    copy: {
      sourceImageId: source.imageId,
      sourceRegion: input.SourceRegion ?? '',
      startedAt: ctx.now,
      completesAt,
      failure,
    },
  };
  store.images.set(imageId, image);
  return image;
}

function copyFailureFor(
  ctx: CallContext,
  regionFailure: CopyFailure | undefined,
  kmsReference: string | undefined,
  kmsUnknown: boolean,
  times: { startedAt: number; completesAt: number; kmsDelay: number },
): { at: number; reason: StateReason } | undefined {
  const duration = times.completesAt - times.startedAt;
  const candidates: { at: number; reason: StateReason }[] = [];
  if (kmsUnknown) {
    candidates.push({
      at: times.startedAt + Math.min(times.kmsDelay, Math.floor(duration * 0.9)),
      reason: {
        code: 'Client.InvalidKMSKey.NotFound',
        message: `Copy image failed: the KMS key '${kmsReference}' does not exist in ${ctx.region} or is not accessible`,
      },
    });
  }
  if (regionFailure) {
    candidates.push({
      at: times.startedAt + Math.floor(duration * regionFailure.atFraction),
      reason: regionFailure.reason,
    });
  }
  candidates.sort((a, b) => a.at - b.at);
  return candidates[0];
}

function tagSpecifications(input: CopyImageRequest) {
  const imageTags: TagInput[] = [];
  const snapshotTags: TagInput[] = [];
  for (const spec of input.TagSpecifications ?? []) {
    const tags = spec.Tags ?? [];
    if (spec.ResourceType === 'image') imageTags.push(...tags);
    else if (spec.ResourceType === 'snapshot') snapshotTags.push(...tags);
    else {
      throw awsError(
        'InvalidParameterValue',
        `'${spec.ResourceType ?? ''}' is not a valid taggable resource type for this operation.`,
      );
    }
  }
  applyTags(new Map(), snapshotTags);
  return { imageTags, snapshotTags };
}
