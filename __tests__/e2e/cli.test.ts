/**
 * The command-line front end (dist/cli/index.js, the package's `bin`) as a GitLab CI job or a
 * person would run it, against the simulator over HTTP: results as JSON on stdout, progress on
 * stderr, documented exit codes, the same input checks as the action.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INPUT_SPECS } from '../../src/config/input-spec.js';
import { ACTION_NODE } from '../support/run-action.js';
import { startWorld, type World } from '../support/sim-world.js';

const CLI = resolve(import.meta.dirname, '../../dist/cli/index.js');

interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function cli(args: readonly string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(ACTION_NODE, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(killer);
      done({ code, stdout, stderr });
    });
  });
}

describe.concurrent('command line: ami-distribute', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world.close());

  it('copies, prints the results as JSON on stdout and the progress on stderr, exits 0', async () => {
    const run = await cli(
      ['--source-ami-id', world.sourceImageId, '--target-regions', 'eu-west-1,us-west-2'],
      world.env,
    );
    expect(run.stderr).not.toMatch(/^error:/m);
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(results).sort()).toEqual(['ami-ids', 'failed-regions', 'images', 'matrix', 'release']);
    const amiIds = results['ami-ids'] as Record<string, string>;
    for (const region of ['eu-west-1', 'us-west-2']) {
      expect(world.sim.model.imageState(region, amiIds[region] as string)).toBe('available');
    }
    expect(run.stderr).toContain('eu-west-1: copy started');
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 on bad input, naming the input, before any AWS call', async () => {
    // A simulator of its own: the other tests of this file make calls meanwhile.
    const quiet = await startWorld();
    try {
      const run = await cli(['--source-ami-id', 'ami-123', '--target-regions', 'eu-west-1'], quiet.env);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('source-ami-id');
      expect(run.stdout).toBe('');
      expect(quiet.sim.model.log.all()).toEqual([]);
    } finally {
      await quiet.close();
    }
  });

  it('exits 2 on an option that is not an input, pointing at --help', async () => {
    const run = await cli(['--source-ami', world.sourceImageId], world.env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--source-ami.*see --help/);
  });

  it('exits 1 when a region fails, with the results still on stdout', async () => {
    world.sim.model.faults.failCopies('ap-southeast-2');
    const run = await cli(
      ['--source-ami-id', world.sourceImageId, '--target-regions', 'ap-southeast-2'],
      world.env,
    );
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as Record<string, unknown>)['failed-regions']).toEqual(['ap-southeast-2']);
    expect(run.stderr).toMatch(/^error: .*ap-southeast-2/m);
  });

  it('--help lists every input of the action, with the exit codes', async () => {
    const run = await cli(['--help'], {});
    expect(run.code).toBe(0);
    for (const spec of INPUT_SPECS) expect(run.stdout).toContain(`--${spec.name} <value>`);
    expect(run.stdout).toContain('Exit codes: 0 every region available, 1 a region failed');
  });
});

describe('the packed package', () => {
  it('installs from its tarball with nothing to fetch, and `npx ami-distribute --help` runs', async () => {
    const { execFileSync } = await import('node:child_process');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'ami-distribute-pack-'));
    const root = resolve(import.meta.dirname, '../..');
    const npm = (args: string[], cwd: string) =>
      execFileSync('npm', args, {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, npm_config_update_notifier: 'false' },
      });
    const tarball = npm(['pack', '--silent', '--pack-destination', dir], root)
      .trim()
      .split('\n')
      .at(-1) as string;
    const app = join(dir, 'app');
    execFileSync('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), '{"name":"consumer","version":"1.0.0","private":true}');
    // Offline: the bundle needs no dependency, so a runner without registry access can install it.
    npm(['install', '--offline', '--no-audit', '--no-fund', join(dir, tarball)], app);
    const help = npm(['exec', '--offline', '--', 'ami-distribute', '--help'], app);
    expect(help).toContain('Usage: ami-distribute --source-ami-id <id> --target-regions <regions>');
    for (const spec of INPUT_SPECS) expect(help).toContain(`--${spec.name}`);
  }, 120_000);
});

describe('the README', () => {
  it('shows a GitLab CI job that runs the command line and keeps its JSON', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const block = /```yaml \.gitlab-ci\.yml\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const job = (parse(block ?? '') as Record<string, { script: string[] }>)['distribute-ami'];
    expect(job?.script.join('\n')).toMatch(
      /npx ami-distribute --source-ami-id .* --target-regions .*> amis\.json/,
    );
  });
});
