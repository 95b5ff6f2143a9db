/**
 * `npm run local-action`: the action's TypeScript run by @github/local-action, the main and
 * then the post phase (src/local-action.ts is both entries), against the EC2 simulator, which
 * this script starts in-process on 127.0.0.1 with a seeded source image. No AWS account, no
 * network: the child gets a clean environment (no AWS_* of yours) and npm runs offline.
 *
 * The inputs come from an env file in local-action's format (`INPUT_SOURCE-AMI-ID=…`; default
 * `.env` when there is one, else the committed `.env.example`). The simulator's endpoints and
 * credentials, the seeded image's id and the job summary's path (in the output folder) replace
 * those of the file. Exits with the action's result: 0 when the main phase succeeded.
 *
 *   npm run local-action
 *   npm run local-action -- --env .env --out .tmp/local-action --scale 120
 *
 * Against a simulator of your own (`npm run sim`), run local-action itself:
 *   npx local-action . src/local-action.ts .env --post src/local-action.ts
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs, parseEnv } from 'node:util';
import { clientEnvironment, scaledClock, seedFromSpecs, startSimulator } from '../sim/index.js';

const ROOT = resolve(import.meta.dirname, '..');
const ENTRY = 'src/local-action.ts';
/** The image .env.example is written for; `npm run sim -- --seed '…'` seeds the same one. */
const SEED = 'us-east-1:name=web-base,size=8';

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      env: { type: 'string' },
      out: { type: 'string', default: '.tmp/local-action' },
      scale: { type: 'string', default: '120' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'Usage: npm run local-action -- [--env FILE] [--out DIR] [--scale N]\n' +
        '  --env FILE   inputs and settings, local-action style (default .env, else .env.example)\n' +
        '  --out DIR    where the env file for local-action and the job summary go (default .tmp/local-action)\n' +
        '  --scale N    simulated seconds per real second (default 120: an 8 GiB copy takes about 2 s)\n',
    );
    return 0;
  }
  const scale = Number(values.scale);
  if (!(scale > 0))
    throw new Error(`--scale: expected a positive number, got ${JSON.stringify(values.scale)}`);
  const envFile = resolve(values.env ?? (existsSync(resolve(ROOT, '.env')) ? '.env' : '.env.example'));
  const out = resolve(values.out);
  await mkdir(out, { recursive: true });

  const sim = await startSimulator({ modelOptions: { clock: scaledClock(scale) } });
  try {
    const [source] = seedFromSpecs(sim.model, [SEED]);
    if (!source) throw new Error('the simulator seeded no image');
    const given = parseEnv(await readFile(envFile, 'utf8'));
    const summary = resolve(out, 'summary.md');
    const settings = {
      ...given,
      ...clientEnvironment(sim.url, sim.model.defaultCredentials, source.region),
      'INPUT_SOURCE-AMI-ID': source.imageId,
      GITHUB_STEP_SUMMARY: summary,
    };
    const localEnv = resolve(out, 'local-action.env');
    await writeFile(localEnv, envText(settings));
    // A fresh summary: core.summary appends to the file.
    await writeFile(summary, '');
    process.stdout.write(
      `Simulator on ${sim.url} (x${scale}), source ${source.imageId} in ${source.region}; inputs from ${envFile}.\n`,
    );

    const code = await runLocalAction(localEnv);
    await writeFile(resolve(out, 'simulator-requests.json'), JSON.stringify(requests(sim), null, 2));
    process.stdout.write(
      `\nlocal-action exited ${code}. Job summary: ${summary}; the simulator's requests: ${resolve(out, 'simulator-requests.json')}\n`,
    );
    return code;
  } finally {
    await sim.close();
  }
}

/** local-action's own bin, main and post entry the same file, with only what it needs of our environment. */
function runLocalAction(envFile: string): Promise<number> {
  const bin = resolve(ROOT, 'node_modules/@github/local-action/bin/local-action.js');
  const child = spawn(process.execPath, [bin, 'run', ROOT, ENTRY, envFile, '--post', ENTRY], {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? ROOT,
      ...(process.env.TERM ? { TERM: process.env.TERM } : {}),
      ...(process.env.NO_COLOR ? { NO_COLOR: process.env.NO_COLOR } : {}),
      // local-action runs `npm exec tsx` and `npm ls`: both local, never the registry.
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
    },
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

/** KEY=value lines; values quoted when they hold what a dotenv parser reads specially. */
function envText(settings: Readonly<Record<string, string>>): string {
  return Object.entries(settings)
    .map(([key, value]) => `${key}=${/^[\w@%+=:,./-]*$/.test(value) ? value : JSON.stringify(value)}`)
    .join('\n')
    .concat('\n');
}

function requests(sim: Awaited<ReturnType<typeof startSimulator>>) {
  return sim.model.log
    .all()
    .map((e) => ({ action: e.action, region: e.region, outcome: e.outcome, realTime: e.realTime }));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`local-action: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
