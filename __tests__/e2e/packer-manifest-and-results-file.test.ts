/**
 * packer-manifest and results-file, end to end: the bundle reads Packer's manifest from its
 * workspace (the last run's build, or the one packer-build-name picks), and writes the results
 * file there, the same results as the outputs plus the source and the run. A manifest that is
 * missing, malformed or ambiguous is an input error: no call is made.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { amiIdsOutput } from '../support/invariants.js';
import { startScenario } from '../support/scenario.js';

function manifest(builds: { name: string; artifact: string; run: string }[], lastRun: string): string {
  return JSON.stringify({
    builds: builds.map((b, i) => ({
      name: b.name,
      builder_type: 'amazon-ebs',
      build_time: 1764600000 + i,
      files: null,
      artifact_id: b.artifact,
      packer_run_uuid: b.run,
      custom_data: {},
    })),
    last_run_uuid: lastRun,
  });
}

describe.concurrent('bundle: packer-manifest and results-file', () => {
  it("distributes the last run's build named by packer-build-name and writes the results file", async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1'] });
    try {
      const workspace = await mkdtemp(join(tmpdir(), 'workspace-'));
      const source = s.world.sourceImageId;
      await writeFile(
        join(workspace, 'packer-manifest.json'),
        manifest(
          [
            { name: 'web', artifact: 'us-east-1:ami-0aaaaaaaaaaaaaaaa', run: 'old-run' },
            { name: 'web', artifact: `us-east-1:${source}`, run: 'run-2' },
            { name: 'worker', artifact: 'us-east-1:ami-0bbbbbbbbbbbbbbbb', run: 'run-2' },
          ],
          'run-2',
        ),
      );
      const run = await s.run({
        cwd: workspace,
        inputs: {
          'packer-manifest': 'packer-manifest.json',
          'packer-build-name': 'web',
          'target-regions': 'eu-west-1',
          'results-file': 'out/ami-distribute.json',
        },
      });
      expect(run.errorMessage).toBeUndefined();
      expect(run.exitCode).toBe(0);
      expect(amiIdsOutput(run)['us-east-1']).toBe(source);
      const results = JSON.parse(await readFile(join(workspace, 'out/ami-distribute.json'), 'utf8'));
      expect(results['ami-ids']).toEqual(amiIdsOutput(run));
      expect(results.images).toEqual(JSON.parse(run.outputs.images ?? 'null'));
      expect(results['failed-regions']).toEqual([]);
      expect(results.source).toMatchObject({ imageId: source, region: 'us-east-1' });
      expect(results.run).toMatchObject({ repository: 'example-org/images', runId: '4242', runAttempt: '1' });
    } finally {
      await s.close();
    }
  });

  it('an ambiguous manifest lists the builds and makes no call', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1'] });
    try {
      const workspace = await mkdtemp(join(tmpdir(), 'workspace-'));
      await writeFile(
        join(workspace, 'm.json'),
        manifest(
          [
            { name: 'web', artifact: 'us-east-1:ami-0aaaaaaaaaaaaaaaa', run: 'r' },
            { name: 'worker', artifact: 'us-east-1:ami-0bbbbbbbbbbbbbbbb', run: 'r' },
          ],
          'r',
        ),
      );
      const run = await s.run({
        cwd: workspace,
        inputs: { 'packer-manifest': 'm.json', 'target-regions': 'eu-west-1' },
      });
      expect(run.exitCode).toBe(1);
      expect(run.errorMessage).toContain('packer-manifest');
      expect(run.errorMessage).toContain('"web", "worker"');
      expect(run.errorMessage).toContain('set packer-build-name');
      expect(s.model.log.all()).toEqual([]);
    } finally {
      await s.close();
    }
  });

  it('a missing manifest and a manifest beside source-ami-id are input errors', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1'] });
    try {
      const workspace = await mkdtemp(join(tmpdir(), 'workspace-'));
      const missing = await s.run({
        cwd: workspace,
        inputs: { 'packer-manifest': 'nope.json', 'target-regions': 'eu-west-1' },
      });
      expect(missing.exitCode).toBe(1);
      expect(missing.errorMessage).toContain('"nope.json" cannot be read');
      const both = await s.run({
        cwd: workspace,
        inputs: {
          'packer-manifest': 'nope.json',
          'source-ami-id': s.world.sourceImageId,
          'target-regions': 'eu-west-1',
        },
      });
      expect(both.errorMessage).toContain('set together with source-ami-id');
      expect(s.model.log.all()).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
