/**
 * `npm run bench`: every strategy on every workload, on virtual time over the simulator's model;
 * prints one table and the targets, and writes `bench/results/latest.json`.
 *
 * Options: --seed N (default 1) · --workloads W1,W2,W3 · --out PATH (default
 * bench/results/latest.json; `-` = do not write) · --no-http (skip the real-time measurements over
 * the HTTP simulator, see http-bench.ts).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runHttpBench } from './http-bench.js';
import { measure, type StrategyMetrics } from './metrics.js';
import { STRATEGIES } from './strategies.js';
import { renderTable, type TableRow } from './table.js';
import { evaluateTargets, type HttpFigures, renderTargets } from './targets.js';
import { type WorkloadId, workloadSpec } from './workloads.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      workloads: { type: 'string', default: 'W1,W2,W3' },
      out: { type: 'string', default: 'bench/results/latest.json' },
      http: { type: 'boolean', default: true },
      'no-http': { type: 'boolean', default: false },
    },
  });
  if (values['no-http']) values.http = false;
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  const ids = values.workloads.split(',').map((w) => w.trim()) as WorkloadId[];

  const rows: TableRow[] = [];
  const workloads: { id: WorkloadId; title: string; results: StrategyMetrics[] }[] = [];
  for (const id of ids) {
    const spec = workloadSpec(id, seed);
    const results: StrategyMetrics[] = [];
    for (const strategy of STRATEGIES) {
      const metrics = measure(await strategy.run(spec));
      results.push(metrics);
      rows.push({ workload: id, metrics });
    }
    workloads.push({ id, title: spec.title, results });
  }

  let http: HttpFigures | undefined;
  if (values.http) http = await runHttpBench();

  const targets = evaluateTargets(workloads, http);
  console.log(`ami-distribute wait benchmark (virtual time over the simulator's model, seed ${seed})`);
  for (const w of workloads) console.log(`  ${w.id}: ${w.title}`);
  console.log('');
  console.log(renderTable(rows));
  console.log('');
  console.log(renderTargets(targets, http));

  if (values.out !== '-') {
    const result = {
      command: `npm run bench -- --seed ${seed}${values.http ? '' : ' --no-http'}`,
      seed,
      timeoutHours: 6,
      strategies: STRATEGIES.map((s) => ({ name: s.name, description: s.description })),
      workloads,
      http,
      targets,
    };
    writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`\nresults written to ${values.out}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
