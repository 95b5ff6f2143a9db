/**
 * The EC2 operations the action needs, as plain typed data. `src/aws/ec2-gateway.ts`
 * implements them with the AWS SDK, everywhere: fast tests and the benchmark run the same
 * gateway with the simulator's model as the SDK's transport (`sim/model-transport.ts`). Unit
 * tests may still fake this interface directly. No business logic lives behind it.
 */

export type ImageState =
  | 'pending'
  | 'available'
  | 'failed'
  | 'invalid'
  | 'error'
  | 'deregistered'
  | 'disabled'
  | 'transient'
  | (string & {});

export interface BlockDevice {
  readonly deviceName: string;
  readonly snapshotId: string | undefined;
  readonly volumeSizeGiB: number | undefined;
  readonly encrypted: boolean | undefined;
}

export interface ImageInfo {
  readonly imageId: string;
  readonly name: string;
  readonly description: string | undefined;
  readonly state: ImageState;
  readonly stateReason: { readonly code: string; readonly message: string } | undefined;
  readonly ownerId: string | undefined;
  readonly creationDate: string | undefined;
  /** True when any EBS block device of the image is encrypted. */
  readonly encrypted: boolean;
  /** User tags of the image (keys starting with `aws:` included as AWS returns them). */
  readonly tags: Readonly<Record<string, string>>;
  readonly blockDevices: readonly BlockDevice[];
  /** For a copy: the image it was copied from and that image's region (AWS's own record, not a tag). */
  readonly sourceImageId?: string | undefined;
  readonly sourceImageRegion?: string | undefined;
}

export interface SnapshotInfo {
  readonly snapshotId: string;
  readonly state: 'pending' | 'completed' | 'error' | (string & {});
  /** 0..100, parsed from AWS's "37%"; undefined when AWS gives none. */
  readonly progressPercent: number | undefined;
  readonly description: string;
  readonly volumeSizeGiB: number | undefined;
  /** The AMI this snapshot was copied for, parsed from the description, if it says. */
  readonly destinationImageId: string | undefined;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface RegionInfo {
  readonly regionName: string;
  /** `opt-in-not-required`, `opted-in` or `not-opted-in`. */
  readonly optInStatus: string;
}

export interface TagSet {
  readonly [key: string]: string;
}

export interface CopyImageRequest {
  readonly sourceImageId: string;
  readonly sourceRegion: string;
  readonly name: string;
  readonly description: string | undefined;
  readonly encrypted: boolean;
  readonly kmsKeyId: string | undefined;
  readonly clientToken: string;
  readonly imageTags: TagSet;
  /** Tags for every new snapshot; undefined = do not tag snapshots. */
  readonly snapshotTags: TagSet | undefined;
}

/** EC2 in one region. */
export interface Ec2Region {
  readonly region: string;
  /** DescribeImages by id (one call, all ids). Unknown ids are simply absent from the answer. */
  describeImages(imageIds: readonly string[]): Promise<ImageInfo[]>;
  /** The account's own images (Owners=self) matching every given filter. */
  findOwnImages(filter: { readonly name?: string; readonly tags?: TagSet }): Promise<ImageInfo[]>;
  /** Snapshots copied for the given destination AMIs (found by AWS's description format). */
  describeCopySnapshots(imageIds: readonly string[]): Promise<SnapshotInfo[]>;
  /** CopyImage in this (the destination) region; resolves the new image id. */
  copyImage(request: CopyImageRequest): Promise<string>;
  /** The account's own snapshots carrying every given tag. */
  findOwnSnapshots(tags: TagSet): Promise<SnapshotInfo[]>;
  /** CreateTags on images and/or snapshots (adds or overwrites the given keys). */
  createTags(resourceIds: readonly string[], tags: TagSet): Promise<void>;
  /** DeleteTags of the given keys (whatever their values). */
  deleteTags(resourceIds: readonly string[], keys: readonly string[]): Promise<void>;
  deregisterImage(imageId: string): Promise<void>;
  deleteSnapshot(snapshotId: string): Promise<void>;
  /** DescribeRegions with AllRegions=true. */
  describeRegions(): Promise<RegionInfo[]>;
}

export interface Ec2Access {
  forRegion(region: string): Ec2Region;
}
