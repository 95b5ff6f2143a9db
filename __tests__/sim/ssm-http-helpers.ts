/**
 * SSM over the wire for tests, without an SSM SDK client: a JSON 1.1 request signed by the SDK's
 * own SigV4 signer (service `ssm`), sent with fetch, answered as status, parsed JSON and headers.
 */

import { SignatureV4 } from '@smithy/signature-v4';
import type { RunningSimulator } from '../../sim/http/server.js';
import { Sha256 } from './http-helpers.js';

export interface SsmAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly text: string;
  readonly headers: Headers;
}

export interface SsmCallOptions {
  readonly region?: string;
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  readonly sessionToken?: string;
  /** The credential scope's service (default `ssm`). */
  readonly service?: string;
  /** Override the X-Amz-Target header (default `AmazonSSM.<action>`). */
  readonly target?: string;
  /** Send this body instead of JSON.stringify(input). */
  readonly rawBody?: string;
  /** Sign with this time instead of now. */
  readonly signingDate?: Date;
}

/** A JSON 1.1 request for `AmazonSSM.<action>`, signed by the SDK's SigV4 signer (service `ssm`). */
export async function signedSsmRequest(
  sim: RunningSimulator,
  action: string,
  input: object,
  options: SsmCallOptions = {},
) {
  const defaults = sim.model.defaultCredentials;
  const body = options.rawBody ?? JSON.stringify(input);
  const { host } = new URL(sim.url);
  const signer = new SignatureV4({
    credentials: {
      accessKeyId: options.accessKeyId ?? defaults.accessKeyId,
      secretAccessKey: options.secretAccessKey ?? defaults.secretAccessKey,
      ...(options.sessionToken ? { sessionToken: options.sessionToken } : {}),
    },
    region: options.region ?? 'us-east-1',
    service: options.service ?? 'ssm',
    sha256: Sha256,
  });
  return signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: host.split(':')[0] ?? '',
      port: Number(host.split(':')[1]),
      path: '/',
      query: {},
      headers: {
        host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': options.target ?? `AmazonSSM.${action}`,
      },
      body,
    },
    options.signingDate ? { signingDate: options.signingDate } : {},
  );
}

/** Calls `AmazonSSM.<action>` on the simulator with the default credentials unless others are given. */
export async function ssmCall(
  sim: RunningSimulator,
  action: string,
  input: object,
  options: SsmCallOptions = {},
): Promise<SsmAnswer> {
  const signed = await signedSsmRequest(sim, action, input, options);
  const response = await fetch(sim.url, {
    method: 'POST',
    headers: signed.headers,
    body: signed.body as string,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    text,
    headers: response.headers,
  };
}
