/** How snapshots look from a caller's side: visibility, DescribeSnapshots, the SDK-shaped view. */
import type { DescribeSnapshotsRequest, Snapshot } from '@aws-sdk/client-ec2';
import type { CallContext } from './context.js';
import { paginate } from './context.js';
import { awsError } from './errors.js';
import { matchesFilters, tagFilterValues } from './filters.js';
import { type SnapshotRecord, type Store, snapshotStateAt } from './store.js';
import { tagList } from './tags.js';

const SNAPSHOT_ID = /^snap-([0-9a-f]{8}|[0-9a-f]{17})$/;

export function checkSnapshotId(snapshotId: string): void {
  if (!SNAPSHOT_ID.test(snapshotId)) {
    throw awsError('InvalidSnapshotID.Malformed', `Invalid id: "${snapshotId}" (expecting "snap-...")`);
  }
}

export function snapshotNotFound(snapshotId: string) {
  return awsError('InvalidSnapshot.NotFound', `The snapshot '${snapshotId}' does not exist.`);
}

function canSee(snapshot: SnapshotRecord, accountId: string): boolean {
  return (
    snapshot.accountId === accountId ||
    snapshot.createVolumePermissions.has(accountId) ||
    snapshot.createVolumePermissions.has('all')
  );
}

export function ownSnapshot(store: Store, ctx: CallContext, snapshotId: string): SnapshotRecord {
  checkSnapshotId(snapshotId);
  const snapshot = store.snapshotIn(ctx.region, snapshotId);
  if (!snapshot || !canSee(snapshot, ctx.accountId)) throw snapshotNotFound(snapshotId);
  if (snapshot.accountId !== ctx.accountId) {
    throw awsError('AuthFailure', `Not authorized for snapshot:${snapshotId}`, 401);
  }
  return snapshot;
}

export function describeSnapshots(store: Store, ctx: CallContext, input: DescribeSnapshotsRequest) {
  const ids = input.SnapshotIds ?? [];
  for (const id of ids) checkSnapshotId(id);
  let snapshots: SnapshotRecord[];
  if (ids.length > 0) {
    snapshots = [];
    for (const id of ids) {
      const snapshot = store.snapshotIn(ctx.region, id);
      if (!snapshot || !canSee(snapshot, ctx.accountId)) throw snapshotNotFound(id);
      if (!snapshots.includes(snapshot)) snapshots.push(snapshot);
    }
  } else {
    snapshots = [...store.snapshots.values()].filter(
      (s) => s.region === ctx.region && canSee(s, ctx.accountId),
    );
  }
  const owners = (input.OwnerIds ?? []).map((o) => (o === 'self' ? ctx.accountId : o));
  if (owners.length > 0) snapshots = snapshots.filter((s) => owners.includes(s.accountId));
  const restorable = input.RestorableByUserIds ?? [];
  if (restorable.length > 0) {
    snapshots = snapshots.filter((s) => restorable.some((u) => s.createVolumePermissions.has(u)));
  }
  snapshots = snapshots.filter((s) =>
    matchesFilters(input.Filters, (name) => snapshotFilterValues(s, name, ctx)),
  );
  const { page, nextToken } = paginate(snapshots, input.MaxResults, input.NextToken);
  return { Snapshots: page.map((s) => snapshotView(s, ctx)), NextToken: nextToken };
}

function snapshotFilterValues(snapshot: SnapshotRecord, name: string, ctx: CallContext) {
  const view = snapshotStateAt(snapshot, ctx.now);
  switch (name) {
    case 'snapshot-id':
      return [snapshot.snapshotId];
    case 'description':
      return [snapshot.description];
    case 'status':
      return [view.state];
    case 'progress':
      return [view.progress];
    case 'owner-id':
      return [snapshot.accountId];
    case 'volume-id':
      return [snapshot.volumeId];
    case 'volume-size':
      return [String(snapshot.volumeSize)];
    case 'encrypted':
      return [String(snapshot.encrypted)];
    case 'kms-key-id':
      return snapshot.kmsKeyId ? [snapshot.kmsKeyId] : [];
    case 'start-time':
      return [new Date(snapshot.startTime).toISOString()];
    default:
      return tagFilterValues(name, snapshot.accountId === ctx.accountId ? snapshot.tags : new Map());
  }
}

export function snapshotView(snapshot: SnapshotRecord, ctx: CallContext): Snapshot {
  const view = snapshotStateAt(snapshot, ctx.now);
  const tags = snapshot.accountId === ctx.accountId ? tagList(snapshot.tags) : [];
  const copy = snapshot.copy;
  return {
    SnapshotId: snapshot.snapshotId,
    VolumeId: snapshot.volumeId,
    State: view.state,
    ...(view.message ? { StateMessage: view.message } : {}),
    StartTime: new Date(snapshot.startTime),
    Progress: view.progress,
    OwnerId: snapshot.accountId,
    Description: snapshot.description,
    VolumeSize: snapshot.volumeSize,
    Encrypted: snapshot.encrypted,
    ...(snapshot.kmsKeyId ? { KmsKeyId: snapshot.kmsKeyId } : {}),
    ...(tags.length > 0 ? { Tags: tags } : {}),
    StorageTier: 'standard',
    ...(copy?.timeBasedMinutes
      ? { TransferType: 'time-based', CompletionDurationMinutes: copy.timeBasedMinutes }
      : copy
        ? { TransferType: 'standard' }
        : {}),
    ...(copy && view.state === 'completed' ? { CompletionTime: new Date(copy.completesAt) } : {}),
  };
}
