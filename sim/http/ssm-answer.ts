/**
 * One SSM request (AWS JSON 1.1: `POST /`, `X-Amz-Target: AmazonSSM.<Action>`, a JSON body) in,
 * one answer out: the SigV4 check with service `ssm` (the same verification as EC2 and STS),
 * then the model, then JSON. Errors are HTTP 400 (InternalServerError 500) with
 * `{"__type": code, "message": …}`, the codes SSM's JSON endpoint uses for signing problems.
 */
import { awsError, isSimAwsError, type SimAwsError } from '../model/errors.js';
import type { SimModel } from '../model/model.js';
import { isSsmAction } from '../model/ssm-operations.js';
import type { AnswerOptions, WireAnswer, WireRequest } from './answer.js';
import { headerValue, parseAuthorization, requestTime, signatureMatches } from './sigv4.js';
import {
  decodeSsmInput,
  JSON_CONTENT_TYPE,
  parseJsonBody,
  ssmErrorBody,
  ssmResponseBody,
} from './ssm-json.js';

const TARGET_PREFIX = 'AmazonSSM.';

/** JSON-protocol requests (SSM) carry X-Amz-Target or a JSON content type; Query requests neither. */
export function isSsmRequest(request: WireRequest): boolean {
  const contentType = headerValue(request.headers, 'content-type') ?? '';
  return (
    headerValue(request.headers, 'x-amz-target') !== undefined ||
    contentType.startsWith('application/x-amz-json')
  );
}

export async function answerSsmRequest(
  model: SimModel,
  request: WireRequest,
  options: AnswerOptions,
): Promise<WireAnswer> {
  const target = headerValue(request.headers, 'x-amz-target') ?? '';
  const action = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
  const requestId = model.nextRequestId();
  let region = 'us-east-1';
  let accessKeyId: string | undefined;
  let logParams: Record<string, unknown> = {};
  const fail = (error: SimAwsError): WireAnswer => {
    model.log.add({
      clockTime: model.clock.now(),
      realTime: Date.now(),
      region,
      service: 'ssm',
      action: action || target || '(none)',
      params: logParams,
      accessKeyId,
      accountId: undefined,
      outcome: 'error',
      errorCode: error.code,
      httpStatus: error.status,
      via: options.via,
    });
    return errorAnswer(error, requestId);
  };

  let auth: ReturnType<typeof parseAuthorization>;
  try {
    auth = parseAuthorization(headerValue(request.headers, 'authorization'));
  } catch {
    return fail(
      awsError(
        'IncompleteSignatureException',
        'Authorization header requires Credential, SignedHeaders and Signature.',
      ),
    );
  }
  if (auth) {
    region = auth.region;
    accessKeyId = auth.accessKeyId;
  }
  try {
    logParams = parseJsonBody(request.body);
  } catch (error) {
    if (isSimAwsError(error)) return fail(error);
    throw error;
  }
  if (request.method !== 'POST' || !isSsmAction(action)) {
    return fail(awsError('UnknownOperationException', ''));
  }
  if (!auth) return fail(awsError('MissingAuthenticationTokenException', 'Missing Authentication Token'));
  if (auth.service !== 'ssm') {
    return fail(
      awsError('InvalidSignatureException', "Credential should be scoped to correct service: 'ssm'. "),
    );
  }
  const signed = requestTime(request.headers);
  const skew = options.maxClockSkewMs ?? 15 * 60_000;
  if (signed === undefined || Math.abs(Date.now() - signed) > skew) {
    return fail(
      awsError(
        'InvalidSignatureException',
        skewMessage(headerValue(request.headers, 'x-amz-date'), signed, skew),
      ),
    );
  }
  const record = model.accounts.lookup(auth.accessKeyId);
  if (record && !signatureMatches(request, auth, record.secretAccessKey)) {
    return fail(
      awsError(
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      ),
    );
  }
  let input: ReturnType<typeof decodeSsmInput>;
  try {
    input = decodeSsmInput(action, logParams);
  } catch (error) {
    if (isSimAwsError(error)) return fail(error);
    throw error;
  }

  if (options.beforeInvoke) await options.beforeInvoke({ action, region, params: logParams });
  try {
    const outcome = model.invokeSsm(
      action,
      {
        region,
        accessKeyId: auth.accessKeyId,
        sessionToken: headerValue(request.headers, 'x-amz-security-token'),
        via: options.via,
        logParams,
      },
      input,
    );
    if (outcome.lost) return { lost: true };
    return {
      lost: false,
      status: 200,
      headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': outcome.requestId },
      body: ssmResponseBody(outcome.result),
    };
  } catch (error) {
    // The model logged the call and stamped its request id on the error.
    const simError = isSimAwsError(error)
      ? error
      : awsError('InternalServerError', 'An internal error has occurred', 500);
    const modelRequestId = (simError as SimAwsError & { requestId?: string }).requestId;
    return modelRequestId ? errorAnswer(simError, modelRequestId) : fail(simError);
  }
}

function errorAnswer(error: SimAwsError, requestId: string): WireAnswer {
  return {
    lost: false,
    status: error.status,
    headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: ssmErrorBody(error),
  };
}

/** AWS's wording for a request signed too long ago (or too far ahead). */
function skewMessage(amzDate: string | undefined, signed: number | undefined, skewMs: number): string {
  const now = compact(Date.now());
  const minutes = Math.round(skewMs / 60_000);
  if (signed === undefined) return 'Signature expired or missing X-Amz-Date.';
  return signed < Date.now()
    ? `Signature expired: ${amzDate} is now earlier than ${now} (${now} - ${minutes} min.)`
    : `Signature not yet current: ${amzDate} is still later than ${now} (${now} + ${minutes} min.)`;
}

const compact = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
