/**
 * Who may create volumes from a snapshot: ModifySnapshotAttribute (createVolumePermission for
 * accounts and the public) and DescribeSnapshotAttribute. A snapshot encrypted with the
 * AWS-managed key (`aws/ebs`) cannot be shared at all, and no encrypted snapshot can be public.
 */
import type { DescribeSnapshotAttributeRequest, ModifySnapshotAttributeRequest } from '@aws-sdk/client-ec2';
import type { CallContext } from './context.js';
import { awsError } from './errors.js';
import { ownSnapshot } from './snapshots.js';
import type { Store } from './store.js';

interface VolumePermission {
  readonly UserId?: string | undefined;
  readonly Group?: string | undefined;
}

export function modifySnapshotAttribute(
  store: Store,
  ctx: CallContext,
  input: ModifySnapshotAttributeRequest,
) {
  if (!input.SnapshotId)
    throw awsError('MissingParameter', 'The request must contain the parameter SnapshotId');
  const snapshot = ownSnapshot(store, ctx, input.SnapshotId);
  if (input.Attribute !== undefined && input.Attribute !== 'createVolumePermission') {
    throw awsError('InvalidParameterValue', `Value (${input.Attribute}) for parameter attribute is invalid.`);
  }
  const add = (input.CreateVolumePermission?.Add ?? []).map(permissionKey);
  const remove = (input.CreateVolumePermission?.Remove ?? []).map(permissionKey);
  const flat = [
    ...(input.UserIds ?? []).map((id) => checkPermissionValue(id, 'userId')),
    ...(input.GroupNames ?? []).map((group) => checkPermissionValue(group, 'group')),
  ];
  if (flat.length > 0) {
    if (input.OperationType !== 'add' && input.OperationType !== 'remove') {
      throw awsError(
        input.OperationType === undefined ? 'MissingParameter' : 'InvalidParameterValue',
        input.OperationType === undefined
          ? 'The request must contain the parameter OperationType'
          : `Value (${input.OperationType}) for parameter operationType is invalid.`,
      );
    }
    (input.OperationType === 'add' ? add : remove).push(...flat);
  }
  if (add.length + remove.length === 0) {
    throw awsError('MissingParameter', 'The request must contain the parameter CreateVolumePermission');
  }
  if (add.length > 0 && remove.length > 0) {
    throw awsError(
      'InvalidParameterCombination',
      'You can either add or remove create volume permissions in one request, not both.',
    );
  }
  if (add.length > 0 && snapshot.encrypted && store.kms.isAwsManaged(snapshot.kmsKeyId)) {
    throw awsError('OperationNotPermitted', 'Encrypted snapshots with EBS default key cannot be shared');
  }
  if (add.includes('all') && snapshot.encrypted) {
    throw awsError('OperationNotPermitted', 'Encrypted snapshots cannot be made public');
  }
  for (const id of remove) snapshot.createVolumePermissions.delete(id);
  for (const id of add) snapshot.createVolumePermissions.add(id);
  return {};
}

/** `{UserId}` -> the account id, `{Group: 'all'}` -> 'all' (how the record keeps them). */
function permissionKey(permission: VolumePermission): string {
  const given = [permission.UserId, permission.Group].filter((v) => v !== undefined);
  if (given.length !== 1) {
    throw awsError(
      'InvalidParameterCombination',
      'Each create volume permission must name exactly one of UserId or Group.',
    );
  }
  return checkPermissionValue(given[0] ?? '', permission.UserId !== undefined ? 'userId' : 'group');
}

function checkPermissionValue(value: string, kind: 'userId' | 'group'): string {
  const valid = kind === 'userId' ? /^\d{12}$/.test(value) : value === 'all';
  if (!valid) throw awsError('InvalidParameterValue', `Value (${value}) for parameter ${kind} is invalid.`);
  return value;
}

export function describeSnapshotAttribute(
  store: Store,
  ctx: CallContext,
  input: DescribeSnapshotAttributeRequest,
) {
  if (!input.SnapshotId)
    throw awsError('MissingParameter', 'The request must contain the parameter SnapshotId');
  if (!input.Attribute)
    throw awsError('MissingParameter', 'The request must contain the parameter Attribute');
  const snapshot = ownSnapshot(store, ctx, input.SnapshotId);
  switch (input.Attribute) {
    case 'createVolumePermission':
      return {
        SnapshotId: snapshot.snapshotId,
        CreateVolumePermissions: [...snapshot.createVolumePermissions].map((id) =>
          id === 'all' ? { Group: 'all' as const } : { UserId: id },
        ),
      };
    case 'productCodes':
      return { SnapshotId: snapshot.snapshotId, ProductCodes: [] };
    default:
      throw awsError(
        'InvalidParameterValue',
        `Value (${input.Attribute}) for parameter attribute is invalid. Unknown attribute.`,
      );
  }
}
