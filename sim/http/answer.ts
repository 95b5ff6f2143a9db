/**
 * One Query API request in, one answer out, with no socket: parse the query and form body,
 * check the SigV4 signature (region and service from its credential scope, account from the
 * access key), hand the call to the model, and render AWS's XML or error document. The HTTP
 * server (`server.ts`) and the in-process SDK transport (`../model-transport.ts`) both answer
 * through here, so a request is treated the same whichever door it came through. SSM's JSON
 * requests are handed on to `ssm-answer.ts` at the start.
 */
import { awsError, isSimAwsError, type SimAwsError } from '../model/errors.js';
import type { HeldCallView } from '../model/faults.js';
import type { SimModel } from '../model/model.js';
import { isEc2Action } from '../model/operations.js';
import { decodeEc2Input } from './ec2-params.js';
import { ec2ResponseXml } from './ec2-xml.js';
import { parseForm, toTree } from './query.js';
import { headerValue, parseAuthorization, requestTime, signatureMatches } from './sigv4.js';
import { answerSsmRequest, isSsmRequest } from './ssm-answer.js';
import { decodeStsInput, isStsAction, stsResponseXml } from './sts-actions.js';
import { ec2ErrorDocument, stsErrorDocument } from './xml.js';

export interface WireRequest {
  readonly method: string;
  /** Path without the query, e.g. `/`. */
  readonly path: string;
  /** Raw query string without `?`. */
  readonly query: string;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export type WireAnswer =
  | {
      readonly lost: false;
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
    }
  /** The model applied the call but its answer must never reach the caller (drop the connection). */
  | { readonly lost: true };

export interface AnswerOptions {
  /** Which door the request came through, for the request log. */
  readonly via: 'http' | 'gateway';
  /** Allowed distance between a request's X-Amz-Date and `Date.now()` (default 15 minutes, like AWS). */
  readonly maxClockSkewMs?: number;
  /** Awaited after authentication, before the model runs the action (the HTTP server's latency, held calls). */
  readonly beforeInvoke?: (call: HeldCallView) => Promise<void>;
}

/**
 * Answers one EC2 or STS Query request (or, by X-Amz-Target / JSON content type, one SSM JSON
 * request: see ssm-answer.ts) against `model`. Never throws for anything the caller sent.
 */
export async function answerQueryRequest(
  model: SimModel,
  request: WireRequest,
  options: AnswerOptions,
): Promise<WireAnswer> {
  if (isSsmRequest(request)) return answerSsmRequest(model, request, options);
  const params = parseForm(request.query);
  const contentType = headerValue(request.headers, 'content-type') ?? '';
  if (
    request.method === 'POST' &&
    (contentType === '' || contentType.startsWith('application/x-www-form-urlencoded'))
  ) {
    for (const [key, value] of parseForm(request.body.toString('utf8'))) params.set(key, value);
  }
  const action = params.get('Action') ?? '';
  let auth: ReturnType<typeof parseAuthorization>;
  let service: 'ec2' | 'sts' = isStsAction(action) ? 'sts' : 'ec2';
  let region = 'us-east-1';
  const requestId = model.nextRequestId();
  const fail = (error: SimAwsError): WireAnswer => {
    model.log.add({
      clockTime: model.clock.now(),
      realTime: Date.now(),
      region,
      service,
      action: action || '(none)',
      params: Object.fromEntries(params),
      accessKeyId: auth?.accessKeyId,
      accountId: undefined,
      outcome: 'error',
      errorCode: error.code,
      httpStatus: error.status,
      via: options.via,
    });
    return errorAnswer(service, error, requestId);
  };

  try {
    auth = parseAuthorization(headerValue(request.headers, 'authorization'));
  } catch {
    return fail(
      awsError(
        'IncompleteSignature',
        'Authorization header requires Credential, SignedHeaders and Signature.',
        400,
      ),
    );
  }
  if (auth) {
    if (auth.service !== 'ec2' && auth.service !== 'sts') {
      return fail(
        awsError('InvalidAction', `The simulator does not serve the service '${auth.service}'.`, 400),
      );
    }
    service = auth.service;
    region = auth.region;
  }
  if (!action) return fail(awsError('MissingAction', 'The request must contain the parameter Action', 400));
  const sessionToken = headerValue(request.headers, 'x-amz-security-token');
  const unsignedAllowed = service === 'sts' && action === 'AssumeRoleWithWebIdentity';
  if (!auth && !unsignedAllowed) {
    const status = service === 'ec2' ? 401 : 403;
    return fail(awsError('MissingAuthenticationToken', 'Request is missing Authentication Token', status));
  }
  if (auth) {
    const signed = requestTime(request.headers);
    const skew = options.maxClockSkewMs ?? 15 * 60_000;
    if (signed === undefined || Math.abs(Date.now() - signed) > skew) {
      return fail(
        awsError(
          service === 'ec2' ? 'RequestExpired' : 'SignatureDoesNotMatch',
          'Signature expired or missing X-Amz-Date.',
          service === 'ec2' ? 400 : 403,
        ),
      );
    }
    const record = model.accounts.lookup(auth.accessKeyId);
    if (record && !signatureMatches(request, auth, record.secretAccessKey)) {
      return fail(
        service === 'ec2'
          ? awsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401)
          : awsError(
              'SignatureDoesNotMatch',
              'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
              403,
            ),
      );
    }
  }

  if (options.beforeInvoke)
    await options.beforeInvoke({ action, region, params: Object.fromEntries(params) });

  const meta = {
    region,
    accessKeyId: auth?.accessKeyId,
    sessionToken,
    via: options.via,
    logParams: Object.fromEntries(params),
  };
  let reachedModel = false;
  try {
    let outcome: { result: object; lost: boolean; requestId: string };
    let xml: (result: object, id: string) => string;
    if (service === 'ec2') {
      if (!isEc2Action(action))
        throw awsError('InvalidAction', `The action ${action} is not valid for this web service.`, 400);
      if (auth) model.authenticate('ec2', auth.accessKeyId, sessionToken);
      const input = decodeEc2Input(
        action,
        toTree(params, (key) => key === 'Action' || key === 'Version'),
      );
      reachedModel = true;
      outcome = model.invokeEc2(action, meta, input);
      xml = (result, id) => ec2ResponseXml(action, result, id);
    } else {
      if (!isStsAction(action)) {
        throw awsError('InvalidAction', `Could not find operation ${action} for version 2011-06-15`, 400);
      }
      const input = decodeStsInput(action, params);
      reachedModel = true;
      outcome = model.invokeSts(action, meta, input);
      xml = (result, id) => stsResponseXml(action, result, id);
    }
    if (outcome.lost) return { lost: true };
    return {
      lost: false,
      status: 200,
      headers: {
        'content-type': 'text/xml;charset=UTF-8',
        'x-amzn-requestid': outcome.requestId,
        server: service === 'ec2' ? 'AmazonEC2' : 'Server',
      },
      body: xml(outcome.result, outcome.requestId),
    };
  } catch (error) {
    const simError = isSimAwsError(error)
      ? error
      : awsError('InternalError', 'An internal error has occurred', 500);
    // The model logs what reaches it (and stamps its own request id); the rest is logged here.
    const modelRequestId = (simError as SimAwsError & { requestId?: string }).requestId;
    if (reachedModel && modelRequestId) return errorAnswer(service, simError, modelRequestId);
    return fail(simError);
  }
}

function errorAnswer(service: 'ec2' | 'sts', error: SimAwsError, requestId: string): WireAnswer {
  const body =
    service === 'ec2'
      ? ec2ErrorDocument(error.code, error.message, requestId)
      : stsErrorDocument(error.code, error.message, requestId, error.status);
  return {
    lost: false,
    status: error.status,
    headers: { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId },
    body,
  };
}
