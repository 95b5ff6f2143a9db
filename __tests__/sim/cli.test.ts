import { type ChildProcess, spawn } from 'node:child_process';
import { DescribeImagesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { modelOptionsFromFlags } from '../../sim/cli.js';
import { createModel } from '../../sim/model/index.js';
import { parseSeedSpec } from '../../sim/seed-spec.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

function runCli(args: string[]): Promise<{ child: ChildProcess; firstLine: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sim/cli.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve({ child, firstLine: out.slice(0, newline) });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`cli exited ${code}: ${err}`)));
  });
}

describe('seed specs', () => {
  it('parses region, name, size, devices, tags, encryption and key', () => {
    expect(
      parseSeedSpec(
        'us-east-1:name=web-base,size=50,devices=2,tags=team=platform;env=prod,encrypted,kms=alias/app',
      ),
    ).toEqual({
      region: 'us-east-1',
      name: 'web-base',
      blockDevices: [
        { deviceName: '/dev/xvda', sizeGiB: 50 },
        { deviceName: '/dev/xvdb', sizeGiB: 13 },
      ],
      tags: { team: 'platform', env: 'prod' },
      encrypted: true,
      kmsKeyId: 'alias/app',
    });
  });

  it.each([
    ['no region', 'name=x'],
    ['no name', 'us-east-1:size=5'],
    ['bad size', 'us-east-1:name=abc,size=0'],
    ['unknown field', 'us-east-1:name=abc,colour=red'],
    ['bad tag', 'us-east-1:name=abc,tags=novalue'],
  ])('rejects %s', (_label, spec) => {
    expect(() => parseSeedSpec(spec)).toThrow(/seed/);
  });
});

describe('sim flags', () => {
  it('--unblock-public turns block public access for AMIs off where named; elsewhere it stays on', () => {
    const model = createModel(modelOptionsFromFlags({ 'unblock-public': ['eu-west-1'] }));
    expect(model.imageBlockPublicAccess('eu-west-1')).toBe('unblocked');
    expect(model.imageBlockPublicAccess('us-east-1')).toBe('block-new-sharing');
    const everywhere = createModel(modelOptionsFromFlags({ 'unblock-public': ['*'] }));
    expect(everywhere.imageBlockPublicAccess('us-east-1')).toBe('unblocked');
  });
});

describe('npm run sim (sim/cli.ts)', () => {
  it('listens, seeds the image from flags and prints what a client needs', async () => {
    const { firstLine } = await runCli([
      '--port',
      '0',
      '--json',
      '--seed',
      'us-east-1:name=web-base,size=50,tags=team=platform;env=prod',
      '--scale',
      '60',
    ]);
    const info = JSON.parse(firstLine) as {
      url: string;
      images: { imageId: string; region: string }[];
      env: Record<string, string>;
    };
    expect(info.env.AWS_ENDPOINT_URL_EC2).toBe(info.url);
    expect(info.env.AWS_ENDPOINT_URL_STS).toBe(info.url);
    const client = new EC2Client({
      region: 'us-east-1',
      endpoint: info.env.AWS_ENDPOINT_URL_EC2,
      credentials: {
        accessKeyId: info.env.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: info.env.AWS_SECRET_ACCESS_KEY ?? '',
      },
    });
    const images = (
      await client.send(new DescribeImagesCommand({ ImageIds: [info.images[0]?.imageId ?? ''] }))
    ).Images;
    expect(images?.[0]).toMatchObject({ Name: 'web-base', State: 'available' });
    expect(images?.[0]?.Tags).toEqual([
      { Key: 'team', Value: 'platform' },
      { Key: 'env', Value: 'prod' },
    ]);
  });

  it('prints the exports in text mode and fails clearly on a bad flag', async () => {
    const { firstLine } = await runCli(['--port', '0']);
    expect(firstLine).toMatch(/^EC2 simulator listening on http:\/\/127\.0\.0\.1:\d+/);
    await expect(runCli(['--port', '0', '--profile', 'wobbly'])).rejects.toThrow(
      /--profile: expected one of/,
    );
  });
});
