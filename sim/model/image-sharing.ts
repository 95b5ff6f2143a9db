/**
 * Who may launch an image: ModifyImageAttribute (launch permissions for accounts, the public,
 * organizations and OUs; the description), DescribeImageAttribute, and the account's block
 * public access setting for AMIs (GetImageBlockPublicAccessState). Sharing is refused for an
 * image whose snapshots use the AWS-managed key, and public sharing while block public access
 * is on or when the image is encrypted at all.
 */
import type {
  DescribeImageAttributeRequest,
  GetEbsDefaultKmsKeyIdRequest,
  GetImageBlockPublicAccessStateRequest,
  ImageAttribute,
  ModifyImageAttributeRequest,
} from '@aws-sdk/client-ec2';
import type { CallContext } from './context.js';
import { awsError } from './errors.js';
import { ownImage } from './images.js';
import {
  deregistrationProtectionState,
  type ImageRecord,
  type LaunchPermissionRecord,
  type Store,
} from './store.js';

/** Accounts, organizations and OUs one AMI can be shared with. */
export const MAX_SHARING_ENTITIES = 1000;

const ITEM_PATTERNS: Record<keyof LaunchPermissionRecord, RegExp> = {
  UserId: /^\d{12}$/,
  Group: /^all$/,
  OrganizationArn: /^arn:aws[a-z-]*:organizations::\d{12}:organization\/o-[a-z0-9]{10,32}$/,
  OrganizationalUnitArn:
    /^arn:aws[a-z-]*:organizations::\d{12}:ou\/o-[a-z0-9]{10,32}\/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/,
};
const ITEM_TYPES: Record<keyof LaunchPermissionRecord, string> = {
  UserId: 'userId',
  Group: 'group',
  OrganizationArn: 'organizationArn',
  OrganizationalUnitArn: 'organizationalUnitArn',
};

export function modifyImageAttribute(store: Store, ctx: CallContext, input: ModifyImageAttributeRequest) {
  if (!input.ImageId) throw awsError('MissingParameter', 'The request must contain the parameter ImageId');
  const image = ownImage(store, ctx, input.ImageId);
  const attribute = input.Attribute;
  if (attribute !== undefined && !['description', 'launchPermission', 'imdsSupport'].includes(attribute)) {
    throw awsError('InvalidParameterValue', `Value (${attribute}) for parameter attribute is invalid.`);
  }
  const description =
    input.Description?.Value ?? (attribute === 'description' ? (input.Value ?? '') : undefined);
  if (description !== undefined) {
    image.description = description;
    return {};
  }
  if (input.ImdsSupport !== undefined || attribute === 'imdsSupport') {
    throw awsError('UnsupportedOperation', 'The simulator does not model the imdsSupport attribute.');
  }
  const { add, remove } = requestedChanges(input);
  for (const entry of [...add, ...remove]) checkEntry(entry);
  if (add.length > 0) refuseSharing(store, ctx, image, add);
  const next = image.launchPermissions.filter((p) => !remove.some((r) => samePermission(p, r)));
  for (const entry of add) if (!next.some((p) => samePermission(p, entry))) next.push(entry);
  if (next.filter((p) => p.Group === undefined).length > MAX_SHARING_ENTITIES) {
    throw awsError(
      'ResourceLimitExceeded',
      `An AMI can be shared with at most ${MAX_SHARING_ENTITIES} accounts, organizations and organizational units.`,
    );
  }
  image.launchPermissions = next;
  return {};
}

/** LaunchPermission.Add/Remove plus the older OperationType + UserIds/UserGroups/… form. */
function requestedChanges(input: ModifyImageAttributeRequest) {
  const add: LaunchPermissionRecord[] = (input.LaunchPermission?.Add ?? []).map(entryOf);
  const remove: LaunchPermissionRecord[] = (input.LaunchPermission?.Remove ?? []).map(entryOf);
  const flat: LaunchPermissionRecord[] = [
    ...(input.UserIds ?? []).map((UserId) => ({ UserId })),
    ...(input.UserGroups ?? []).map((Group) => ({ Group })),
    ...(input.OrganizationArns ?? []).map((OrganizationArn) => ({ OrganizationArn })),
    ...(input.OrganizationalUnitArns ?? []).map((OrganizationalUnitArn) => ({ OrganizationalUnitArn })),
  ];
  if (flat.length > 0) {
    if (input.OperationType === undefined) {
      throw awsError('MissingParameter', 'The request must contain the parameter OperationType');
    }
    if (input.OperationType !== 'add' && input.OperationType !== 'remove') {
      throw awsError(
        'InvalidParameterValue',
        `Value (${input.OperationType}) for parameter operationType is invalid.`,
      );
    }
    (input.OperationType === 'add' ? add : remove).push(...flat);
  }
  if (add.length === 0 && remove.length === 0) {
    throw awsError(
      'MissingParameter',
      'The request must contain the parameter LaunchPermission or Description',
    );
  }
  return { add, remove };
}

function entryOf(permission: LaunchPermissionRecord): LaunchPermissionRecord {
  return Object.fromEntries(
    Object.entries(permission).filter(([, value]) => value !== undefined),
  ) as LaunchPermissionRecord;
}

function checkEntry(entry: LaunchPermissionRecord): void {
  const fields = Object.keys(entry) as (keyof LaunchPermissionRecord)[];
  if (fields.length !== 1) {
    throw awsError(
      'InvalidParameterCombination',
      'Each launch permission must name exactly one of UserId, Group, OrganizationArn or OrganizationalUnitArn.',
    );
  }
  const [field] = fields as [keyof LaunchPermissionRecord];
  const value = entry[field] ?? '';
  if (!ITEM_PATTERNS[field].test(value)) {
    throw awsError(
      'InvalidAMIAttributeItemValue',
      `Invalid attribute item value "${value}" for ${ITEM_TYPES[field]} item type.`,
    );
  }
}

function samePermission(a: LaunchPermissionRecord, b: LaunchPermissionRecord): boolean {
  return (
    a.UserId === b.UserId &&
    a.Group === b.Group &&
    a.OrganizationArn === b.OrganizationArn &&
    a.OrganizationalUnitArn === b.OrganizationalUnitArn
  );
}

/** What stops new launch permissions: the AWS-managed key, then (public) the account setting and encryption. */
function refuseSharing(
  store: Store,
  ctx: CallContext,
  image: ImageRecord,
  add: readonly LaunchPermissionRecord[],
): void {
  const snapshots = image.blockDevices.map((d) => store.snapshots.get(d.snapshotId));
  if (snapshots.some((s) => s?.encrypted && store.kms.isAwsManaged(s.kmsKeyId))) {
    throw awsError(
      'InvalidParameter',
      "Snapshots encrypted with the AWS Managed CMK can't be shared. Specify another snapshot.",
    );
  }
  if (!add.some((p) => p.Group === 'all')) return;
  if (store.imageBlockPublicAccess(ctx.accountId, ctx.region) === 'block-new-sharing') {
    throw awsError(
      'OperationNotPermitted',
      'You can\u2019t publicly share this image because block public access for AMIs is enabled for this account. To publicly share the image, you must call the DisableImageBlockPublicAccess API.',
    );
  }
  if (image.blockDevices.some((d) => d.encrypted)) {
    throw awsError('InvalidParameter', 'Encrypted AMIs cannot be made public.');
  }
}

export function describeImageAttribute(store: Store, ctx: CallContext, input: DescribeImageAttributeRequest) {
  if (!input.ImageId) throw awsError('MissingParameter', 'The request must contain the parameter ImageId');
  if (!input.Attribute)
    throw awsError('MissingParameter', 'The request must contain the parameter Attribute');
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
    case 'productCodes':
      return { ...out, ProductCodes: [] };
    case 'lastLaunchedTime':
      return { ...out, LastLaunchedTime: {} };
    case 'deregistrationProtection':
      return {
        ...out,
        DeregistrationProtection: { Value: deregistrationProtectionState(image, ctx.now) },
      };
    default:
      throw awsError(
        'InvalidParameterValue',
        `Value (${input.Attribute}) for parameter attribute is invalid. Unknown attribute.`,
      );
  }
}

export function getImageBlockPublicAccessState(
  store: Store,
  ctx: CallContext,
  _input: GetImageBlockPublicAccessStateRequest,
) {
  return {
    ImageBlockPublicAccessState: store.imageBlockPublicAccess(ctx.accountId, ctx.region),
    ManagedBy: 'account',
  };
}

/** GetEbsDefaultKmsKeyId: the key EBS encrypts with in this region when none is named. */
export function getEbsDefaultKmsKeyId(store: Store, ctx: CallContext, _input: GetEbsDefaultKmsKeyIdRequest) {
  return { KmsKeyId: store.kms.ebsDefaultReference(ctx.accountId, ctx.region) };
}
