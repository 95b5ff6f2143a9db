/**
 * Real-time measurements over the HTTP simulator (127.0.0.1 only), each call answered after
 * `LATENCY_MS`:
 * - fan-out: start to the last CopyImage accepted, 17 regions, through the action's own SDK
 *   gateway (`src/aws/ec2-gateway.ts` + `client-factory.ts`), all at once vs one after another;
 * - cold start of the committed bundle: process spawn to the first request the simulator sees
 *   (`node dist/index.js`, inputs as INPUT_* variables, as the runner starts it), answered
 *   without delay, beside `node -e 0` (spawn to exit) and a bundle of @actions/core alone
 *   (spawn to its one request);
 * - the bundle's size.
 * Each figure is the median of `RUNS` runs, but the sequential fan-out's, which is one run (see
 * `SEQUENTIAL_RUNS`).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clientEnvironment } from '../sim/client-env.js';
import { startSimulator } from '../sim/http/server.js';
import { DEFAULT_REGIONS, OPT_IN_REGIONS } from '../sim/model/index.js';
import { createEc2ClientFactory } from '../src/aws/client-factory.js';
import { createSdkEc2Access } from '../src/aws/ec2-gateway.js';
import type { CopyImageRequest } from '../src/aws/types.js';
import { percentile } from './metrics.js';
import type { HttpFigures } from './targets.js';

export const LATENCY_MS = 200;
const RUNS = 3;
/**
 * The sequential fan-out is 17 x 200 ms of latency (97% of its 3.5 s) plus the calls' own few ms:
 * its runs differ by about 1% (3,500-3,541 ms in nine runs), far below the concurrent figure's
 * spread (240-265 ms), which sets the speedup's precision. One run instead of three saves 7 s.
 */
const SEQUENTIAL_RUNS = 1;
const SOURCE_REGION = 'us-east-1';
/** 17 targets: every default region but the source's, plus one opted-in region. */
export const FAN_OUT_REGIONS = [
  ...DEFAULT_REGIONS.filter((r) => r !== SOURCE_REGION),
  OPT_IN_REGIONS[0] as string,
];
const BUNDLE = resolve(import.meta.dirname, '../dist/index.js');

export async function runHttpBench(): Promise<HttpFigures> {
  const concurrent: number[] = [];
  const sequential: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    concurrent.push(await fanOut('concurrent', run));
    if (run < SEQUENTIAL_RUNS) sequential.push(await fanOut('sequential', run));
  }
  const bundleExists = existsSync(BUNDLE);
  let coldStartFigures: HttpFigures['coldStart'];
  if (bundleExists) {
    const coreOnly = await buildCoreOnlyBundle();
    const bundle: number[] = [];
    const core: number[] = [];
    const node: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      bundle.push(await coldStart([BUNDLE]));
      core.push(await coldStart([coreOnly]));
      node.push(await nodeStartToExit());
    }
    coldStartFigures = {
      bundleMs: Math.round(percentile(bundle, 50)),
      coreOnlyMs: Math.round(percentile(core, 50)),
      nodeMs: Math.round(percentile(node, 50)),
    };
  }
  const concurrentMs = Math.round(percentile(concurrent, 50));
  const sequentialMs = Math.round(percentile(sequential, 50));
  return {
    latencyPerCallMs: LATENCY_MS,
    fanOut: {
      regions: FAN_OUT_REGIONS.length,
      concurrentMs,
      sequentialMs,
      speedup: Math.round((10 * sequentialMs) / concurrentMs) / 10,
    },
    coldStart: coldStartFigures,
    bundleBytes: bundleExists ? statSync(BUNDLE).size : undefined,
  };
}

/** Start to the last CopyImage accepted, through the action's gateway (fresh clients each run). */
async function fanOut(mode: 'concurrent' | 'sequential', run: number): Promise<number> {
  const sim = await startSimulator({
    latencyMs: LATENCY_MS,
    modelOptions: { optIn: { [OPT_IN_REGIONS[0] as string]: 'opted-in' } },
  });
  const savedEndpoint = process.env.AWS_ENDPOINT_URL_EC2;
  try {
    process.env.AWS_ENDPOINT_URL_EC2 = sim.url;
    const source = sim.model.seedImage({ region: SOURCE_REGION, name: 'fan-out-source', sizeGiB: 8 });
    const { accessKeyId, secretAccessKey } = sim.model.defaultCredentials;
    const ec2 = createSdkEc2Access(
      createEc2ClientFactory({
        credentials: { accessKeyId, secretAccessKey },
        userAgent: 'ami-distribute-bench',
      }),
    );
    const request = (region: string): CopyImageRequest => ({
      sourceImageId: source.imageId,
      sourceRegion: SOURCE_REGION,
      name: `fan-out-${mode}-${run}`,
      description: undefined,
      encrypted: false,
      kmsKeyId: undefined,
      clientToken: `fan-out-${mode}-${run}-${region}`,
      imageTags: { purpose: 'bench' },
      snapshotTags: { purpose: 'bench' },
    });
    const started = performance.now();
    if (mode === 'concurrent') {
      await Promise.all(FAN_OUT_REGIONS.map((region) => ec2.forRegion(region).copyImage(request(region))));
    } else {
      for (const region of FAN_OUT_REGIONS) await ec2.forRegion(region).copyImage(request(region));
    }
    const elapsed = performance.now() - started;
    const accepted = sim.model.log.count({ action: 'CopyImage', outcome: 'ok' });
    if (accepted !== FAN_OUT_REGIONS.length) throw new Error(`fan-out: ${accepted} CopyImage accepted`);
    return elapsed;
  } finally {
    if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_EC2;
    else process.env.AWS_ENDPOINT_URL_EC2 = savedEndpoint;
    await sim.close();
  }
}

/**
 * Spawn of `node <script>` to the first request the simulator receives, with no reply delay
 * (the figure is the process's own start-up, not the simulator's latency). The process is killed
 * once that request is in (the action would go on for two more seconds, which the figure does
 * not include), and has exited before the next run spawns.
 */
async function coldStart(script: readonly string[]): Promise<number> {
  const sim = await startSimulator({ latencyMs: 0 });
  try {
    const source = sim.model.seedImage({ region: SOURCE_REGION, name: 'cold-start-source', sizeGiB: 8 });
    const dir = mkdtempSync(join(tmpdir(), 'ami-distribute-bench-'));
    const files = {
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      GITHUB_STATE: join(dir, 'state'),
    };
    for (const file of Object.values(files)) writeFileSync(file, '');
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      RUNNER_TEMP: dir,
      GITHUB_ACTIONS: 'true',
      ...files,
      ...clientEnvironment(sim.url, sim.model.defaultCredentials, SOURCE_REGION),
      'INPUT_SOURCE-AMI-ID': source.imageId,
      'INPUT_SOURCE-REGION': SOURCE_REGION,
      'INPUT_TARGET-REGIONS': 'eu-west-1',
      INPUT_WAIT: 'false',
    };
    const started = Date.now();
    const child = spawn(process.execPath, [...script], { env, stdio: 'ignore' });
    const closed = new Promise<number | null>((done) => child.on('close', done));
    const seen = setInterval(() => {
      if (sim.model.log.all().length > 0) child.kill('SIGKILL');
    }, 5);
    const code = await closed.finally(() => clearInterval(seen));
    const first = sim.model.log.all()[0];
    if (!first) throw new Error(`cold start: ${script.join(' ')} made no request (exit code ${code})`);
    return first.realTime - started;
  } finally {
    await sim.close();
  }
}

/** `node -e 0`: spawn to exit, the floor of any Node action. */
async function nodeStartToExit(): Promise<number> {
  const started = Date.now();
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((done) => child.on('close', done));
  return Date.now() - started;
}

/**
 * A bundle (ncc, like dist/) of `@actions/core` alone that reads an input and then makes one
 * request to the simulator: what an action costs before it loads any AWS code. The build takes
 * seconds and gives the same bytes for the same entry, lockfile and ncc, so it is kept in .tmp/
 * under a hash of those and reused while they stay the same.
 */
async function buildCoreOnlyBundle(): Promise<string> {
  const dir = resolve(import.meta.dirname, '../.tmp/cold-start-core');
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, 'entry.mjs');
  const source = [
    "import * as core from '@actions/core';",
    "import { request } from 'node:http';",
    "core.getInput('source-ami-id');",
    'request(process.env.AWS_ENDPOINT_URL_EC2, { method: "POST" }).on("error", () => {}).end();',
    '',
  ].join('\n');
  const out = join(dir, 'index.mjs');
  const keyFile = join(dir, 'index.key');
  const root = resolve(import.meta.dirname, '..');
  const key = createHash('sha256')
    .update(source)
    .update(readFileSync(join(root, 'package-lock.json')))
    .update(readFileSync(join(root, 'node_modules/@vercel/ncc/package.json')))
    .digest('hex');
  if (existsSync(out) && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) return out;
  writeFileSync(entry, source);
  // ncc ships no types; its default export is (entry, options) => Promise<{ code }>.
  const specifier: string = '@vercel/ncc';
  const ncc = (
    (await import(specifier)) as { default: (file: string, options: object) => Promise<{ code: string }> }
  ).default;
  const { code } = await ncc(entry, { quiet: true, minify: false });
  writeFileSync(out, code);
  writeFileSync(keyFile, key);
  return out;
}
