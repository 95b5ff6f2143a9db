/**
 * The EC2 request and answer shapes behind each `Ec2Region` operation, transport-free: the
 * gateway sends these through EC2Client, over HTTP in production and over the simulator's
 * model in tests and the benchmark, so both exercise exactly the requests the action makes.
 */
import type {
  CopyImageRequest as CopyImageInput,
  CreateTagsRequest,
  DeleteTagsRequest,
  DescribeImagesRequest,
  DescribeSnapshotsRequest,
  Filter,
  Image,
  LaunchPermission as SdkLaunchPermission,
  Snapshot,
  Tag,
  TagSpecification,
} from '@aws-sdk/client-ec2';
import type { CopyImageRequest, ImageInfo, LaunchPermission, SnapshotInfo, TagSet } from './types.js';

/**
 * Images by id, as a filter rather than ImageIds: unknown ids (a copy not yet visible, an image
 * deregistered by someone else) are then absent from the answer instead of failing the batch.
 */
export function imagesByIdQuery(imageIds: readonly string[]): DescribeImagesRequest {
  return { Filters: [{ Name: 'image-id', Values: [...imageIds] }], IncludeDeprecated: true };
}

/** The account's own images matching a name and/or tags (without the page token). */
export function ownImagesQuery(filter: {
  readonly name?: string;
  readonly tags?: TagSet;
}): DescribeImagesRequest {
  const filters: Filter[] = [];
  if (filter.name !== undefined) filters.push({ Name: 'name', Values: [filter.name] });
  for (const [key, value] of Object.entries(filter.tags ?? {}))
    filters.push({ Name: `tag:${key}`, Values: [value] });
  return { Owners: ['self'], Filters: filters, IncludeDeprecated: true };
}

/** Snapshots made for the given copies, found by AWS's "Copied for DestinationAmi …" description. */
export function copySnapshotsQuery(imageIds: readonly string[]): DescribeSnapshotsRequest {
  return {
    OwnerIds: ['self'],
    Filters: [{ Name: 'description', Values: imageIds.map((id) => `Copied for DestinationAmi ${id} *`) }],
  };
}

/** The account's own snapshots carrying every given tag (without the page token). */
export function ownSnapshotsQuery(tags: TagSet): DescribeSnapshotsRequest {
  return {
    OwnerIds: ['self'],
    Filters: Object.entries(tags).map(([key, value]) => ({ Name: `tag:${key}`, Values: [value] })),
  };
}

/** CreateTags / DeleteTags bodies. */
export function createTagsInput(resourceIds: readonly string[], tags: TagSet): CreateTagsRequest {
  return { Resources: [...resourceIds], Tags: toTags(tags) };
}

export function deleteTagsInput(resourceIds: readonly string[], keys: readonly string[]): DeleteTagsRequest {
  return { Resources: [...resourceIds], Tags: keys.map((Key) => ({ Key })) };
}

/** CopyImage parameters; absent values are left out rather than sent empty. */
export function copyImageInput(request: CopyImageRequest): CopyImageInput {
  const specs: TagSpecification[] = [];
  if (Object.keys(request.imageTags).length > 0) {
    specs.push({ ResourceType: 'image', Tags: toTags(request.imageTags) });
  }
  if (request.snapshotTags && Object.keys(request.snapshotTags).length > 0) {
    specs.push({ ResourceType: 'snapshot', Tags: toTags(request.snapshotTags) });
  }
  return {
    SourceImageId: request.sourceImageId,
    SourceRegion: request.sourceRegion,
    Name: request.name,
    ...(request.description !== undefined ? { Description: request.description } : {}),
    ...(request.encrypted ? { Encrypted: true } : {}),
    ...(request.kmsKeyId !== undefined ? { KmsKeyId: request.kmsKeyId } : {}),
    ClientToken: request.clientToken,
    ...(specs.length > 0 ? { TagSpecifications: specs } : {}),
    ...(request.completionDurationMinutes !== undefined
      ? { SnapshotCopyCompletionDurationMinutes: request.completionDurationMinutes }
      : {}),
  };
}

/** One launch permission entry as EC2 takes and gives it. */
export function toLaunchPermissionEntry(permission: LaunchPermission): SdkLaunchPermission {
  switch (permission.kind) {
    case 'account':
      return { UserId: permission.id };
    case 'organization':
      return { OrganizationArn: permission.arn };
    case 'organizational-unit':
      return { OrganizationalUnitArn: permission.arn };
    case 'public':
      return { Group: 'all' };
  }
}

export function fromLaunchPermissionEntry(entry: SdkLaunchPermission): LaunchPermission | undefined {
  if (entry.UserId) return { kind: 'account', id: entry.UserId };
  if (entry.OrganizationArn) return { kind: 'organization', arn: entry.OrganizationArn };
  if (entry.OrganizationalUnitArn) return { kind: 'organizational-unit', arn: entry.OrganizationalUnitArn };
  if (entry.Group === 'all') return { kind: 'public' };
  return undefined;
}

export function toImageInfo(image: Image): ImageInfo {
  const blockDevices = (image.BlockDeviceMappings ?? []).map((mapping) => ({
    deviceName: mapping.DeviceName ?? '',
    snapshotId: mapping.Ebs?.SnapshotId,
    volumeSizeGiB: mapping.Ebs?.VolumeSize,
    encrypted: mapping.Ebs?.Encrypted,
    kmsKeyId: mapping.Ebs?.KmsKeyId,
  }));
  return {
    imageId: image.ImageId ?? '',
    name: image.Name ?? '',
    description: image.Description,
    state: image.State ?? 'unknown',
    stateReason: image.StateReason
      ? { code: image.StateReason.Code ?? 'Unknown', message: image.StateReason.Message ?? '' }
      : undefined,
    ownerId: image.OwnerId,
    creationDate: image.CreationDate,
    encrypted: blockDevices.some((device) => device.encrypted === true),
    tags: fromTags(image.Tags),
    blockDevices,
    sourceImageId: image.SourceImageId,
    sourceImageRegion: image.SourceImageRegion,
    deregistrationProtection: image.DeregistrationProtection,
    deprecationTime: image.DeprecationTime,
  };
}

const COPY_DESCRIPTION = /Copied for DestinationAmi (ami-[0-9a-f]+)/;

export function toSnapshotInfo(snapshot: Snapshot): SnapshotInfo {
  const description = snapshot.Description ?? '';
  const progress = snapshot.Progress ? Number.parseFloat(snapshot.Progress) : Number.NaN;
  return {
    snapshotId: snapshot.SnapshotId ?? '',
    state: snapshot.State ?? 'unknown',
    progressPercent: Number.isFinite(progress) ? progress : undefined,
    description,
    volumeSizeGiB: snapshot.VolumeSize,
    destinationImageId: COPY_DESCRIPTION.exec(description)?.[1],
    tags: fromTags(snapshot.Tags),
  };
}

function toTags(tags: TagSet): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function fromTags(tags: Tag[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) result[tag.Key] = tag.Value ?? '';
  return result;
}
