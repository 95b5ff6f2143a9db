/**
 * The simulator's HTTP door on 127.0.0.1: EC2 and STS over the AWS Query protocol, signed with
 * SigV4 (region and service from the credential scope, account from the access key). Thin: it
 * parses, authenticates, hands the call to the model, and writes AWS's XML or error document.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { awsError, isSimAwsError, type SimAwsError } from '../model/errors.js';
import { createModel, type ModelOptions, type SimModel } from '../model/model.js';
import { isEc2Action } from '../model/operations.js';
import { decodeEc2Input } from './ec2-params.js';
import { ec2ResponseXml } from './ec2-xml.js';
import { parseForm, toTree } from './query.js';
import { headerValue, parseAuthorization, requestTime, signatureMatches } from './sigv4.js';
import { stateSnapshot } from './state.js';
import { decodeStsInput, isStsAction, stsResponseXml } from './sts-actions.js';
import { ec2ErrorDocument, stsErrorDocument } from './xml.js';

export interface SimulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  readonly port?: number;
  readonly host?: string;
  /** The model to serve; default: a new model built from `modelOptions`. */
  readonly model?: SimModel;
  readonly modelOptions?: ModelOptions;
  /** Real milliseconds added before every answer (on top of per-action fault latency). */
  readonly latencyMs?: number;
  /** Allowed distance between a request's X-Amz-Date and real time (default 15 minutes, like AWS). */
  readonly maxClockSkewMs?: number;
}

export interface RunningSimulator {
  readonly url: string;
  readonly port: number;
  readonly model: SimModel;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const model = options.model ?? createModel(options.modelOptions);
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    handle(model, options, req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`simulator bug: ${String(error)}`);
      }
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    model,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(model: SimModel, options: SimulatorOptions, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://simulator');
  const body = await readBody(req);
  if (req.method === 'GET' && url.pathname === '/_sim/state') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(stateSnapshot(model), null, 2));
    return;
  }
  const params = parseForm(url.search.slice(1));
  const contentType = headerValue(req.headers, 'content-type') ?? '';
  if (
    req.method === 'POST' &&
    (contentType === '' || contentType.startsWith('application/x-www-form-urlencoded'))
  ) {
    for (const [key, value] of parseForm(body.toString('utf8'))) params.set(key, value);
  }
  const action = params.get('Action') ?? '';
  let auth: ReturnType<typeof parseAuthorization>;
  let service: 'ec2' | 'sts' = isStsAction(action) ? 'sts' : 'ec2';
  let region = 'us-east-1';
  const requestId = model.nextRequestId();
  const fail = (error: SimAwsError) => {
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
      via: 'http',
    });
    sendError(res, service, error, requestId);
  };

  try {
    auth = parseAuthorization(headerValue(req.headers, 'authorization'));
  } catch {
    fail(
      awsError(
        'IncompleteSignature',
        'Authorization header requires Credential, SignedHeaders and Signature.',
        400,
      ),
    );
    return;
  }
  if (auth) {
    if (auth.service !== 'ec2' && auth.service !== 'sts') {
      fail(awsError('InvalidAction', `The simulator does not serve the service '${auth.service}'.`, 400));
      return;
    }
    service = auth.service;
    region = auth.region;
  }
  if (!action) {
    fail(awsError('MissingAction', 'The request must contain the parameter Action', 400));
    return;
  }
  const sessionToken = headerValue(req.headers, 'x-amz-security-token');
  const unsignedAllowed = service === 'sts' && action === 'AssumeRoleWithWebIdentity';
  if (!auth && !unsignedAllowed) {
    const status = service === 'ec2' ? 401 : 403;
    fail(awsError('MissingAuthenticationToken', 'Request is missing Authentication Token', status));
    return;
  }
  if (auth) {
    const signed = requestTime(req.headers);
    const skew = options.maxClockSkewMs ?? 15 * 60_000;
    if (signed === undefined || Math.abs(Date.now() - signed) > skew) {
      fail(
        awsError(
          service === 'ec2' ? 'RequestExpired' : 'SignatureDoesNotMatch',
          'Signature expired or missing X-Amz-Date.',
          service === 'ec2' ? 400 : 403,
        ),
      );
      return;
    }
    const record = model.accounts.lookup(auth.accessKeyId);
    const signedRequest = {
      method: req.method ?? 'POST',
      path: url.pathname,
      query: url.search.slice(1),
      headers: req.headers,
      body,
    };
    if (record && !signatureMatches(signedRequest, auth, record.secretAccessKey)) {
      fail(
        service === 'ec2'
          ? awsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401)
          : awsError(
              'SignatureDoesNotMatch',
              'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
              403,
            ),
      );
      return;
    }
  }

  const latency = (options.latencyMs ?? 0) + model.faults.latencyFor(action);
  if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));

  const meta = {
    region,
    accessKeyId: auth?.accessKeyId,
    sessionToken,
    via: 'http' as const,
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
    if (outcome.lost) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/xml;charset=UTF-8',
      'x-amzn-requestid': outcome.requestId,
      server: service === 'ec2' ? 'AmazonEC2' : 'Server',
    });
    res.end(xml(outcome.result, outcome.requestId));
  } catch (error) {
    const simError = isSimAwsError(error)
      ? error
      : awsError('InternalError', 'An internal error has occurred', 500);
    // The model logs what reaches it (and stamps its own request id); the rest is logged here.
    const modelRequestId = (simError as SimAwsError & { requestId?: string }).requestId;
    if (reachedModel && modelRequestId) sendError(res, service, simError, modelRequestId);
    else fail(simError);
  }
}

function sendError(res: ServerResponse, service: 'ec2' | 'sts', error: SimAwsError, requestId: string) {
  const body =
    service === 'ec2'
      ? ec2ErrorDocument(error.code, error.message, requestId)
      : stsErrorDocument(error.code, error.message, requestId, error.status);
  res.writeHead(error.status, { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
