/**
 * Putting things into the world before a test or benchmark starts: images with their
 * snapshots (sources, earlier copies, name-clash bait, copies still in flight) and other
 * tenants' copies that only take up quota.
 */
import type { Keyframe } from './copy-progress.js';
import { awsError } from './errors.js';
import type { StateReason } from './faults.js';
import type { ImageRecord, SnapshotRecord, Store } from './store.js';

export interface SeedBlockDevice {
  readonly deviceName: string;
  readonly sizeGiB: number;
  readonly volumeType?: string;
}

export interface SeedImageSpec {
  readonly region: string;
  readonly name: string;
  /** Owner; default: the model's default account. */
  readonly accountId?: string;
  /** Size of the single root volume (default 8 GiB), when `blockDevices` is not given. */
  readonly sizeGiB?: number;
  readonly blockDevices?: readonly SeedBlockDevice[];
  readonly tags?: Readonly<Record<string, string>>;
  readonly encrypted?: boolean;
  /** Key reference resolved in `region` (default: the region's aws/ebs key when encrypted). */
  readonly kmsKeyId?: string;
  readonly description?: string;
  readonly architecture?: string;
  /** Fixed state for a non-copy image (default `available`). */
  readonly state?: string;
  readonly stateReason?: StateReason;
  /** Accounts the image is shared with (launch permission). */
  readonly sharedWith?: readonly string[];
  readonly public?: boolean;
  /** Deprecation time (model ms, used as given); default: none. */
  readonly deprecateAt?: number;
  /** Deregistration protection already on; default: off. */
  readonly deregistrationProtection?: 'with-cooldown' | 'without-cooldown';
  /** Creation time (model ms); default: now. */
  readonly createdAt?: number;
  /** Makes the image a copy of another, pending until `completesAt` (then available, or failed with `failure`). */
  readonly copyOf?: {
    readonly sourceImageId: string;
    readonly sourceRegion: string;
    readonly completesAt: number;
    readonly failure?: { readonly at: number; readonly reason: StateReason };
  };
}

export interface SeededImage {
  readonly imageId: string;
  readonly region: string;
  readonly name: string;
  readonly snapshotIds: readonly string[];
}

export function seedImage(store: Store, defaultAccountId: string, spec: SeedImageSpec): SeededImage {
  const accountId = spec.accountId ?? defaultAccountId;
  const now = store.clock.now();
  const createdAt = spec.createdAt ?? now;
  const clash = [...store.images.values()].find(
    (i) => i.accountId === accountId && i.region === spec.region && i.name === spec.name,
  );
  if (clash)
    throw awsError(
      'InvalidAMIName.Duplicate',
      `AMI name ${spec.name} is already in use by AMI ${clash.imageId}`,
    );
  const imageId = store.newId('ami');
  const devices = spec.blockDevices ?? [{ deviceName: '/dev/xvda', sizeGiB: spec.sizeGiB ?? 8 }];
  const encrypted = spec.encrypted === true || spec.kmsKeyId !== undefined;
  const key = encrypted
    ? spec.kmsKeyId
      ? store.kms.resolve(accountId, spec.region, spec.kmsKeyId)
      : store.kms.defaultEbsKey(accountId, spec.region)
    : undefined;
  if (encrypted && !key) throw new Error(`seedImage: KMS key ${spec.kmsKeyId} is unknown in ${spec.region}`);
  const instanceId = store.newId('i');
  const linear: Keyframe[] = [
    [0, 0],
    [1, 1],
  ];
  const blockDevices = devices.map((device) => {
    const snapshotId = store.newId('snap');
    const snapshot: SnapshotRecord = {
      snapshotId,
      accountId,
      region: spec.region,
      volumeId: store.newId('vol'),
      volumeSize: device.sizeGiB,
      description: spec.copyOf
        ? `Copied for DestinationAmi ${imageId} from SourceAmi ${spec.copyOf.sourceImageId} for SourceSnapshot snap-00000000000000000. Task created on ${createdAt.toLocaleString('en-US')}.`
        : `Created by CreateImage(${instanceId}) for ${imageId}`,
      startTime: createdAt,
      encrypted,
      kmsKeyId: key?.arn,
      tags: new Map(),
      createVolumePermissions: new Set(spec.sharedWith ?? []),
      copy: spec.copyOf
        ? {
            startedAt: createdAt,
            completesAt: spec.copyOf.completesAt,
            keyframes: linear,
            failure: spec.copyOf.failure,
            sourceSnapshotId: 'snap-00000000000000000',
            sourceImageId: spec.copyOf.sourceImageId,
            timeBasedMinutes: undefined,
          }
        : undefined,
    };
    store.snapshots.set(snapshotId, snapshot);
    return {
      deviceName: device.deviceName,
      snapshotId,
      volumeSize: device.sizeGiB,
      volumeType: device.volumeType ?? 'gp3',
      deleteOnTermination: true,
      encrypted,
    };
  });
  const image: ImageRecord = {
    imageId,
    accountId,
    region: spec.region,
    name: spec.name,
    description: spec.description,
    createdAt,
    architecture: spec.architecture ?? 'x86_64',
    rootDeviceName: blockDevices[0]?.deviceName ?? '/dev/xvda',
    blockDevices,
    tags: new Map(Object.entries(spec.tags ?? {})),
    launchPermissions: [
      ...(spec.sharedWith ?? []).map((UserId) => ({ UserId })),
      ...(spec.public ? [{ Group: 'all' }] : []),
    ],
    deprecationTime: spec.deprecateAt,
    deregistrationProtection: spec.deregistrationProtection
      ? { withCooldown: spec.deregistrationProtection === 'with-cooldown', disabledAt: undefined }
      : undefined,
    fixedState: spec.copyOf ? undefined : spec.state,
    fixedStateReason: spec.copyOf ? undefined : spec.stateReason,
    copy: spec.copyOf
      ? {
          sourceImageId: spec.copyOf.sourceImageId,
          sourceRegion: spec.copyOf.sourceRegion,
          startedAt: createdAt,
          completesAt: spec.copyOf.completesAt,
          failure: spec.copyOf.failure,
        }
      : undefined,
  };
  store.images.set(imageId, image);
  return {
    imageId,
    region: spec.region,
    name: spec.name,
    snapshotIds: blockDevices.map((d) => d.snapshotId),
  };
}

/** `count` copies by other tenants into `region`, each holding quota until its `completesAt`. */
export function seedForeignCopies(
  store: Store,
  region: string,
  count: number,
  schedule: { startedAt?: number; completesAt?: number | readonly number[]; durationMs?: number },
): void {
  const start = schedule.startedAt ?? store.clock.now();
  for (let i = 0; i < count; i++) {
    const end = Array.isArray(schedule.completesAt)
      ? schedule.completesAt[i]
      : typeof schedule.completesAt === 'number'
        ? schedule.completesAt
        : start + (schedule.durationMs ?? 3600_000);
    store.foreignCopies.push({ region, startedAt: start, completesAt: end ?? start + 3600_000 });
  }
}
