/**
 * What an EC2 request must be authorized for, before it runs: one (permission, resource ARN,
 * condition keys) entry per resource the request touches, as IAM evaluates EC2 calls.
 * Resource tags are read from the store as their owner sees them; a resource that does not
 * exist is evaluated without tags (the action then answers NotFound, if it is allowed to run).
 *
 * Modelled: the actions on one image or snapshot (deregistration, deletion, attributes,
 * sharing with `ec2:Add/*` / `ec2:Remove/*`, deprecation, deregistration protection),
 * CreateTags, DeleteTags and CopyImage (the new image, the source image, tag on create), the
 * launch template actions (on `launch-template/<id>` with its tags; CreateLaunchTemplate on
 * `launch-template/*` with the requested tags, plus tag on create). The Describe* calls and
 * GetImageBlockPublicAccessState are checked on resource `*`.
 */
import type {
  CopyImageRequest,
  CreateLaunchTemplateRequest,
  CreateTagsRequest,
  DeleteTagsRequest,
  ModifyImageAttributeRequest,
  ModifySnapshotAttributeRequest,
} from '@aws-sdk/client-ec2';
import { type TemplateReference, templateById, templateByName } from './launch-templates-lookup.js';
import type { Ec2Action, Ec2Inputs } from './operations.js';
import { type AuthorizationRequest, type RequestContext, requestContext } from './policy.js';
import type { Store } from './store.js';

export interface Caller {
  readonly region: string;
  readonly accountId: string;
}

interface Tag {
  readonly Key?: string | undefined;
  readonly Value?: string | undefined;
}

// Images and snapshots have no account in their ARNs (the documented policy's patterns rely on it).
export const imageArn = (region: string, imageId: string) => `arn:aws:ec2:${region}::image/${imageId}`;
export const snapshotArn = (region: string, snapshotId: string) =>
  `arn:aws:ec2:${region}::snapshot/${snapshotId}`;
export const launchTemplateArn = (region: string, accountId: string, launchTemplateId: string) =>
  `arn:aws:ec2:${region}:${accountId}:launch-template/${launchTemplateId}`;

export function requiredAuthorizations<A extends Ec2Action>(
  store: Store,
  caller: Caller,
  action: A,
  input: Ec2Inputs[A],
): AuthorizationRequest[] {
  const permission = `ec2:${action}`;
  switch (action) {
    case 'DeregisterImage':
    case 'DescribeImageAttribute':
    case 'EnableImageDeprecation':
    case 'DisableImageDeprecation':
    case 'EnableImageDeregistrationProtection':
    case 'DisableImageDeregistrationProtection': {
      const { ImageId } = input as { ImageId?: string };
      return [onResource(store, caller, permission, ImageId ?? '', {}, 'ami')];
    }
    case 'ModifyImageAttribute': {
      const request = input as ModifyImageAttributeRequest;
      return [onResource(store, caller, permission, request.ImageId ?? '', imageSharingKeys(request), 'ami')];
    }
    case 'DeleteSnapshot':
    case 'DescribeSnapshotAttribute': {
      const { SnapshotId } = input as { SnapshotId?: string };
      return [onResource(store, caller, permission, SnapshotId ?? '', {}, 'snap')];
    }
    case 'ModifySnapshotAttribute': {
      const request = input as ModifySnapshotAttributeRequest;
      return [
        onResource(store, caller, permission, request.SnapshotId ?? '', snapshotSharingKeys(request), 'snap'),
      ];
    }
    case 'CreateTags':
    case 'DeleteTags':
      return tagging(store, caller, `ec2:${action}`, input as CreateTagsRequest | DeleteTagsRequest);
    case 'CopyImage':
      return copyImage(store, caller, input as CopyImageRequest);
    case 'CreateLaunchTemplate':
      return createLaunchTemplate(caller, input as CreateLaunchTemplateRequest);
    case 'CreateLaunchTemplateVersion':
    case 'ModifyLaunchTemplate':
    case 'DeleteLaunchTemplate':
      return [onLaunchTemplate(store, caller, permission, input as TemplateReference)];
    default:
      return [{ action: `ec2:${action}`, resource: '*' }];
  }
}

/** CreateTags / DeleteTags: one check per resource, with its current and the requested tags. */
function tagging(
  store: Store,
  caller: Caller,
  permission: string,
  input: CreateTagsRequest | DeleteTagsRequest,
): AuthorizationRequest[] {
  const ids = input.Resources ?? [];
  // No resource named: still ask for the permission, so a caller without it learns nothing more.
  if (ids.length === 0) return [{ action: permission, resource: '*' }];
  const requested = requestTags(input.Tags);
  return ids.map((id) => onResource(store, caller, permission, id, requested));
}

function copyImage(store: Store, caller: Caller, input: CopyImageRequest): AuthorizationRequest[] {
  const specTags = (type: string) =>
    (input.TagSpecifications ?? []).filter((s) => s.ResourceType === type).flatMap((s) => s.Tags ?? []);
  const imageTags = specTags('image');
  const snapshotTags = specTags('snapshot');
  const newImage = imageArn(caller.region, '*');
  const needed: AuthorizationRequest[] = [
    { action: 'ec2:CopyImage', resource: newImage, context: requestTags(imageTags) },
  ];
  // Since late 2024 IAM also evaluates ec2:CopyImage on the source image.
  if (input.SourceImageId && input.SourceRegion) {
    const source = store.imageIn(input.SourceRegion, input.SourceImageId);
    needed.push({
      action: 'ec2:CopyImage',
      resource: imageArn(input.SourceRegion, input.SourceImageId),
      context: resourceTags(source?.tags),
    });
  }
  // Tag on create: ec2:CreateTags for each resource type that gets tags, naming the creating action.
  const onCreate = (resource: string, tags: readonly Tag[]): AuthorizationRequest => ({
    action: 'ec2:CreateTags',
    resource,
    context: { ...requestTags(tags), ...requestContext([['ec2:CreateAction', 'CopyImage']]) },
  });
  if (imageTags.length > 0) needed.push(onCreate(newImage, imageTags));
  if (snapshotTags.length > 0) needed.push(onCreate(snapshotArn(caller.region, '*'), snapshotTags));
  return needed;
}

/** A new template: `launch-template/*` with the requested tags, and ec2:CreateTags for them. */
function createLaunchTemplate(caller: Caller, input: CreateLaunchTemplateRequest): AuthorizationRequest[] {
  const tags = (input.TagSpecifications ?? [])
    .filter((s) => s.ResourceType === 'launch-template')
    .flatMap((s) => s.Tags ?? []);
  const resource = launchTemplateArn(caller.region, caller.accountId, '*');
  const needed: AuthorizationRequest[] = [
    { action: 'ec2:CreateLaunchTemplate', resource, context: requestTags(tags) },
  ];
  if (tags.length > 0) {
    needed.push({
      action: 'ec2:CreateTags',
      resource,
      context: { ...requestTags(tags), ...requestContext([['ec2:CreateAction', 'CreateLaunchTemplate']]) },
    });
  }
  return needed;
}

/**
 * An existing template, named by id or by name, with its tags. A name that names no template
 * is asked on `launch-template/*`, an unknown id on its own ARN (both without tags).
 */
function onLaunchTemplate(
  store: Store,
  caller: Caller,
  permission: string,
  reference: TemplateReference,
): AuthorizationRequest {
  const { region, accountId } = caller;
  const { LaunchTemplateId: id, LaunchTemplateName: name } = reference;
  const template =
    id !== undefined
      ? templateById(store, accountId, region, id)
      : name !== undefined
        ? templateByName(store, accountId, region, name)
        : undefined;
  return {
    action: permission,
    resource: launchTemplateArn(region, accountId, template?.launchTemplateId ?? id ?? '*'),
    context: resourceTags(template?.tags),
  };
}

/** ec2:Add/userId, ec2:Add/group, ec2:Remove/… of a launch permission change (absent when none). */
function imageSharingKeys(input: ModifyImageAttributeRequest): RequestContext {
  const flat = { UserIds: input.UserIds ?? [], Groups: input.UserGroups ?? [] };
  const side = (
    entries: readonly { UserId?: string; Group?: string }[] | undefined,
    op: 'add' | 'remove',
  ) => {
    const useFlat = input.OperationType === op;
    return {
      userIds: [
        ...(entries ?? []).flatMap((e) => (e.UserId ? [e.UserId] : [])),
        ...(useFlat ? flat.UserIds : []),
      ],
      groups: [
        ...(entries ?? []).flatMap((e) => (e.Group ? [e.Group] : [])),
        ...(useFlat ? flat.Groups : []),
      ],
    };
  };
  return sharingKeys(
    side(input.LaunchPermission?.Add, 'add'),
    side(input.LaunchPermission?.Remove, 'remove'),
  );
}

function snapshotSharingKeys(input: ModifySnapshotAttributeRequest): RequestContext {
  const flat = { userIds: input.UserIds ?? [], groups: input.GroupNames ?? [] };
  const side = (
    entries: readonly { UserId?: string; Group?: string }[] | undefined,
    op: 'add' | 'remove',
  ) => ({
    userIds: [
      ...(entries ?? []).flatMap((e) => (e.UserId ? [e.UserId] : [])),
      ...(input.OperationType === op ? flat.userIds : []),
    ],
    groups: [
      ...(entries ?? []).flatMap((e) => (e.Group ? [e.Group] : [])),
      ...(input.OperationType === op ? flat.groups : []),
    ],
  });
  return sharingKeys(
    side(input.CreateVolumePermission?.Add, 'add'),
    side(input.CreateVolumePermission?.Remove, 'remove'),
  );
}

type SharingSide = { readonly userIds: readonly string[]; readonly groups: readonly string[] };

function sharingKeys(add: SharingSide, remove: SharingSide): RequestContext {
  const entries: [string, readonly string[]][] = [
    ['ec2:Add/userId', add.userIds],
    ['ec2:Add/group', add.groups],
    ['ec2:Remove/userId', remove.userIds],
    ['ec2:Remove/group', remove.groups],
  ];
  return requestContext(entries.filter(([, values]) => values.length > 0));
}

/**
 * `permission` on one image or snapshot (by id), its current tags as aws:ResourceTag/*. `kind`
 * names the resource type an action takes, so a malformed id still gets that type's ARN.
 */
function onResource(
  store: Store,
  caller: Caller,
  permission: string,
  resourceId: string,
  requested: RequestContext = {},
  kind?: 'ami' | 'snap',
): AuthorizationRequest {
  const { region } = caller;
  if (kind === 'ami' || (kind === undefined && resourceId.startsWith('ami-'))) {
    const tags = store.imageIn(region, resourceId)?.tags;
    return {
      action: permission,
      resource: imageArn(region, resourceId),
      context: { ...resourceTags(tags), ...requested },
    };
  }
  if (kind === 'snap' || (kind === undefined && resourceId.startsWith('snap-'))) {
    const tags = store.snapshotIn(region, resourceId)?.tags;
    return {
      action: permission,
      resource: snapshotArn(region, resourceId),
      context: { ...resourceTags(tags), ...requested },
    };
  }
  // A kind the simulator does not model (the action refuses the id): an ARN in the account, no tags.
  const prefix = resourceId.split('-')[0] || 'resource';
  return {
    action: permission,
    resource: `arn:aws:ec2:${region}:${caller.accountId}:${prefix}/${resourceId}`,
    context: requested,
  };
}

function resourceTags(tags: ReadonlyMap<string, string> | undefined): RequestContext {
  return requestContext([...(tags ?? [])].map(([key, value]) => [`aws:ResourceTag/${key}`, value] as const));
}

/** aws:RequestTag/<key> for each tag with a value; aws:TagKeys for all keys (absent when none). */
function requestTags(tags: readonly Tag[] | undefined): RequestContext {
  const keyed = (tags ?? []).filter((t): t is Tag & { Key: string } => t.Key !== undefined);
  if (keyed.length === 0) return {};
  return requestContext([
    ...keyed.flatMap((t) => (t.Value === undefined ? [] : [[`aws:RequestTag/${t.Key}`, t.Value] as const])),
    ['aws:TagKeys', keyed.map((t) => t.Key)],
  ]);
}
