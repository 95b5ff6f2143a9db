/**
 * `npm run bench`: every strategy on every workload and seed, on fake time over the simulator's
 * model, each through the action's own gateway and SDK clients; prints one table (median and
 * worst over seeds, beside the physical floor), the verdict per target of issue 11, and writes
 * `bench/results/latest.json`.
 *
 * Options: --seeds N (default 20: seeds 1..N) · --workloads W1,W2,… (default all) · --workers N
 * (default 2) · --verify-seeds N (default 1: on seeds 1..N the fixed loops and the SDK waiter
 * of fault-free workloads are executed as well as computed, and must agree) · --out PATH (`-`: do not write) ·
 * --no-http (skip the real-time fan-out and cold-start measurements, see http-bench.ts).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runHttpBench } from './http-bench.js';
import { type Job, runJobs } from './pool.js';
import type { JobResult } from './run-job.js';
import { STRATEGIES } from './strategies.js';
import { type SummaryRow, summarize } from './summary.js';
import { renderTable } from './table.js';
import { evaluateTargets, type HttpFigures, renderTargets, type TargetCheck } from './targets.js';
import { WORKLOAD_IDS, type WorkloadId, workloadSpec } from './workloads.js';

export interface BenchOptions {
  readonly workloads: readonly WorkloadId[];
  readonly seeds: readonly number[];
  readonly workers: number;
  readonly verifySeeds: number;
}

export interface BenchResult {
  readonly jobs: readonly JobResult[];
  readonly rows: readonly SummaryRow[];
  readonly targets: readonly TargetCheck[];
}

/** Cost order (most SDK calls first), so the pool finishes together. */
const COST: readonly WorkloadId[] = ['W2', 'W5', 'W7', 'W6', 'W1', 'W3', 'W8', 'W4'];

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const jobs: Job[] = [];
  for (const workload of [...options.workloads].sort((a, b) => COST.indexOf(a) - COST.indexOf(b))) {
    for (const seed of options.seeds) jobs.push({ workload, seed, verify: seed <= options.verifySeeds });
  }
  const results = await runJobs(jobs, options.workers);
  const order = (r: JobResult) => options.workloads.indexOf(r.workload) * 1e6 + r.seed;
  results.sort((a, b) => order(a) - order(b));
  return { jobs: results, rows: summarize(results), targets: evaluateTargets(results) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '20' },
      workloads: { type: 'string', default: WORKLOAD_IDS.join(',') },
      workers: { type: 'string', default: '2' },
      'verify-seeds': { type: 'string', default: '1' },
      out: { type: 'string', default: 'bench/results/latest.json' },
      'no-http': { type: 'boolean', default: false },
    },
  });
  const count = (name: string, text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, got ${text}`);
    return n;
  };
  const workloads = values.workloads.split(',').map((w) => w.trim()) as WorkloadId[];
  for (const w of workloads) if (!WORKLOAD_IDS.includes(w)) throw new Error(`unknown workload ${w}`);
  const options: BenchOptions = {
    workloads,
    seeds: Array.from({ length: count('seeds', values.seeds) }, (_, i) => i + 1),
    workers: Math.max(1, count('workers', values.workers)),
    verifySeeds: count('verify-seeds', values['verify-seeds']),
  };
  const started = performance.now();
  const bench = await runBench(options);
  const virtualS = (performance.now() - started) / 1000;
  let http: HttpFigures | undefined;
  if (!values['no-http']) http = await runHttpBench();
  const totalS = (performance.now() - started) / 1000;

  const computed = new Set(bench.jobs.flatMap((j) => j.computed));
  const verified = [
    ...new Set(bench.jobs.flatMap((j) => j.verified.map((v) => `${j.workload}/s${j.seed} ${v}`))),
  ];
  console.log(
    `ami-distribute wait benchmark: ${options.seeds.length} seeds x ${workloads.length} workloads, fake time over the simulator's model, every call through the action's gateway and SDK retry policy`,
  );
  for (const id of workloads) console.log(`  ${id}: ${workloadSpec(id, 1).title}`);
  console.log('');
  console.log(renderTable(bench.rows));
  console.log('');
  console.log(renderTargets(bench.targets, http));
  console.log('');
  if (computed.size > 0) {
    console.log(
      `Computed rather than executed on fault-free workloads (exact there): ${[...computed].join(', ')}; executed and matched on ${verified.length} workload-seed-strategy runs.`,
    );
  }
  console.log(
    `Time: ${virtualS.toFixed(1)} s for the table, ${totalS.toFixed(1)} s in all (${options.workers} workers).`,
  );

  if (values.out !== '-') {
    const result = {
      command: `npm run bench -- --seeds ${options.seeds.length} --workloads ${workloads.join(',')}${values['no-http'] ? ' --no-http' : ''}`,
      seeds: options.seeds,
      timeoutHours: 6,
      workloads: workloads.map((id) => ({ id, title: workloadSpec(id, 1).title })),
      strategies: STRATEGIES.map((s) => ({ name: s.name, description: s.description })),
      table: bench.rows,
      targets: bench.targets,
      http,
      perSeed: bench.jobs,
      seconds: { table: Math.round(virtualS), total: Math.round(totalS) },
    };
    writeFileSync(values.out, `${JSON.stringify(result, null, 1)}\n`);
    console.log(`results written to ${values.out}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
