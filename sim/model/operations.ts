/** The EC2 actions the model implements, by their API name. Anything else is `InvalidAction`. */
import type {
  CopyImageRequest,
  CreateTagsRequest,
  DeleteSnapshotRequest,
  DeleteTagsRequest,
  DeregisterImageRequest,
  DescribeImageAttributeRequest,
  DescribeImagesRequest,
  DescribeRegionsRequest,
  DescribeSnapshotsRequest,
  EnableImageDeprecationRequest,
  ModifyImageAttributeRequest,
  ModifySnapshotAttributeRequest,
} from '@aws-sdk/client-ec2';
import type { CallContext } from './context.js';
import { type CopyEnvironment, copyImage } from './copy-image.js';
import {
  createTags,
  deleteSnapshot,
  deleteTags,
  deregisterImage,
  describeImageAttribute,
  describeRegions,
  enableImageDeprecation,
  modifyImageAttribute,
  modifySnapshotAttribute,
} from './image-admin.js';
import { describeImages } from './images.js';
import type { OptInStatus } from './regions.js';
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
  EnableImageDeprecation: EnableImageDeprecationRequest;
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
  EnableImageDeprecation: (store, ctx, input) => enableImageDeprecation(store, ctx, input),
};

export function isEc2Action(action: string): action is Ec2Action {
  return Object.hasOwn(EC2_OPERATIONS, action);
}
