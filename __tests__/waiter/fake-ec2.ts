import type { Ec2Access, Ec2Region, ImageInfo, SnapshotInfo } from '../../src/aws/types.js';
import type { Clock } from '../../src/clock.js';
import { copiedImage, copiedSnapshot } from './aws-answers.js';

/** One scripted copy: 0% until `risesAt`, then linear to `completesAt`; available after registration. */
export interface FakeCopy {
  readonly region: string;
  readonly imageId: string;
  readonly sizeGiB: number;
  readonly startedAt: number;
  readonly risesAt: number;
  readonly completesAt: number;
  readonly registrationMs?: number;
  /** Listed by DescribeImages only from this time (eventual consistency). */
  readonly visibleAt?: number;
  /** Removed from DescribeImages from this time (someone deregistered it). */
  readonly goneAt?: number;
  /** Ends in this state at `at` instead of becoming available. */
  readonly ends?: {
    readonly at: number;
    readonly state: string;
    readonly reason?: { code: string; message: string };
  };
  /** Overrides the linear progress (whole percent, 0..99). */
  readonly progress?: (now: number) => number;
}

export interface FakeCall {
  readonly region: string;
  readonly action: 'DescribeImages' | 'DescribeSnapshots';
  readonly at: number;
  readonly ids: readonly string[];
  readonly failed: boolean;
}

type Action = FakeCall['action'];

/** An SDK-shaped error: name/code and HTTP status in `$metadata`. */
export function sdkError(code: string, status: number, message = `${code} (test)`): Error {
  return Object.assign(new Error(message), { name: code, Code: code, $metadata: { httpStatusCode: status } });
}

export const availableAt = (copy: FakeCopy) => copy.completesAt + (copy.registrationMs ?? 0);

export class FakeEc2 implements Ec2Access {
  readonly calls: FakeCall[] = [];
  /** Return an error to fail a call. */
  fault: (action: Action, region: string, now: number) => Error | undefined = () => undefined;
  /** Return true to make a call never answer. */
  hang: (action: Action, region: string, now: number) => boolean = () => false;
  /**
   * Return how often the SDK "retried" a call before it got through, and how long that took on
   * the clock (a region whose request budget is spent by others); counted by `describeRetries`.
   */
  retried: (action: Action, region: string, now: number) => { retries: number; ms: number } | undefined =
    () => undefined;
  private readonly retries = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    readonly copies: readonly FakeCopy[],
  ) {}

  count(action?: Action, region?: string): number {
    return this.calls.filter((c) => (!action || c.action === action) && (!region || c.region === region))
      .length;
  }

  forRegion(region: string): Ec2Region {
    const unsupported = () => Promise.reject(new Error('not used by the poller'));
    return {
      region,
      describeImages: (ids) => this.answer('DescribeImages', region, ids, () => this.images(region, ids)),
      describeCopySnapshots: (ids) =>
        this.answer('DescribeSnapshots', region, ids, () => this.snapshots(region, ids)),
      describeRetries: () => this.retries.get(region) ?? 0,
      findOwnImages: unsupported,
      findOwnSnapshots: unsupported,
      createTags: unsupported,
      deleteTags: unsupported,
      copyImage: unsupported,
      deregisterImage: unsupported,
      deleteSnapshot: unsupported,
      describeRegions: unsupported,
      dryRunCopyImage: unsupported,
      describeLaunchPermissions: unsupported,
      addLaunchPermissions: unsupported,
      addCreateVolumePermission: unsupported,
      enableDeregistrationProtection: unsupported,
      enableImageDeprecation: unsupported,
      imageBlockPublicAccessState: unsupported,
      ebsDefaultKmsKeyId: unsupported,
      describeLaunchTemplate: unsupported,
      launchTemplateImageId: unsupported,
      createLaunchTemplateVersion: unsupported,
      setDefaultLaunchTemplateVersion: unsupported,
    };
  }

  private answer<T>(action: Action, region: string, ids: readonly string[], make: () => T): Promise<T> {
    const at = this.clock.now();
    const error = this.fault(action, region, at);
    this.calls.push({ region, action, at, ids: [...ids], failed: error !== undefined });
    if (this.hang(action, region, at)) return new Promise<T>(() => {});
    if (error) return Promise.reject(error);
    const retried = this.retried(action, region, at);
    if (!retried) return Promise.resolve(make());
    this.retries.set(region, (this.retries.get(region) ?? 0) + retried.retries);
    return this.clock.sleep(retried.ms).then(make);
  }

  private visible(copy: FakeCopy, now: number): boolean {
    return now >= (copy.visibleAt ?? copy.startedAt) && (copy.goneAt === undefined || now < copy.goneAt);
  }

  private images(region: string, ids: readonly string[]): ImageInfo[] {
    const now = this.clock.now();
    return this.copies
      .filter((c) => c.region === region && ids.includes(c.imageId) && this.visible(c, now))
      .map((copy) => {
        let state = 'pending';
        let stateReason: ImageInfo['stateReason'];
        if (copy.ends && now >= copy.ends.at) {
          state = copy.ends.state;
          stateReason = copy.ends.reason;
        } else if (now >= availableAt(copy)) state = 'available';
        return copiedImage(copy.imageId, state, stateReason);
      });
  }

  private snapshots(region: string, ids: readonly string[]): SnapshotInfo[] {
    const now = this.clock.now();
    return this.copies
      .filter((c) => c.region === region && ids.includes(c.imageId) && this.visible(c, now))
      .map((copy) => {
        const failed = copy.ends !== undefined && now >= copy.ends.at;
        const done = !failed && now >= copy.completesAt;
        const linear =
          now < copy.risesAt ? 0 : (100 * (now - copy.risesAt)) / (copy.completesAt - copy.risesAt);
        const percent = done ? 100 : Math.min(99, Math.floor(copy.progress ? copy.progress(now) : linear));
        const state = failed ? 'error' : done ? 'completed' : 'pending';
        return copiedSnapshot(copy.imageId, state, percent, copy.sizeGiB);
      });
  }
}
