/**
 * The other EC2 operations on images and snapshots: tags, deregistration, deletion, and
 * DescribeRegions. Sharing is in image-sharing.ts / snapshot-sharing.ts, deprecation and
 * deregistration protection in deprecation.ts / protection.ts.
 */
import type {
  CreateTagsRequest,
  DeleteTagsRequest,
  DeregisterImageRequest,
  DescribeRegionsRequest,
} from '@aws-sdk/client-ec2';
import type { CallContext } from './context.js';
import { awsError } from './errors.js';
import { matchesFilters } from './filters.js';
import { checkImageId, imageNotFound, ownImage } from './images.js';
import { refuseIfProtected } from './protection.js';
import { DEFAULT_REGIONS, OPT_IN_REGIONS, type OptInStatus, regionEnabled } from './regions.js';
import { checkSnapshotId, ownSnapshot, snapshotNotFound } from './snapshots.js';
import type { Store } from './store.js';
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
  refuseIfProtected(image, ctx.now);
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
