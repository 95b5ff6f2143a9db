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
  /** The KMS key of an encrypted EBS volume, as AWS reports it (a key ARN). */
  readonly kmsKeyId?: string | undefined;
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
  /** `disabled`, `enabled`, `enabled-with-cooldown` or `disabled-until <time>`, as AWS reports it. */
  readonly deregistrationProtection?: string | undefined;
  /** When the image is (or was) deprecated, ISO 8601 as AWS reports it. */
  readonly deprecationTime?: string | undefined;
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
  /** Time-based copy: SnapshotCopyCompletionDurationMinutes (AWS completes the copy by then). */
  readonly completionDurationMinutes?: number | undefined;
}

/** Who may launch an image (one entry of its launch permission). */
export type LaunchPermission =
  | { readonly kind: 'account'; readonly id: string }
  | { readonly kind: 'organization'; readonly arn: string }
  | { readonly kind: 'organizational-unit'; readonly arn: string }
  | { readonly kind: 'public' };

/**
 * Options of a mutating call. With `dryRun` the call is sent with DryRun=true: it resolves when
 * AWS answers `DryRunOperation` (it would have succeeded) and rejects with AWS's error otherwise
 * (`UnauthorizedOperation` when the permission is missing). Nothing changes in AWS.
 */
export interface MutationOptions {
  readonly dryRun?: boolean;
}

/** A launch template as the action reads it. */
export interface LaunchTemplateInfo {
  readonly launchTemplateId: string;
  readonly name: string;
  readonly defaultVersion: number;
  readonly latestVersion: number;
}

export interface LaunchTemplateVersionRequest {
  readonly launchTemplateId: string;
  /** A version number, `$Default` or `$Latest`: the new version starts from it. */
  readonly sourceVersion: string;
  readonly imageId: string;
  readonly description: string;
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
  /**
   * How many times the SDK has retried this region's Describe calls so far (throttling, 5xx, lost
   * connections): a running count the waiter reads around its calls to notice a region whose
   * request budget is nearly spent even while every call gets through. Absent where the access
   * cannot tell (test fakes).
   */
  describeRetries?(): number;
  /** CopyImage in this (the destination) region; resolves the new image id. */
  copyImage(request: CopyImageRequest): Promise<string>;
  /** CopyImage with DryRun: resolves when it would succeed, rejects with AWS's error otherwise. */
  dryRunCopyImage(request: CopyImageRequest): Promise<void>;
  /** The account's own snapshots carrying every given tag. */
  findOwnSnapshots(tags: TagSet): Promise<SnapshotInfo[]>;
  /** CreateTags on images and/or snapshots (adds or overwrites the given keys). */
  createTags(resourceIds: readonly string[], tags: TagSet, options?: MutationOptions): Promise<void>;
  /** DeleteTags of the given keys (whatever their values). */
  deleteTags(resourceIds: readonly string[], keys: readonly string[]): Promise<void>;
  deregisterImage(imageId: string, options?: MutationOptions): Promise<void>;
  deleteSnapshot(snapshotId: string, options?: MutationOptions): Promise<void>;
  /** DescribeImageAttribute launchPermission: who may launch the image now. */
  describeLaunchPermissions(imageId: string): Promise<LaunchPermission[]>;
  /** ModifyImageAttribute LaunchPermission.Add (adding an entry that is already there changes nothing). */
  addLaunchPermissions(
    imageId: string,
    permissions: readonly LaunchPermission[],
    options?: MutationOptions,
  ): Promise<void>;
  /** ModifySnapshotAttribute createVolumePermission Add for the given accounts. */
  addCreateVolumePermission(
    snapshotId: string,
    accountIds: readonly string[],
    options?: MutationOptions,
  ): Promise<void>;
  /** EnableImageDeregistrationProtection. */
  enableDeregistrationProtection(
    imageId: string,
    withCooldown: boolean,
    options?: MutationOptions,
  ): Promise<void>;
  /** EnableImageDeprecation at the given time (epoch ms, a whole minute). */
  enableImageDeprecation(imageId: string, at: number, options?: MutationOptions): Promise<void>;
  /** GetImageBlockPublicAccessState: `unblocked` or `block-new-sharing`. */
  imageBlockPublicAccessState(): Promise<string>;
  /** DescribeLaunchTemplates of one template by id (`lt-…`) or name; undefined when there is none. */
  describeLaunchTemplate(idOrName: string): Promise<LaunchTemplateInfo | undefined>;
  /** The ImageId of one version (a number, `$Default` or `$Latest`) of a template; undefined when it has none. */
  launchTemplateImageId(launchTemplateId: string, version: string): Promise<string | undefined>;
  /** CreateLaunchTemplateVersion with LaunchTemplateData.ImageId; resolves the new version number (0 in a dry run). */
  createLaunchTemplateVersion(
    request: LaunchTemplateVersionRequest,
    options?: MutationOptions,
  ): Promise<number>;
  /** ModifyLaunchTemplate SetDefaultVersion. */
  setDefaultLaunchTemplateVersion(
    launchTemplateId: string,
    version: number,
    options?: MutationOptions,
  ): Promise<void>;
  /** GetEbsDefaultKmsKeyId: the key that encrypts when no key is named (`alias/aws/ebs` unless changed). */
  ebsDefaultKmsKeyId(): Promise<string>;
  /** DescribeRegions with AllRegions=true. */
  describeRegions(): Promise<RegionInfo[]>;
}

export interface Ec2Access {
  forRegion(region: string): Ec2Region;
}

/** An SSM parameter as the action reads it. */
export interface ParameterInfo {
  readonly name: string;
  readonly value: string;
  /** `text` or `aws:ec2:image`. */
  readonly dataType: string;
  readonly version: number;
}

export interface ImageParameterRequest {
  readonly name: string;
  /** The AMI id. */
  readonly imageId: string;
  readonly description: string;
  /** Tags for a new parameter (SSM takes tags only at creation). */
  readonly tags: TagSet;
  /** The parameter exists: overwrite it (no tags then). */
  readonly overwrite: boolean;
}

/** SSM Parameter Store in one region. */
export interface SsmRegion {
  readonly region: string;
  /** GetParameter; undefined when there is none. */
  getParameter(name: string): Promise<ParameterInfo | undefined>;
  /** PutParameter of data type aws:ec2:image; resolves the new version. */
  putImageParameter(request: ImageParameterRequest): Promise<number>;
}

export interface SsmAccess {
  forRegion(region: string): SsmRegion;
}

/** Every AWS service the action talks to, with one credential source. */
export interface AwsAccess {
  readonly ec2: Ec2Access;
  readonly ssm: SsmAccess;
}
