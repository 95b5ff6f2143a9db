/** How images look from a caller's side: visibility, DescribeImages, the SDK-shaped view. */
import type { DescribeImagesRequest, Image } from '@aws-sdk/client-ec2';
import type { CallContext } from './context.js';
import { isoTime, paginate, secondsIsoTime } from './context.js';
import { awsError } from './errors.js';
import { matchesFilters, tagFilterValues } from './filters.js';
import { deregistrationProtectionState, type ImageRecord, imageStateAt, type Store } from './store.js';
import { tagList } from './tags.js';

const IMAGE_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;

export function checkImageId(imageId: string): void {
  if (!IMAGE_ID.test(imageId)) {
    throw awsError('InvalidAMIID.Malformed', `Invalid id: "${imageId}" (expecting "ami-...")`);
  }
}

export function imageNotFound(imageIds: readonly string[]) {
  return awsError('InvalidAMIID.NotFound', `The image id '[${imageIds.join(', ')}]' does not exist`);
}

export function isPublic(image: ImageRecord): boolean {
  return image.launchPermissions.some((p) => p.Group === 'all');
}

export function canSee(image: ImageRecord, accountId: string): boolean {
  return (
    image.accountId === accountId ||
    isPublic(image) ||
    image.launchPermissions.some((p) => p.UserId === accountId)
  );
}

/** An image of the caller's region that the caller can see, or InvalidAMIID.* errors. */
export function visibleImage(store: Store, ctx: CallContext, imageId: string): ImageRecord {
  checkImageId(imageId);
  const image = store.imageIn(ctx.region, imageId);
  if (!image || !canSee(image, ctx.accountId)) throw imageNotFound([imageId]);
  return image;
}

/** An image the caller owns in its region (for modifications). */
export function ownImage(store: Store, ctx: CallContext, imageId: string): ImageRecord {
  const image = visibleImage(store, ctx, imageId);
  if (image.accountId !== ctx.accountId) {
    throw awsError('AuthFailure', `Not authorized for image:${imageId}`, 401);
  }
  return image;
}

export function describeImages(store: Store, ctx: CallContext, input: DescribeImagesRequest) {
  const ids = input.ImageIds ?? [];
  for (const id of ids) checkImageId(id);
  let images: ImageRecord[];
  if (ids.length > 0) {
    const found = ids.map((id) => store.imageIn(ctx.region, id)).filter((i): i is ImageRecord => !!i);
    const visible = found.filter((i) => canSee(i, ctx.accountId));
    const missing = ids.filter((id) => !visible.some((i) => i.imageId === id));
    if (missing.length > 0) throw imageNotFound(missing);
    images = [...new Set(visible)];
  } else {
    images = [...store.images.values()].filter((i) => i.region === ctx.region && canSee(i, ctx.accountId));
  }
  const owners = (input.Owners ?? []).map((o) => (o === 'self' ? ctx.accountId : o));
  if (owners.length > 0) images = images.filter((i) => owners.includes(i.accountId));
  const executable = input.ExecutableUsers ?? [];
  if (executable.length > 0) {
    images = images.filter((i) =>
      executable.some((u) =>
        u === 'all'
          ? isPublic(i)
          : i.launchPermissions.some((p) => p.UserId === (u === 'self' ? ctx.accountId : u)),
      ),
    );
  }
  if (ids.length === 0 && !input.IncludeDeprecated) {
    images = images.filter(
      (i) => i.accountId === ctx.accountId || i.deprecationTime === undefined || i.deprecationTime > ctx.now,
    );
  }
  images = images.filter((i) => matchesFilters(input.Filters, (name) => imageFilterValues(i, name, ctx)));
  const { page, nextToken } = paginate(images, input.MaxResults, input.NextToken);
  return { Images: page.map((i) => imageView(store, i, ctx)), NextToken: nextToken };
}

function imageFilterValues(
  image: ImageRecord,
  name: string,
  ctx: CallContext,
): readonly string[] | undefined {
  const state = imageStateAt(image, ctx.now).state;
  const bool = (b: boolean) => [String(b)];
  switch (name) {
    case 'name':
      return [image.name];
    case 'state':
      return [state];
    case 'image-id':
      return [image.imageId];
    case 'owner-id':
      return [image.accountId];
    case 'description':
      return image.description === undefined ? [] : [image.description];
    case 'architecture':
      return [image.architecture];
    case 'is-public':
      return bool(isPublic(image));
    case 'image-type':
      return ['machine'];
    case 'root-device-type':
      return ['ebs'];
    case 'virtualization-type':
      return ['hvm'];
    case 'hypervisor':
      return ['xen'];
    case 'block-device-mapping.encrypted':
      return bool(image.blockDevices.some((d) => d.encrypted));
    case 'block-device-mapping.snapshot-id':
      return image.blockDevices.map((d) => d.snapshotId);
    case 'block-device-mapping.volume-size':
      return image.blockDevices.map((d) => String(d.volumeSize));
    case 'block-device-mapping.device-name':
      return image.blockDevices.map((d) => d.deviceName);
    case 'source-image-id':
      return image.copy ? [image.copy.sourceImageId] : [];
    case 'source-image-region':
      return image.copy ? [image.copy.sourceRegion] : [];
    default:
      return image.accountId === ctx.accountId
        ? tagFilterValues(name, image.tags)
        : tagFilterValues(name, new Map());
  }
}

/** The image as DescribeImages returns it to `ctx`'s account (tags are the owner's alone). */
export function imageView(store: Store, image: ImageRecord, ctx: CallContext): Image {
  const { state, reason } = imageStateAt(image, ctx.now);
  const hideSnapshots =
    state === 'pending' && image.copy !== undefined && !store.settings.pendingImageListsSnapshots;
  const tags = image.accountId === ctx.accountId ? tagList(image.tags) : [];
  return {
    ImageId: image.imageId,
    ImageLocation: `${image.accountId}/${image.name}`,
    State: state as Image['State'],
    OwnerId: image.accountId,
    CreationDate: isoTime(image.createdAt),
    Public: isPublic(image),
    Architecture: image.architecture as Image['Architecture'],
    ImageType: 'machine',
    Name: image.name,
    ...(image.description !== undefined ? { Description: image.description } : {}),
    RootDeviceType: 'ebs',
    RootDeviceName: image.rootDeviceName,
    BlockDeviceMappings: image.blockDevices.map((d) => ({
      DeviceName: d.deviceName,
      Ebs: {
        DeleteOnTermination: d.deleteOnTermination,
        ...(hideSnapshots ? {} : { SnapshotId: d.snapshotId }),
        VolumeSize: d.volumeSize,
        VolumeType: d.volumeType as 'gp3',
        Encrypted: d.encrypted,
        ...(d.encrypted && !hideSnapshots && d.snapshotId
          ? { KmsKeyId: store.snapshotIn(image.region, d.snapshotId)?.kmsKeyId }
          : {}),
      },
    })),
    VirtualizationType: 'hvm',
    ...(tags.length > 0 ? { Tags: tags } : {}),
    Hypervisor: 'xen',
    EnaSupport: true,
    PlatformDetails: 'Linux/UNIX',
    UsageOperation: 'RunInstances',
    ...(reason ? { StateReason: { Code: reason.code, Message: reason.message } } : {}),
    ...(image.deprecationTime !== undefined
      ? { DeprecationTime: secondsIsoTime(image.deprecationTime) }
      : {}),
    DeregistrationProtection: deregistrationProtectionState(image, ctx.now),
    ...(image.copy
      ? { SourceImageId: image.copy.sourceImageId, SourceImageRegion: image.copy.sourceRegion }
      : {}),
  };
}
