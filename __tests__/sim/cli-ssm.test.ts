/** `npm run sim` hands clients the SSM endpoint too, and SSM answers on it. */
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../sim/http/server.js';
import { clientEnvironment } from '../../sim/index.js';
import { ssmCall } from './ssm-http-helpers.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

/** Starts sim/cli.ts and resolves with its banner (everything up to the `State (JSON)` line). */
function banner(args: string[]): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sim/cli.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('State (JSON)')) resolve(out);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`cli exited ${code}: ${err}`)));
  });
}

describe('the SSM endpoint for clients', () => {
  it('clientEnvironment names AWS_ENDPOINT_URL_SSM next to EC2 and STS', () => {
    const env = clientEnvironment('http://127.0.0.1:4566', {
      accessKeyId: 'AKIA',
      secretAccessKey: 's',
      sessionToken: undefined,
    } as never);
    expect([env.AWS_ENDPOINT_URL_EC2, env.AWS_ENDPOINT_URL_STS, env.AWS_ENDPOINT_URL_SSM]).toEqual([
      'http://127.0.0.1:4566',
      'http://127.0.0.1:4566',
      'http://127.0.0.1:4566',
    ]);
  });

  it('npm run sim prints export AWS_ENDPOINT_URL_SSM=<url>, and PutParameter works there', async () => {
    const text = await banner(['--port', '0']);
    const url = /listening on (http:\/\/\S+)/.exec(text)?.[1] ?? '';
    const exported = (name: string) => new RegExp(`export ${name}=(\\S+)`).exec(text)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(exported('AWS_ENDPOINT_URL_SSM')).toBe(url);
    const sim = {
      url,
      model: {
        defaultCredentials: {
          accessKeyId: exported('AWS_ACCESS_KEY_ID') ?? '',
          secretAccessKey: (exported('AWS_SECRET_ACCESS_KEY') ?? '').replace(/^'|'$/g, ''),
        },
      },
    } as unknown as RunningSimulator;
    const put = await ssmCall(sim, 'PutParameter', { Name: '/from/cli', Type: 'String', Value: 'v' });
    expect(put.body).toEqual({ Version: 1, Tier: 'Standard' });
  });
});
