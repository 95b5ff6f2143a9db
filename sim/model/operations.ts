/** The EC2 actions the model implements, by their API name. Anything else is `InvalidAction`. */
import type {
  CopyImageRequest,
  CreateLaunchTemplateRequest,
  CreateLaunchTemplateVersionRequest,
  CreateTagsRequest,
  DeleteLaunchTemplateRequest,
  DeleteSnapshotRequest,
  DeleteTagsRequest,
  DeregisterImageRequest,
  DescribeImageAttributeRequest,
  DescribeImagesRequest,
  DescribeLaunchTemplatesRequest,
  DescribeLaunchTemplateVersionsRequest,
  DescribeRegionsRequest,
  DescribeSnapshotAttributeRequest,
  DescribeSnapshotsRequest,
  DisableImageDeprecationRequest,
  DisableImageDeregistrationProtectionRequest,
  EnableImageDeprecationRequest,
  EnableImageDeregistrationProtectionRequest,
  GetEbsDefaultKmsKeyIdRequest,
  GetImageBlockPublicAccessStateRequest,
  ModifyImageAttributeRequest,
  ModifyLaunchTemplateRequest,
  ModifySnapshotAttributeRequest,
} from '@aws-sdk/client-ec2';
import type { CallContext } from './context.js';
import { type CopyEnvironment, copyImage } from './copy-image.js';
import { disableImageDeprecation, enableImageDeprecation } from './deprecation.js';
import { createTags, deleteSnapshot, deleteTags, deregisterImage, describeRegions } from './image-admin.js';
import {
  describeImageAttribute,
  getEbsDefaultKmsKeyId,
  getImageBlockPublicAccessState,
  modifyImageAttribute,
} from './image-sharing.js';
import { describeImages } from './images.js';
import {
  createLaunchTemplate,
  createLaunchTemplateVersion,
  deleteLaunchTemplate,
  modifyLaunchTemplate,
} from './launch-templates.js';
import { describeLaunchTemplates, describeLaunchTemplateVersions } from './launch-templates-describe.js';
import { disableImageDeregistrationProtection, enableImageDeregistrationProtection } from './protection.js';
import type { OptInStatus } from './regions.js';
import { describeSnapshotAttribute, modifySnapshotAttribute } from './snapshot-sharing.js';
import { describeSnapshots } from './snapshots.js';
import type { Store } from './store.js';

export interface OperationEnv extends CopyEnvironment {
  readonly optIn: (region: string) => OptInStatus | undefined;
}

export interface Ec2Inputs {
  DescribeRegions: DescribeRegionsRequest;
  DescribeImages: DescribeImagesRequest;
  CopyImage: CopyImageRequest;
  CreateTags: CreateTagsRequest;
  DeleteTags: DeleteTagsRequest;
  DescribeSnapshots: DescribeSnapshotsRequest;
  DeregisterImage: DeregisterImageRequest;
  DeleteSnapshot: DeleteSnapshotRequest;
  ModifyImageAttribute: ModifyImageAttributeRequest;
  DescribeImageAttribute: DescribeImageAttributeRequest;
  ModifySnapshotAttribute: ModifySnapshotAttributeRequest;
  DescribeSnapshotAttribute: DescribeSnapshotAttributeRequest;
  GetImageBlockPublicAccessState: GetImageBlockPublicAccessStateRequest;
  GetEbsDefaultKmsKeyId: GetEbsDefaultKmsKeyIdRequest;
  EnableImageDeprecation: EnableImageDeprecationRequest;
  DisableImageDeprecation: DisableImageDeprecationRequest;
  EnableImageDeregistrationProtection: EnableImageDeregistrationProtectionRequest;
  DisableImageDeregistrationProtection: DisableImageDeregistrationProtectionRequest;
  CreateLaunchTemplate: CreateLaunchTemplateRequest;
  CreateLaunchTemplateVersion: CreateLaunchTemplateVersionRequest;
  DescribeLaunchTemplates: DescribeLaunchTemplatesRequest;
  DescribeLaunchTemplateVersions: DescribeLaunchTemplateVersionsRequest;
  ModifyLaunchTemplate: ModifyLaunchTemplateRequest;
  DeleteLaunchTemplate: DeleteLaunchTemplateRequest;
}

export type Ec2Action = keyof Ec2Inputs;

type Operation<A extends Ec2Action> = (
  store: Store,
  ctx: CallContext,
  input: Ec2Inputs[A],
  env: OperationEnv,
) => object;

export const EC2_OPERATIONS: { readonly [A in Ec2Action]: Operation<A> } = {
  DescribeRegions: (_store, _ctx, input, env) => describeRegions(env.optIn, input),
  DescribeImages: (store, ctx, input) => describeImages(store, ctx, input),
  CopyImage: (store, ctx, input, env) => copyImage(store, ctx, input, env),
  CreateTags: (store, ctx, input) => createTags(store, ctx, input),
  DeleteTags: (store, ctx, input) => deleteTags(store, ctx, input),
  DescribeSnapshots: (store, ctx, input) => describeSnapshots(store, ctx, input),
  DeregisterImage: (store, ctx, input) => deregisterImage(store, ctx, input),
  DeleteSnapshot: (store, ctx, input) => deleteSnapshot(store, ctx, input),
  ModifyImageAttribute: (store, ctx, input) => modifyImageAttribute(store, ctx, input),
  DescribeImageAttribute: (store, ctx, input) => describeImageAttribute(store, ctx, input),
  ModifySnapshotAttribute: (store, ctx, input) => modifySnapshotAttribute(store, ctx, input),
  DescribeSnapshotAttribute: (store, ctx, input) => describeSnapshotAttribute(store, ctx, input),
  GetImageBlockPublicAccessState: (store, ctx, input) => getImageBlockPublicAccessState(store, ctx, input),
  GetEbsDefaultKmsKeyId: (store, ctx, input) => getEbsDefaultKmsKeyId(store, ctx, input),
  EnableImageDeprecation: (store, ctx, input) => enableImageDeprecation(store, ctx, input),
  DisableImageDeprecation: (store, ctx, input) => disableImageDeprecation(store, ctx, input),
  EnableImageDeregistrationProtection: (store, ctx, input) =>
    enableImageDeregistrationProtection(store, ctx, input),
  DisableImageDeregistrationProtection: (store, ctx, input) =>
    disableImageDeregistrationProtection(store, ctx, input),
  CreateLaunchTemplate: (store, ctx, input) => createLaunchTemplate(store, ctx, input),
  CreateLaunchTemplateVersion: (store, ctx, input) => createLaunchTemplateVersion(store, ctx, input),
  DescribeLaunchTemplates: (store, ctx, input) => describeLaunchTemplates(store, ctx, input),
  DescribeLaunchTemplateVersions: (store, ctx, input) => describeLaunchTemplateVersions(store, ctx, input),
  ModifyLaunchTemplate: (store, ctx, input) => modifyLaunchTemplate(store, ctx, input),
  DeleteLaunchTemplate: (store, ctx, input) => deleteLaunchTemplate(store, ctx, input),
};

/** Actions that change something: each answers DryRunOperation for DryRun=true once authorized. */
export const MUTATING_EC2_ACTIONS = [
  'CopyImage',
  'CreateTags',
  'DeleteTags',
  'DeregisterImage',
  'DeleteSnapshot',
  'ModifyImageAttribute',
  'ModifySnapshotAttribute',
  'EnableImageDeprecation',
  'DisableImageDeprecation',
  'EnableImageDeregistrationProtection',
  'DisableImageDeregistrationProtection',
  'CreateLaunchTemplate',
  'CreateLaunchTemplateVersion',
  'ModifyLaunchTemplate',
  'DeleteLaunchTemplate',
] as const satisfies readonly Ec2Action[];

export type MutatingEc2Action = (typeof MUTATING_EC2_ACTIONS)[number];

export function isEc2Action(action: string): action is Ec2Action {
  return Object.hasOwn(EC2_OPERATIONS, action);
}
