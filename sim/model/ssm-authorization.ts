/**
 * What an SSM request must be authorized for: `ssm:<Action>` on each parameter ARN it names
 * (and `ssm:AddTagsToResource` for a PutParameter that tags at creation, as AWS documents),
 * with the parameter's tags as `aws:ResourceTag/<key>` and, for the calls that add tags, the
 * requested ones as `aws:RequestTag/<key>` and `aws:TagKeys`. A read of a parameter that does
 * not exist is still evaluated on its ARN, but AWS's refusal then names the account-wide
 * `arn:aws:ssm:<region>:<account>:*` (as it has been seen to), so `shownResource` carries that.
 */
import type { AuthorizationRequest, RequestContext } from './policy.js';
import { requestContext } from './policy.js';
import type { SsmTag } from './ssm-constraints.js';
import { accountWideSsmArn, parameterArn, splitSelector } from './ssm-names.js';
import type { SsmAction, SsmInputs } from './ssm-operations.js';
import type { SsmParameters } from './ssm-parameters.js';

export interface SsmAuthorization {
  readonly request: AuthorizationRequest;
  /** The resource a refusal names (default: the request's resource). */
  readonly shownResource?: string;
}

interface Caller {
  readonly accountId: string;
  readonly region: string;
}

const READS: readonly SsmAction[] = ['GetParameter', 'GetParameters', 'GetParameterHistory'];

export function ssmAuthorizations<A extends SsmAction>(
  store: SsmParameters,
  caller: Caller,
  action: A,
  input: SsmInputs[A],
): SsmAuthorization[] {
  const permission = `ssm:${action}`;
  const on = (name: string | undefined, requested: RequestContext = {}): SsmAuthorization => {
    if (name === undefined)
      return {
        request: { action: permission, resource: accountWideSsmArn(caller.region, caller.accountId) },
      };
    const record = store.find(caller.accountId, caller.region, name);
    const resource = parameterArn(caller.region, caller.accountId, name);
    return {
      request: { action: permission, resource, context: { ...resourceTags(record?.tags), ...requested } },
      ...(record || !READS.includes(action)
        ? {}
        : { shownResource: accountWideSsmArn(caller.region, caller.accountId) }),
    };
  };
  switch (action) {
    case 'PutParameter': {
      const { Name, Tags } = input as SsmInputs['PutParameter'];
      const put = on(Name?.trim(), requestTags(Tags));
      // Tagging at creation is also authorised as ssm:AddTagsToResource on the parameter.
      if (!Tags || Tags.length === 0) return [put];
      return [put, { ...put, request: { ...put.request, action: 'ssm:AddTagsToResource' } }];
    }
    case 'GetParameter':
    case 'GetParameterHistory':
    case 'DeleteParameter': {
      const { Name } = input as { Name?: string };
      return [on(Name === undefined ? undefined : splitSelector(Name).name)];
    }
    case 'GetParameters': {
      const names = (input as SsmInputs['GetParameters']).Names ?? [];
      return names.length === 0 ? [on(undefined)] : names.map((n) => on(splitSelector(n).name));
    }
    default: {
      const { ResourceType, ResourceId, Tags } = input as SsmInputs['AddTagsToResource'];
      if (ResourceType !== 'Parameter') return [{ request: { action: permission, resource: '*' } }];
      return [on(ResourceId, action === 'AddTagsToResource' ? requestTags(Tags) : {})];
    }
  }
}

function resourceTags(tags: ReadonlyMap<string, string> | undefined): RequestContext {
  return requestContext([...(tags ?? [])].map(([key, value]) => [`aws:ResourceTag/${key}`, value] as const));
}

/** aws:RequestTag/<key> per tag and aws:TagKeys (absent when there are no tags). */
function requestTags(tags: readonly SsmTag[] | undefined): RequestContext {
  const keyed = (tags ?? []).filter((t): t is SsmTag & { Key: string } => t.Key !== undefined);
  if (keyed.length === 0) return {};
  return requestContext([
    ...keyed.map((t) => [`aws:RequestTag/${t.Key}`, t.Value ?? ''] as const),
    ['aws:TagKeys', keyed.map((t) => t.Key)],
  ]);
}
