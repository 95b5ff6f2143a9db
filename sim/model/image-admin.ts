/**
 * The other EC2 operations on images and snapshots: tags, deregistration, deletion, sharing
 * attributes, deprecation, and DescribeRegions.
 */
import type {
  CreateTagsRequest,
  DeleteTagsRequest,
  DeregisterImageRequest,
  DescribeImageAttributeRequest,
  DescribeRegionsRequest,
  EnableImageDeprecationRequest,
  ImageAttribute,
  ModifyImageAttributeRequest,
  ModifySnapshotAttributeRequest,
} from '@aws-sdk/client-ec2';
import type { CallContext } from './context.js';
import { awsError } from './errors.js';
import { matchesFilters } from './filters.js';
import { checkImageId, imageNotFound, ownImage } from './images.js';
import { DEFAULT_REGIONS, OPT_IN_REGIONS, type OptInStatus, regionEnabled } from './regions.js';
import { checkSnapshotId, ownSnapshot, snapshotNotFound } from './snapshots.js';
import type { LaunchPermissionRecord, Store } from './store.js';
import { applyTags, checkTag } from './tags.js';

function taggable(store: Store, ctx: CallContext, resourceId: string): Map<string, string> {
  if (resourceId.startsWith('ami-')) {
    checkImageId(resourceId);
    const image = store.imageIn(ctx.region, resourceId);
    if (!image || image.accountId !== ctx.accountId) throw imageNotFound([resourceId]);
    return image.tags;
  }
  if (resourceId.startsWith('snap-')) {
    checkSnapshotId(resourceId);
    const snapshot = store.snapshotIn(ctx.region, resourceId);
    if (!snapshot || snapshot.accountId !== ctx.accountId) throw snapshotNotFound(resourceId);
    return snapshot.tags;
  }
  throw awsError('InvalidID', `The ID '${resourceId}' is not valid`);
}

export function createTags(store: Store, ctx: CallContext, input: CreateTagsRequest) {
  const resources = input.Resources ?? [];
  if (resources.length === 0)
    throw awsError('MissingParameter', 'The request must contain the parameter resourceIdSet');
  const targets = resources.map((id) => taggable(store, ctx, id));
  const tags = input.Tags ?? [];
  for (const target of targets) applyTags(new Map(target), tags);
  for (const target of targets) applyTags(target, tags);
  return {};
}

export function deleteTags(store: Store, ctx: CallContext, input: DeleteTagsRequest) {
  const resources = input.Resources ?? [];
  if (resources.length === 0)
    throw awsError('MissingParameter', 'The request must contain the parameter resourceIdSet');
  const targets = resources.map((id) => taggable(store, ctx, id));
  for (const target of targets) {
    if (!input.Tags || input.Tags.length === 0) {
      for (const key of [...target.keys()]) if (!key.startsWith('aws:')) target.delete(key);
      continue;
    }
    for (const tag of input.Tags) {
      const { key } = checkTag({ Key: tag.Key, Value: '' });
      if (tag.Value === undefined || target.get(key) === tag.Value) target.delete(key);
    }
  }
  return {};
}

export function deregisterImage(store: Store, ctx: CallContext, input: DeregisterImageRequest) {
  if (!input.ImageId) throw awsError('MissingParameter', 'The request must contain the parameter ImageId');
  const image = ownImage(store, ctx, input.ImageId);
  store.images.delete(image.imageId);
  if (!input.DeleteAssociatedSnapshots) return { Return: true };
  const results = image.blockDevices.map((device) => {
    const inUse = [...store.images.values()].some((i) =>
      i.blockDevices.some((d) => d.snapshotId === device.snapshotId),
    );
    if (inUse) return { SnapshotId: device.snapshotId, ReturnCode: 'error' as const };
    store.snapshots.delete(device.snapshotId);
    return { SnapshotId: device.snapshotId, ReturnCode: 'success' as const };
  });
  return { Return: true, DeleteSnapshotResults: results };
}

export function deleteSnapshot(store: Store, ctx: CallContext, input: { SnapshotId?: string }) {
  if (!input.SnapshotId)
    throw awsError('MissingParameter', 'The request must contain the parameter SnapshotId');
  const snapshot = ownSnapshot(store, ctx, input.SnapshotId);
  const user = [...store.images.values()].find(
    (i) => i.region === ctx.region && i.blockDevices.some((d) => d.snapshotId === snapshot.snapshotId),
  );
  if (user) {
    throw awsError(
      'InvalidSnapshot.InUse',
      `The snapshot ${snapshot.snapshotId} is currently in use by ${user.imageId}`,
    );
  }
  store.snapshots.delete(snapshot.snapshotId);
  return {};
}

export function modifyImageAttribute(store: Store, ctx: CallContext, input: ModifyImageAttributeRequest) {
  if (!input.ImageId) throw awsError('MissingParameter', 'The request must contain the parameter ImageId');
  const image = ownImage(store, ctx, input.ImageId);
  if (input.Description?.Value !== undefined) {
    image.description = input.Description.Value;
    return {};
  }
  let add: LaunchPermissionRecord[] = [...(input.LaunchPermission?.Add ?? [])];
  let remove: LaunchPermissionRecord[] = [...(input.LaunchPermission?.Remove ?? [])];
  const flat: LaunchPermissionRecord[] = [
    ...(input.UserIds ?? []).map((UserId) => ({ UserId })),
    ...(input.UserGroups ?? []).map((Group) => ({ Group })),
    ...(input.OrganizationArns ?? []).map((OrganizationArn) => ({ OrganizationArn })),
    ...(input.OrganizationalUnitArns ?? []).map((OrganizationalUnitArn) => ({ OrganizationalUnitArn })),
  ];
  if (flat.length > 0) {
    if (input.OperationType === 'remove') remove = remove.concat(flat);
    else add = add.concat(flat);
  }
  if (add.length === 0 && remove.length === 0) {
    throw awsError(
      'MissingParameter',
      'The request must contain the parameter LaunchPermission or Description',
    );
  }
  for (const entry of add) {
    if (entry.UserId !== undefined && !/^\d{12}$/.test(entry.UserId)) {
      throw awsError(
        'InvalidAMIAttributeItemValue',
        `Invalid attribute item value "${entry.UserId}" for userId item type.`,
      );
    }
    if (entry.Group !== undefined && entry.Group !== 'all') {
      throw awsError(
        'InvalidAMIAttributeItemValue',
        `Invalid attribute item value "${entry.Group}" for group item type.`,
      );
    }
  }
  const same = (a: LaunchPermissionRecord, b: LaunchPermissionRecord) =>
    a.UserId === b.UserId &&
    a.Group === b.Group &&
    a.OrganizationArn === b.OrganizationArn &&
    a.OrganizationalUnitArn === b.OrganizationalUnitArn;
  let next = image.launchPermissions.filter((p) => !remove.some((r) => same(p, r)));
  for (const entry of add) if (!next.some((p) => same(p, entry))) next = next.concat(clean(entry));
  if (next.length > 1000)
    throw awsError('ResourceLimitExceeded', 'An AMI can be shared with at most 1000 entities.');
  image.launchPermissions = next;
  return {};
}

function clean(entry: LaunchPermissionRecord): LaunchPermissionRecord {
  return Object.fromEntries(
    Object.entries(entry).filter(([, v]) => v !== undefined),
  ) as LaunchPermissionRecord;
}

export function describeImageAttribute(store: Store, ctx: CallContext, input: DescribeImageAttributeRequest) {
  if (!input.ImageId) throw awsError('MissingParameter', 'The request must contain the parameter ImageId');
  const image = ownImage(store, ctx, input.ImageId);
  const out: ImageAttribute = { ImageId: image.imageId };
  switch (input.Attribute) {
    case 'launchPermission':
      return { ...out, LaunchPermissions: image.launchPermissions.map((p) => ({ ...p })) };
    case 'description':
      return { ...out, Description: image.description === undefined ? {} : { Value: image.description } };
    case 'blockDeviceMapping':
      return {
        ...out,
        BlockDeviceMappings: image.blockDevices.map((d) => ({
          DeviceName: d.deviceName,
          Ebs: { SnapshotId: d.snapshotId, VolumeSize: d.volumeSize, Encrypted: d.encrypted },
        })),
      };
    case 'lastLaunchedTime':
      return { ...out, LastLaunchedTime: {} };
    case 'deregistrationProtection':
      return { ...out, DeregistrationProtection: { Value: 'disabled' } };
    default:
      throw awsError(
        'InvalidRequest',
        `Value (${input.Attribute ?? ''}) for parameter attribute is invalid. Unknown attribute.`,
      );
  }
}

export function modifySnapshotAttribute(
  store: Store,
  ctx: CallContext,
  input: ModifySnapshotAttributeRequest,
) {
  if (!input.SnapshotId)
    throw awsError('MissingParameter', 'The request must contain the parameter SnapshotId');
  const snapshot = ownSnapshot(store, ctx, input.SnapshotId);
  const add = (input.CreateVolumePermission?.Add ?? []).map((p) => p.UserId ?? p.Group ?? '');
  const remove = (input.CreateVolumePermission?.Remove ?? []).map((p) => p.UserId ?? p.Group ?? '');
  const flat = [...(input.UserIds ?? []), ...(input.GroupNames ?? [])];
  if (input.OperationType === 'remove') remove.push(...flat);
  else add.push(...flat);
  if (add.length + remove.length === 0) {
    throw awsError('MissingParameter', 'The request must contain the parameter CreateVolumePermission');
  }
  if (
    add.length > 0 &&
    snapshot.encrypted &&
    store.kms.list().some((k) => k.arn === snapshot.kmsKeyId && k.awsManaged)
  ) {
    throw awsError(
      'InvalidParameter',
      'Snapshots encrypted with the AWS Managed CMK can\u2019t be shared. Try again with a customer managed CMK.',
    );
  }
  for (const id of remove) snapshot.createVolumePermissions.delete(id);
  for (const id of add) snapshot.createVolumePermissions.add(id);
  return {};
}

export function enableImageDeprecation(store: Store, ctx: CallContext, input: EnableImageDeprecationRequest) {
  if (!input.ImageId) throw awsError('MissingParameter', 'The request must contain the parameter ImageId');
  if (!input.DeprecateAt)
    throw awsError('MissingParameter', 'The request must contain the parameter DeprecateAt');
  const image = ownImage(store, ctx, input.ImageId);
  const at = new Date(input.DeprecateAt).getTime();
  if (Number.isNaN(at)) throw awsError('InvalidParameterValue', 'Invalid value for parameter DeprecateAt');
  const rounded = Math.ceil(at / 60_000) * 60_000;
  if (rounded <= ctx.now)
    throw awsError('InvalidParameterValue', 'The deprecation time must be in the future.');
  if (rounded > ctx.now + 10 * 366 * 24 * 3600_000) {
    throw awsError('InvalidParameterValue', 'The deprecation time can be at most 10 years in the future.');
  }
  image.deprecationTime = rounded;
  return { Return: true };
}

export function describeRegions(
  optIn: (region: string) => OptInStatus | undefined,
  input: DescribeRegionsRequest,
) {
  const all = [...DEFAULT_REGIONS, ...OPT_IN_REGIONS];
  for (const name of input.RegionNames ?? []) {
    if (!all.includes(name)) throw awsError('InvalidParameterValue', `Invalid region name: ${name}`);
  }
  const regions = all
    .filter((name) => !input.RegionNames?.length || input.RegionNames.includes(name))
    .map((name) => ({ name, status: optIn(name) ?? 'not-opted-in' }))
    .filter((r) => input.AllRegions || input.RegionNames?.length || regionEnabled(r.status))
    .filter((r) =>
      matchesFilters(input.Filters, (filter) =>
        filter === 'region-name'
          ? [r.name]
          : filter === 'opt-in-status'
            ? [r.status]
            : filter === 'endpoint'
              ? [`ec2.${r.name}.amazonaws.com`]
              : undefined,
      ),
    );
  return {
    Regions: regions.map((r) => ({
      RegionName: r.name,
      Endpoint: `ec2.${r.name}.amazonaws.com`,
      OptInStatus: r.status,
    })),
  };
}
