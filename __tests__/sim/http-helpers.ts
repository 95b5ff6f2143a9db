/** Starting a simulator for a test and building real SDK clients against it. */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { afterEach } from 'vitest';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../../sim/http/server.js';

const running: RunningSimulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});

export async function simulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const sim = await startSimulator(options);
  running.push(sim);
  return sim;
}

export function ec2Client(
  sim: RunningSimulator,
  region: string,
  overrides: {
    secretAccessKey?: string;
    accessKeyId?: string;
    sessionToken?: string;
    maxAttempts?: number;
  } = {},
): EC2Client {
  const defaults = sim.model.defaultCredentials;
  return new EC2Client({
    region,
    endpoint: sim.url,
    maxAttempts: overrides.maxAttempts ?? 1,
    credentials: {
      accessKeyId: overrides.accessKeyId ?? defaults.accessKeyId,
      secretAccessKey: overrides.secretAccessKey ?? defaults.secretAccessKey,
      ...(overrides.sessionToken ? { sessionToken: overrides.sessionToken } : {}),
    },
  });
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail, it succeeded');
}

/** A request signed by the SDK's own signer, sent with fetch, so the raw XML can be inspected. */
export async function signedPost(
  url: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  region: string,
  service: string,
  params: Record<string, string>,
  sessionToken?: string,
) {
  const body = new URLSearchParams(params).toString();
  const { host } = new URL(url);
  const signer = new SignatureV4({
    credentials: { ...credentials, ...(sessionToken ? { sessionToken } : {}) },
    region,
    service,
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: host.split(':')[0] ?? '',
    port: Number(host.split(':')[1]),
    path: '/',
    headers: { host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body,
  });
  const response = await fetch(url, {
    method: 'POST',
    headers: signed.headers as Record<string, string>,
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** The Checksum shape the SDK signer wants, over node:crypto (HMAC when given a key). */
export class Sha256 {
  private hash: Hash | Hmac;
  private readonly secret: string | Uint8Array | undefined;
  constructor(secret?: SourceData) {
    this.secret = secret === undefined ? undefined : toBytes(secret);
    this.hash = this.secret ? createHmac('sha256', this.secret) : createHash('sha256');
  }
  update(data: SourceData) {
    this.hash.update(toBytes(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {
    this.hash = this.secret ? createHmac('sha256', this.secret) : createHash('sha256');
  }
}

function toBytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}
