/** A benchmark worker thread: runs the jobs it is sent (see pool.ts), one at a time. */
import { parentPort } from 'node:worker_threads';
import { runJob } from './run-job.js';
import type { WorkloadId } from './workloads.js';

parentPort?.on('message', (job: { id: number; workload: WorkloadId; seed: number; verify: boolean }) => {
  runJob(job.workload, job.seed, job.verify).then(
    (result) => parentPort?.postMessage({ id: job.id, result }),
    (error: unknown) =>
      parentPort?.postMessage({ id: job.id, error: String((error as Error)?.stack ?? error) }),
  );
});
