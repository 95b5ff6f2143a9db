/**
 * `npm run local-action` (scripts/local-action.ts): @github/local-action runs the TypeScript
 * entry (src/local-action.ts) for the main and then the post phase, against the simulator the
 * script starts on 127.0.0.1, with the committed .env.example's inputs. The test gives it an
 * env file of its own (.env.example plus a results-file) and reads back what the script
 * leaves: the log, the simulator's requests, the job summary and the results file.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { cells, summaryRow } from '../report/summary-parts.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** The committed example: the targets it asks for, the source id it gives. */
const EXAMPLE_TEXT = await readFile(resolve(ROOT, '.env.example'), 'utf8');
const example = parseEnv(EXAMPLE_TEXT);
const targets = (example['INPUT_TARGET-REGIONS'] ?? '').split(',');

interface Request {
  readonly action: string;
  readonly region: string;
  readonly outcome: string;
}

describe('npm run local-action: main and post phase through @github/local-action, against the simulator', () => {
  let out: string;
  let log: string;
  let exitCode: number | null;
  let requests: Request[];
  let summary: string;
  /** The results file: the outputs as JSON values, and the source. */
  let results: { 'ami-ids': Record<string, string>; 'failed-regions': string[]; source: { imageId: string } };

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'ami-distribute-local-action-'));
    const envFile = join(out, 'test.env');
    await writeFile(envFile, `${EXAMPLE_TEXT}\nINPUT_RESULTS-FILE=${join(out, 'results.json')}\n`);
    // The script the npm script runs, as `npm run local-action -- --env … --out …` would.
    const child = spawn(
      process.execPath,
      [
        resolve(ROOT, 'node_modules/tsx/dist/cli.mjs'),
        'scripts/local-action.ts',
        '--env',
        envFile,
        '--out',
        out,
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: out, NO_COLOR: '1' } },
    );
    log = '';
    child.stdout.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    exitCode = await new Promise((done) => child.on('close', done));
    requests = JSON.parse(await readFile(join(out, 'simulator-requests.json'), 'utf8')) as Request[];
    summary = await readFile(join(out, 'summary.md'), 'utf8');
    results = JSON.parse(await readFile(join(out, 'results.json'), 'utf8'));
  }, 170_000);

  it('exits 0 with the main phase and then the post phase run', () => {
    expect(exitCode, log).toBe(0);
    const main = log.indexOf('Running Action');
    const post = log.indexOf('Running Post Step');
    expect(main).toBeGreaterThan(0);
    expect(post).toBeGreaterThan(main);
    // The post phase read the state the main phase saved (core.saveState, kept by local-action).
    expect(log.indexOf('Post phase: the main phase finished and reported')).toBeGreaterThan(post);
    expect(log).not.toMatch(/::error::|ami-distribute failed unexpectedly/);
  });

  it('copied into each target of .env.example on the simulator, once, and removed nothing', () => {
    const copies = requests.filter((r) => r.action === 'CopyImage');
    expect(copies.map((r) => r.region).sort()).toEqual([...targets].sort());
    expect(copies.every((r) => r.outcome === 'ok')).toBe(true);
    expect(requests.filter((r) => r.action === 'DeregisterImage')).toEqual([]);
    // The source was described in its region.
    expect(requests.some((r) => r.action === 'DescribeImages' && r.region === 'us-east-1')).toBe(true);
  });

  it('wrote the outputs (through results-file) and the job summary, with the same images', () => {
    const amiIds = results['ami-ids'];
    expect(Object.keys(amiIds).sort()).toEqual([...targets, 'us-east-1'].sort());
    // The image the script seeded, which is also the one `npm run sim` seeds first (the
    // example's id, for running local-action against a simulator of one's own).
    expect(amiIds['us-east-1']).toBe(results.source.imageId);
    expect(amiIds['us-east-1']).toBe(example['INPUT_SOURCE-AMI-ID']);
    expect(results['failed-regions']).toEqual([]);
    for (const region of targets) {
      const row = cells(summaryRow(summary, region));
      expect(row.slice(2, 4)).toEqual(['new', '✅ available']);
      expect(row[1]).toContain(`\`${amiIds[region]}\``);
    }
    expect(cells(summaryRow(summary, 'us-east-1'))[2]).toBe('source');
  });

  it('used only the simulator on 127.0.0.1, with its fake credentials', async () => {
    const used = parseEnv(await readFile(join(out, 'local-action.env'), 'utf8'));
    for (const service of ['EC2', 'STS', 'SSM'])
      expect(used[`AWS_ENDPOINT_URL_${service}`]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(used.AWS_ACCESS_KEY_ID).toBe(example.AWS_ACCESS_KEY_ID);
    expect(log).toMatch(/Simulator on http:\/\/127\.0\.0\.1:\d+/);
  });
});
