/**
 * The model's records (images, snapshots, in-flight copies of other tenants, client tokens,
 * launch templates) and the lazily computed state of each: nothing here runs on a timer; a
 * copy's state is a pure function of the model clock and the copy's schedule fixed when it
 * started.
 */

import type { SimClock } from './clock.js';
import { secondsIsoTime } from './context.js';
import type { CopyTiming, Keyframe, ProgressProfile } from './copy-progress.js';
import { progressAt, progressText } from './copy-progress.js';
import type { StateReason } from './faults.js';
import type { KmsKeys } from './kms.js';
import type { LaunchTemplateRecord, LaunchTemplateTokenRecord } from './launch-templates-records.js';
import type { Rng } from './rng.js';

export interface Settlement {
  /** Model ms when the copy reaches its final state. */
  readonly at: number;
  readonly outcome: 'available' | 'failed';
  readonly reason: StateReason | undefined;
}

export interface SnapshotCopyJob {
  readonly startedAt: number;
  readonly completesAt: number;
  readonly keyframes: readonly Keyframe[];
  readonly failure: { readonly at: number; readonly reason: StateReason } | undefined;
  readonly sourceSnapshotId: string;
  readonly sourceImageId: string;
  readonly timeBasedMinutes: number | undefined;
}

export interface SnapshotRecord {
  readonly snapshotId: string;
  readonly accountId: string;
  readonly region: string;
  readonly volumeId: string;
  readonly volumeSize: number;
  description: string;
  readonly startTime: number;
  readonly encrypted: boolean;
  /** Key ARN (or the reference as given, when it is unknown in the region). */
  readonly kmsKeyId: string | undefined;
  readonly tags: Map<string, string>;
  readonly createVolumePermissions: Set<string>;
  readonly copy: SnapshotCopyJob | undefined;
}

export interface BlockDeviceRecord {
  readonly deviceName: string;
  readonly snapshotId: string;
  readonly volumeSize: number;
  readonly volumeType: string;
  readonly deleteOnTermination: boolean;
  readonly encrypted: boolean;
}

export interface ImageCopyJob {
  readonly sourceImageId: string;
  readonly sourceRegion: string;
  readonly startedAt: number;
  readonly completesAt: number;
  readonly failure: { readonly at: number; readonly reason: StateReason } | undefined;
}

export interface LaunchPermissionRecord {
  readonly UserId?: string;
  readonly Group?: string;
  readonly OrganizationArn?: string;
  readonly OrganizationalUnitArn?: string;
}

/** Deregistration protection as Enable/DisableImageDeregistrationProtection left it. */
export interface DeregistrationProtection {
  readonly withCooldown: boolean;
  /** When protection with cooldown was disabled (model ms): it still holds for 24 h after. */
  readonly disabledAt: number | undefined;
}

export type ImageBlockPublicAccessState = 'unblocked' | 'block-new-sharing';

export interface ImageRecord {
  readonly imageId: string;
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  description: string | undefined;
  readonly createdAt: number;
  readonly architecture: string;
  readonly rootDeviceName: string;
  readonly blockDevices: readonly BlockDeviceRecord[];
  readonly tags: Map<string, string>;
  launchPermissions: LaunchPermissionRecord[];
  deprecationTime: number | undefined;
  deregistrationProtection: DeregistrationProtection | undefined;
  /** A fixed state for seeded images that are not copies (`available`, `pending`, `failed`…). */
  readonly fixedState: string | undefined;
  readonly fixedStateReason: StateReason | undefined;
  readonly copy: ImageCopyJob | undefined;
}

/** Another tenant's copy into a region: it only occupies quota until `completesAt`. */
export interface ForeignCopy {
  readonly region: string;
  readonly startedAt: number;
  readonly completesAt: number;
}

export interface ModelSettings {
  copyTiming: (region: string) => CopyTiming;
  progressProfile: (region: string) => ProgressProfile;
  /** Concurrent image copies allowed per destination region. */
  copyQuota: (region: string) => number;
  /** How long after the start an unknown KMS key fails the copy (ms). */
  kmsFailureDelayMs: number;
  /** Extra time after the last snapshot completes before the image turns available (ms). */
  registrationDelayMs: number;
  /** When set, each copy draws its own registration lag from [min, max] ms instead. */
  registrationDelayRangeMs: readonly [min: number, max: number] | undefined;
  /** How long a ClientToken is remembered (ms). */
  clientTokenTtlMs: number;
  /** Whether a pending copied image already lists its new snapshot ids. */
  pendingImageListsSnapshots: boolean;
  /** Block public access for AMIs of an account and region nobody has set (AWS: new accounts block). */
  imageBlockPublicAccessDefault: ImageBlockPublicAccessState;
}

export interface ClientTokenRecord {
  readonly fingerprint: string;
  readonly imageId: string;
  readonly at: number;
}

export class Store {
  readonly images = new Map<string, ImageRecord>();
  readonly snapshots = new Map<string, SnapshotRecord>();
  readonly foreignCopies: ForeignCopy[] = [];
  readonly clientTokens = new Map<string, ClientTokenRecord>();
  /** Launch templates of every account and region, by id. */
  readonly launchTemplates = new Map<string, LaunchTemplateRecord>();
  /** `accountId|region|action|token` -> what that ClientToken created. */
  readonly launchTemplateTokens = new Map<string, LaunchTemplateTokenRecord>();
  /** `accountId|region` (or `accountId|*`) -> block public access for AMIs. */
  private readonly blockPublicAccess = new Map<string, ImageBlockPublicAccessState>();
  private readonly idRng: Rng;

  constructor(
    readonly clock: SimClock,
    readonly rng: Rng,
    readonly kms: KmsKeys,
    readonly settings: ModelSettings,
  ) {
    this.idRng = rng.derive('ids');
  }

  newId(prefix: 'ami' | 'snap' | 'vol' | 'i' | 'lt'): string {
    for (;;) {
      const id = `${prefix}-0${this.idRng.hex(16)}`;
      if (!this.images.has(id) && !this.snapshots.has(id) && !this.launchTemplates.has(id)) return id;
    }
  }

  imageIn(region: string, imageId: string): ImageRecord | undefined {
    const image = this.images.get(imageId);
    return image && image.region === region ? image : undefined;
  }

  snapshotIn(region: string, snapshotId: string): SnapshotRecord | undefined {
    const snapshot = this.snapshots.get(snapshotId);
    return snapshot && snapshot.region === region ? snapshot : undefined;
  }

  /** The account's block public access state for AMIs in `region` (a setting per account and region). */
  imageBlockPublicAccess(accountId: string, region: string): ImageBlockPublicAccessState {
    return (
      this.blockPublicAccess.get(`${accountId}|${region}`) ??
      this.blockPublicAccess.get(`${accountId}|*`) ??
      this.settings.imageBlockPublicAccessDefault
    );
  }

  /** Sets it for one region, or for every region without its own value (`*`). */
  setImageBlockPublicAccess(accountId: string, region: string, state: ImageBlockPublicAccessState): void {
    this.blockPublicAccess.set(`${accountId}|${region}`, state);
  }

  /** Pending copies into `region` right now (ours, from every account, plus other tenants'). */
  pendingCopies(region: string, now: number): number {
    let count = 0;
    for (const image of this.images.values()) {
      if (image.region === region && image.copy && now < settlement(image.copy).at) count++;
    }
    for (const foreign of this.foreignCopies) {
      if (foreign.region === region && foreign.startedAt <= now && now < foreign.completesAt) count++;
    }
    return count;
  }
}

export function settlement(copy: ImageCopyJob): Settlement {
  if (copy.failure && copy.failure.at < copy.completesAt) {
    return { at: copy.failure.at, outcome: 'failed', reason: copy.failure.reason };
  }
  return { at: copy.completesAt, outcome: 'available', reason: undefined };
}

export interface ImageStateView {
  readonly state: string;
  readonly reason: StateReason | undefined;
}

export function imageStateAt(image: ImageRecord, now: number): ImageStateView {
  if (!image.copy) return { state: image.fixedState ?? 'available', reason: image.fixedStateReason };
  const settled = settlement(image.copy);
  if (now < settled.at) return { state: 'pending', reason: undefined };
  return { state: settled.outcome, reason: settled.reason };
}

export const DEREGISTRATION_COOLDOWN_MS = 24 * 3600_000;

/** Until when a disabled-with-cooldown image stays protected, if it still is at `now`. */
export function cooldownEnd(image: ImageRecord, now: number): number | undefined {
  const disabledAt = image.deregistrationProtection?.disabledAt;
  if (disabledAt === undefined) return undefined;
  const end = disabledAt + DEREGISTRATION_COOLDOWN_MS;
  return now < end ? end : undefined;
}

/** DescribeImages' `DeregistrationProtection` at `now`. */
export function deregistrationProtectionState(image: ImageRecord, now: number): string {
  const protection = image.deregistrationProtection;
  if (!protection) return 'disabled';
  if (protection.disabledAt === undefined) {
    return protection.withCooldown ? 'enabled-with-cooldown' : 'enabled-without-cooldown';
  }
  const end = cooldownEnd(image, now);
  return end === undefined ? 'disabled' : `disabled-until ${secondsIsoTime(end)}`;
}

export function isProtectedFromDeregistration(image: ImageRecord, now: number): boolean {
  const protection = image.deregistrationProtection;
  if (!protection) return false;
  return protection.disabledAt === undefined || cooldownEnd(image, now) !== undefined;
}

export interface SnapshotStateView {
  readonly state: 'pending' | 'completed' | 'error';
  readonly progress: string;
  readonly message: string | undefined;
}

export function snapshotStateAt(snapshot: SnapshotRecord, now: number): SnapshotStateView {
  const copy = snapshot.copy;
  if (!copy) return { state: 'completed', progress: '100%', message: undefined };
  const progressAtTime = (time: number) =>
    progressAt(copy.keyframes, (time - copy.startedAt) / Math.max(1, copy.completesAt - copy.startedAt));
  if (copy.failure && now >= copy.failure.at) {
    // A failed copy stops where it failed.
    const progress = progressAtTime(copy.failure.at);
    return { state: 'error', progress: progressText(progress, false), message: copy.failure.reason.message };
  }
  const progress = progressAtTime(now);
  if (now >= copy.completesAt) return { state: 'completed', progress: '100%', message: undefined };
  return { state: 'pending', progress: progressText(progress, false), message: undefined };
}
