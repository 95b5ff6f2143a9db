/** The Parameter Store actions the model implements, by their API name (`AmazonSSM.<Action>`). */
import type { CredentialRecord } from './accounts.js';
import type { CallContext } from './context.js';
import type { SsmParameters } from './ssm-parameters.js';
import { type PutParameterInput, putParameter } from './ssm-put-parameter.js';
import {
  type DeleteParameterInput,
  deleteParameter,
  type GetParameterHistoryInput,
  type GetParameterInput,
  type GetParametersInput,
  getParameter,
  getParameterHistory,
  getParameters,
} from './ssm-read.js';
import {
  type AddTagsToResourceInput,
  addTagsToResource,
  type ListTagsForResourceInput,
  listTagsForResource,
  type RemoveTagsFromResourceInput,
  removeTagsFromResource,
} from './ssm-tagging.js';

/** A call's context plus the caller's credentials (an aws:ec2:image validation runs as the caller). */
export interface SsmCallContext extends CallContext {
  readonly caller: CredentialRecord;
}

export interface SsmInputs {
  PutParameter: PutParameterInput;
  GetParameter: GetParameterInput;
  GetParameters: GetParametersInput;
  GetParameterHistory: GetParameterHistoryInput;
  DeleteParameter: DeleteParameterInput;
  AddTagsToResource: AddTagsToResourceInput;
  RemoveTagsFromResource: RemoveTagsFromResourceInput;
  ListTagsForResource: ListTagsForResourceInput;
}

export type SsmAction = keyof SsmInputs;

type Operation<A extends SsmAction> = (
  store: SsmParameters,
  ctx: SsmCallContext,
  input: SsmInputs[A],
) => object;

export const SSM_OPERATIONS: { readonly [A in SsmAction]: Operation<A> } = {
  PutParameter: putParameter,
  GetParameter: getParameter,
  GetParameters: getParameters,
  GetParameterHistory: getParameterHistory,
  DeleteParameter: deleteParameter,
  AddTagsToResource: addTagsToResource,
  RemoveTagsFromResource: removeTagsFromResource,
  ListTagsForResource: listTagsForResource,
};

export const SSM_ACTIONS = Object.keys(SSM_OPERATIONS) as SsmAction[];

export function isSsmAction(action: string): action is SsmAction {
  return Object.hasOwn(SSM_OPERATIONS, action);
}
