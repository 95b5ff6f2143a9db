/** Runs benchmark jobs on `workers` threads (1: in this thread), longest workloads first. */
import { Worker } from 'node:worker_threads';
import { type JobResult, runJob } from './run-job.js';
import type { WorkloadId } from './workloads.js';

export interface Job {
  readonly workload: WorkloadId;
  readonly seed: number;
  readonly verify: boolean;
}

export async function runJobs(jobs: readonly Job[], workers: number): Promise<JobResult[]> {
  if (workers <= 1) {
    const results: JobResult[] = [];
    for (const job of jobs) results.push(await runJob(job.workload, job.seed, job.verify));
    return results;
  }
  const queue = jobs.map((job, id) => ({ id, ...job }));
  const results = new Array<JobResult>(jobs.length);
  const threads = Array.from(
    { length: Math.min(workers, jobs.length) },
    () =>
      new Worker(new URL('./worker-entry.mjs', import.meta.url), {
        env: { ...process.env, AWS_SDK_JS_SUPPRESS_NODE_VERSION_WARNING: 'true' },
      }),
  );
  try {
    await Promise.all(
      threads.map(
        (thread) =>
          new Promise<void>((resolve, reject) => {
            const next = () => {
              const job = queue.shift();
              if (!job) {
                resolve();
                return;
              }
              thread.postMessage(job);
            };
            thread.on('message', (message: { id: number; result?: JobResult; error?: string }) => {
              if (message.error !== undefined || !message.result) {
                reject(new Error(message.error ?? 'worker sent no result'));
                return;
              }
              results[message.id] = message.result;
              next();
            });
            thread.on('error', reject);
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
  return results;
}
