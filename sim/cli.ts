/**
 * `npm run sim -- [flags]`: run the EC2 simulator on a port so any client (AWS CLI, SDK, the
 * action) can talk to it. Prints the seeded image ids, the credentials and the environment.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { clientEnvironment } from './client-env.js';
import { startSimulator } from './http/server.js';
import { realClock, scaledClock } from './model/clock.js';
import { PROGRESS_PROFILES, type ProgressProfileName } from './model/copy-progress.js';
import { createModel, type ModelOptions } from './model/model.js';
import { seedFromSpecs } from './seed-spec.js';

const HELP = `EC2 simulator: EC2 + STS over the AWS Query API on 127.0.0.1, for tests and demos.

Usage: npm run sim -- [flags]

  --port N              port to listen on (default 4566; 0 = any free port)
  --host ADDR           address to bind (default 127.0.0.1)
  --seed SPEC           seed a source image; repeatable. SPEC is
                          region:name=NAME[,size=GiB][,devices=N][,tags=k=v;k2=v2]
                                 [,encrypted][,kms=alias/x][,description=TEXT][,architecture=arm64]
                        e.g. 'us-east-1:name=web-base,size=50,tags=team=platform;env=prod'
  --scale N             simulated seconds per real second (default 1 = real time); 60 makes
                        a 20-minute copy take 20 s
  --rng-seed S          seed for ids, jitter, progress curves and fault dice (default 1)
  --latency MS          real milliseconds added to every answer
  --throughput SPEC     copy throughput MiB/s: N, or region=N[,region=N…] (default 40)
  --overhead S          fixed start-up seconds of every copy (default 60)
  --profile NAME        progress curve: ${PROGRESS_PROFILES.join(' | ')} (default realistic)
  --quota N             concurrent copies per destination region (default 50)
  --kms REGION:ALIAS    create a customer KMS key with that alias; repeatable
  --opt-in REGION       mark an opt-in region as opted in; repeatable
  --disable REGION      mark a region as not opted in; repeatable
  --unblock-public REGION
                        turn block public access for AMIs off in REGION ('*' = every region;
                        default: blocked, as for a new AWS account); repeatable
  --fail-region R[=CODE:MESSAGE]
                        copies into region R end 'failed' with that StateReason; repeatable
  --throttle RATE       answer RequestLimitExceeded to this fraction of calls (0..1)
  --account-id ID       account of the default credentials (default 123456789012)
  --access-key-id KEY   default AKIASIMULATORKEY0001
  --secret-access-key S default simulatorSecretKey/ForTestsOnly/00000000
  --json                print one JSON line (url, port, images, env) instead of text
  --help                this text

Client settings are printed at start; GET /_sim/state shows the model as JSON.`;

interface CliFlags {
  [key: string]: string | boolean | string[] | undefined;
}

function number(flags: CliFlags, name: string, check: (n: number) => boolean): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || !check(n)) {
    throw new Error(`--${name}: invalid value "${String(raw)}"`);
  }
  return n;
}

export function modelOptionsFromFlags(flags: CliFlags): ModelOptions {
  const scale = number(flags, 'scale', (n) => n > 0);
  const profile = flags.profile as string | undefined;
  if (profile !== undefined && !(PROGRESS_PROFILES as readonly string[]).includes(profile)) {
    throw new Error(`--profile: expected one of ${PROGRESS_PROFILES.join(', ')}`);
  }
  const throughputRaw = flags.throughput as string | undefined;
  let throughput: ModelOptions['copyThroughputMiBps'];
  if (throughputRaw !== undefined) {
    if (/^\d+(\.\d+)?$/.test(throughputRaw)) throughput = Number(throughputRaw);
    else {
      const perRegion: Record<string, number> = {};
      for (const pair of throughputRaw.split(',')) {
        const [region, value] = pair.split('=');
        if (!region || !value || !(Number(value) > 0)) throw new Error(`--throughput: bad entry "${pair}"`);
        perRegion[region] = Number(value);
      }
      throughput = perRegion;
    }
  }
  const optIn: Record<string, 'opted-in' | 'not-opted-in'> = {};
  for (const region of (flags['opt-in'] as string[] | undefined) ?? []) optIn[region] = 'opted-in';
  for (const region of (flags.disable as string[] | undefined) ?? []) optIn[region] = 'not-opted-in';
  const unblocked = (flags['unblock-public'] as string[] | undefined) ?? [];
  const imageBlockPublicAccess = Object.fromEntries(
    unblocked.map((region) => [region, 'unblocked' as const]),
  );
  const seed = flags['rng-seed'] as string | undefined;
  const overhead = number(flags, 'overhead', (n) => n >= 0);
  const quota = number(flags, 'quota', (n) => Number.isInteger(n) && n >= 0);
  return {
    clock: scale === undefined || scale === 1 ? realClock() : scaledClock(scale),
    ...(seed !== undefined ? { seed: /^\d+$/.test(seed) ? Number(seed) : seed } : {}),
    ...(profile ? { progressProfile: profile as ProgressProfileName } : {}),
    ...(throughput !== undefined ? { copyThroughputMiBps: throughput } : {}),
    ...(overhead !== undefined ? { copyOverheadSeconds: overhead } : {}),
    ...(quota !== undefined ? { copyQuota: quota } : {}),
    ...(flags['account-id'] ? { accountId: flags['account-id'] as string } : {}),
    ...(flags['access-key-id'] ? { accessKeyId: flags['access-key-id'] as string } : {}),
    ...(flags['secret-access-key'] ? { secretAccessKey: flags['secret-access-key'] as string } : {}),
    optIn,
    ...(unblocked.length > 0 ? { imageBlockPublicAccess } : {}),
  };
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string', multiple: true },
      scale: { type: 'string' },
      'rng-seed': { type: 'string' },
      latency: { type: 'string' },
      throughput: { type: 'string' },
      overhead: { type: 'string' },
      profile: { type: 'string' },
      quota: { type: 'string' },
      kms: { type: 'string', multiple: true },
      'opt-in': { type: 'string', multiple: true },
      disable: { type: 'string', multiple: true },
      'unblock-public': { type: 'string', multiple: true },
      'fail-region': { type: 'string', multiple: true },
      throttle: { type: 'string' },
      'account-id': { type: 'string' },
      'access-key-id': { type: 'string' },
      'secret-access-key': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const flags = values as CliFlags;
  const model = createModel(modelOptionsFromFlags(flags));
  for (const entry of values.kms ?? []) {
    const [region, alias] = entry.split(/:(.*)/s);
    if (!region || !alias) throw new Error(`--kms: expected REGION:alias/NAME, got "${entry}"`);
    model.createKmsKey(region, { aliases: [alias] });
  }
  for (const entry of values['fail-region'] ?? []) {
    const [region, reason] = entry.split(/=(.*)/s);
    if (!region) throw new Error(`--fail-region: expected REGION[=CODE:MESSAGE], got "${entry}"`);
    const [code, message] = (reason ?? '').split(/:(.*)/s);
    model.faults.failCopies(region, code ? { code, message: message ?? code } : undefined);
  }
  const throttle = number(flags, 'throttle', (n) => n >= 0 && n <= 1);
  if (throttle) model.faults.throttle(throttle);
  const seeded = seedFromSpecs(model, values.seed ?? []);
  const port = number(flags, 'port', (n) => Number.isInteger(n) && n >= 0 && n < 65536) ?? 4566;
  const latencyMs = number(flags, 'latency', (n) => n >= 0) ?? 0;
  const sim = await startSimulator({ port, host: values.host ?? '127.0.0.1', model, latencyMs });
  const env = clientEnvironment(sim.url, model.defaultCredentials, seeded[0]?.region ?? 'us-east-1');
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ url: sim.url, port: sim.port, images: seeded, env })}\n`);
  } else {
    const lines = [
      `EC2 simulator listening on ${sim.url} (clock: ${model.clock.kind}${values.scale ? ` x${values.scale}` : ''})`,
      seeded.length > 0 ? 'Seeded images:' : 'No images seeded (use --seed).',
      ...seeded.map((s) => {
        const tags = Object.entries(model.tagsOf(s.imageId)).map(([k, v]) => `${k}=${v}`);
        return `  ${s.region}  ${s.imageId}  ${s.name}${tags.length ? `  tags: ${tags.join(', ')}` : ''}`;
      }),
      `Account ${model.defaultAccountId}; credentials and endpoints for clients:`,
      ...Object.entries(env).map(([k, v]) => `  export ${k}=${shellQuote(v)}`),
      `State (JSON): ${sim.url}/_sim/state    Stop: Ctrl-C`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  const stop = () => {
    sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`sim: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
