/**
 * The simulator's HTTP door on 127.0.0.1: EC2 and STS over the AWS Query protocol and SSM
 * Parameter Store over AWS JSON 1.1, signed with SigV4 (region and service from the credential scope, account from the access key). Thin: it
 * reads the request, lets `answer.ts` parse, authenticate and run it on the model, and writes
 * the answer (or drops the connection when the fault switches lose the response).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createModel, type ModelOptions, type SimModel } from '../model/model.js';
import { answerQueryRequest } from './answer.js';
import { readBody } from './read-body.js';
import { stateSnapshot } from './state.js';

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
  const body = await readBody(req, MAX_BODY);
  if (req.method === 'GET' && url.pathname === '/_sim/state') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(stateSnapshot(model), null, 2));
    return;
  }
  const answer = await answerQueryRequest(
    model,
    {
      method: req.method ?? 'POST',
      path: url.pathname,
      query: url.search.slice(1),
      headers: req.headers,
      body,
    },
    {
      via: 'http',
      maxClockSkewMs: options.maxClockSkewMs,
      beforeInvoke: async (call) => {
        const latency = (options.latencyMs ?? 0) + model.faults.latencyFor(call.action);
        if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
        await model.faults.passHolds(call);
      },
    },
  );
  if (answer.lost) {
    req.socket.destroy();
    return;
  }
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}
