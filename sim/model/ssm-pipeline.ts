/**
 * One SSM call through the model, in AWS's order: credentials (SSM's JSON error codes), region,
 * due validations settled, identity policy on each parameter ARN, fault switches, the action.
 * Every call is logged with `service: 'ssm'`. The same fault switches as EC2 apply (they key on
 * action names); EC2's fault codes are answered as SSM's (ThrottlingException, InternalServerError).
 */
import type { CredentialRecord } from './accounts.js';
import { awsError, isSimAwsError, type SimAwsError } from './errors.js';
import type { CallMeta, CallResult, SimModel } from './model.js';
import { evaluatePolicy } from './policy.js';
import { isKnownRegion, regionEnabled } from './regions.js';
import { type SsmAuthorization, ssmAuthorizations } from './ssm-authorization.js';
import { SSM_OPERATIONS, type SsmAction, type SsmCallContext, type SsmInputs } from './ssm-operations.js';

const INVALID_TOKEN = 'The security token included in the request is invalid.';

export function invokeSsm<A extends SsmAction>(
  model: SimModel,
  action: A,
  meta: CallMeta,
  input: SsmInputs[A],
): CallResult<object> {
  const requestId = model.nextRequestId();
  const now = model.clock.now();
  let caller: CredentialRecord | undefined;
  const entry = (outcome: 'ok' | 'error' | 'lost', error?: SimAwsError) =>
    model.log.add({
      clockTime: now,
      realTime: Date.now(),
      region: meta.region,
      service: 'ssm',
      action,
      params: meta.logParams ?? (input as Record<string, unknown>),
      accessKeyId: meta.accessKeyId,
      accountId: caller?.principal.accountId,
      outcome,
      errorCode: error?.code,
      httpStatus: error?.status ?? 200,
      via: meta.via,
    });
  try {
    caller = authenticate(model, meta);
    const accountId = caller.principal.accountId;
    const status = model.accounts.optInStatus(accountId, meta.region);
    if (!isKnownRegion(meta.region) || !regionEnabled(status)) {
      throw awsError('UnrecognizedClientException', INVALID_TOKEN);
    }
    model.ssm.settle(now);
    const needs = ssmAuthorizations(model.ssm, { accountId, region: meta.region }, action, input);
    const denial = firstDenial(model, caller, needs);
    if (denial) throw denial;
    const decision = model.faults.decide(action, meta.region, now);
    if (decision.error) throw asSsmFault(decision.error);
    const ctx: SsmCallContext = {
      accountId,
      region: meta.region,
      now,
      principalArn: caller.principal.arn,
      caller,
    };
    const result = SSM_OPERATIONS[action](model.ssm, ctx, input);
    entry(decision.loseResponse ? 'lost' : 'ok');
    return { result, lost: decision.loseResponse, requestId };
  } catch (error) {
    const simError = isSimAwsError(error)
      ? error
      : awsError('InternalServerError', `An internal error has occurred (${String(error)})`, 500);
    entry('error', simError);
    throw Object.assign(simError, { requestId });
  }
}

/** The caller's credentials, or SSM's answer for unknown, mismatched or expired ones. */
function authenticate(model: SimModel, meta: CallMeta): CredentialRecord {
  try {
    return model.authenticate('sts', meta.accessKeyId, meta.sessionToken);
  } catch (error) {
    if (isSimAwsError(error) && error.code === 'ExpiredToken') {
      throw awsError('ExpiredTokenException', 'The security token included in the request is expired');
    }
    throw awsError('UnrecognizedClientException', INVALID_TOKEN);
  }
}

function firstDenial(model: SimModel, caller: CredentialRecord, needs: readonly SsmAuthorization[]) {
  const policy = model.accounts.policyOf(caller);
  for (const { request, shownResource } of needs) {
    const decision = evaluatePolicy(policy, request);
    if (decision === 'allow') continue;
    const why =
      decision === 'explicit-deny'
        ? 'with an explicit deny in an identity-based policy'
        : `because no identity-based policy allows the ${request.action} action`;
    return awsError(
      'AccessDeniedException',
      `User: ${caller.principal.arn} is not authorized to perform: ${request.action} on resource: ${shownResource ?? request.resource} ${why}`,
    );
  }
  return undefined;
}

/** The fault switches speak EC2; SSM says the same things with its own codes and statuses. */
function asSsmFault(error: SimAwsError): SimAwsError {
  switch (error.code) {
    case 'RequestLimitExceeded':
      return awsError('ThrottlingException', 'Rate exceeded', 400);
    case 'InternalError':
      return awsError('InternalServerError', error.message, 500);
    case 'Unavailable':
      return awsError('ServiceUnavailable', error.message, 503);
    case 'ThrottlingException':
      return awsError(
        'ThrottlingException',
        error.message.startsWith('Simulated') ? 'Rate exceeded' : error.message,
        400,
      );
    default:
      return error;
  }
}
