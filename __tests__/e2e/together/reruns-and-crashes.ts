/**
 * A run of the bundle meets what an earlier run left (issue 8, items 3 to 6, 8 and 12): images
 * that carry our provenance tags but are not copies of the source, a copy removed by a first
 * step of the same job, a copy that failed after its run was killed with -9, snapshots left by
 * a run killed between DeregisterImage and DeleteSnapshot, a rerun asking for another name and
 * other tags, and a reused copy timing out under `on-timeout: deregister`.
 */
import { expect, it } from 'vitest';
import { COPY_INTERNAL_ERROR } from '../../../sim/index.js';
import { provenanceTags } from '../../../src/rules/tags.js';
import { amiIdsOutput, expectInvariants, imagesOutput } from '../../support/invariants.js';
import { onCall, startScenario } from '../../support/scenario.js';
import { calls, entry, logLines, printFigures, start, until } from './helpers.js';

const SOURCE_REGION = 'us-east-1';

/** The provenance tags a real copy into eu-west-1 would carry: anyone may write them. */
function forgedProvenance(sourceImageId: string) {
  return provenanceTags({
    sourceImageId,
    sourceRegion: SOURCE_REGION,
    targetRegion: 'eu-west-1',
    encrypted: false,
    kmsKeyId: undefined,
  });
}

export function rerunsAndCrashes(): void {
  it('an image forged with our provenance tags is never reused: it is named, and a fresh copy is made', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1'] });
    try {
      const tags = forgedProvenance(s.world.sourceImageId);
      const forged = s.model.seedImage({ region: 'eu-west-1', name: 'totally-the-copy', tags, sizeGiB: 50 });
      const mark = s.model.log.all().length;
      const run = await s.run();
      printFigures('forged provenance, other name', s, [run]);
      expect(run.exitCode).toBe(0);
      const report = entry(run, 'eu-west-1');
      expect(report.origin).toBe('new');
      expect(report.imageId).not.toBe(forged.imageId);
      expect(s.model.image(report.imageId as string)?.SourceImageId).toBe(s.world.sourceImageId);
      const warning = logLines(run, `::warning::eu-west-1: ${forged.imageId} carries the provenance tags`);
      expect(warning).toHaveLength(1);
      expect(warning[0]).toContain('is not one (AWS records no source image for it');
      expect(
        s.model.log
          .all()
          .slice(mark)
          .filter((e) => e.action === 'CopyImage'),
      ).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('a forged image holding the planned name stops the run before any copy, saying it is not a copy', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1'] });
    try {
      const tags = forgedProvenance(s.world.sourceImageId);
      const forged = s.model.seedImage({
        region: 'eu-west-1',
        name: 'web-base-2026.11.26',
        tags,
        sizeGiB: 50,
      });
      const run = await s.run();
      expect(run.exitCode).toBe(1);
      expect(run.errorMessage).toContain(
        `the name 'web-base-2026.11.26' is already taken by ${forged.imageId}`,
      );
      expect(run.errorMessage).toContain(
        'carries the provenance tags of a copy of this source but is not one',
      );
      expect(s.model.log.count({ action: 'CopyImage' })).toBe(0);
      expect(amiIdsOutput(run)).toEqual({});
    } finally {
      await s.close();
    }
  });

  it('a second step of the same job copies again after the first removed its copies (same run, same inputs)', async () => {
    const s = await startScenario({ source: { sizeGiB: 150 } });
    try {
      const first = await s.run({ inputs: s.inputs({ timeout: '4s', 'on-timeout': 'deregister' }) });
      expect(first.exitCode).toBe(1);
      expect(imagesOutput(first).map((r) => r.disposition)).toEqual(s.targetRegions.map(() => 'removed'));
      const second = await s.run({ inputs: s.inputs() });
      printFigures('second step of the same job', s, [first, second]);
      expect(second.errorMessage).toBeUndefined();
      expect(second.exitCode).toBe(0);
      for (const region of s.targetRegions) {
        expect(entry(second, region).state).toBe('available');
        expect(entry(second, region).imageId).not.toBe(entry(first, region).imageId);
      }
      expectInvariants(s.model, s.mark, { copiesIn: s.targetRegions, runs: [first, second], remade: true });
    } finally {
      await s.close();
    }
  });

  it('killed with -9 mid-wait, its copy failing later: the rerun removes the failed copy and copies again under the same name', async () => {
    const s = await startScenario({ source: { sizeGiB: 100 } });
    try {
      s.model.faults.failCopies('us-west-2', COPY_INTERNAL_ERROR, 0.3);
      const run = start(s);
      await calls(s.model, (e) => e.action === 'CopyImage' && e.outcome === 'ok', s.targetRegions.length);
      run.child().kill('SIGKILL');
      const killed = await run.done;
      expect(killed.signal).toBe('SIGKILL');
      const failed = s.model.images('us-west-2')[0]?.ImageId as string;
      await until(() => s.model.imageState('us-west-2', failed) === 'failed', 'the copy fails');
      s.model.faults.copyFailures.clear();

      const rerun = await s.run({ env: { GITHUB_RUN_ATTEMPT: '2' } });
      printFigures('kill -9, copy fails later, rerun', s, [killed, rerun]);
      expect(rerun.errorMessage).toBeUndefined();
      expect(rerun.exitCode).toBe(0);
      const report = entry(rerun, 'us-west-2');
      expect(report).toMatchObject({ origin: 'new', state: 'available' });
      expect(report.cleanedUp).toContain(failed);
      expect(s.model.image(failed)).toBeUndefined();
      expect(s.model.snapshots('us-west-2').filter((snap) => snap.Description?.includes(failed))).toEqual([]);
      expect(entry(rerun, 'eu-west-1').origin).toBe('reused');
      expectInvariants(s.model, s.mark, { copiesIn: s.targetRegions, runs: [killed, rerun], remade: true });
    } finally {
      await s.close();
    }
  });

  for (const sweeper of ['post step', 'rerun'] as const) {
    it(`killed with -9 between DeregisterImage and DeleteSnapshot: the ${sweeper} deletes the snapshots left behind`, async () => {
      const s = await startScenario({ targetRegions: ['eu-west-1', 'us-west-2'] });
      try {
        s.model.faults.failCopies('us-west-2', COPY_INTERNAL_ERROR, 0.3);
        const run = start(s);
        let removedImage = '';
        onCall(
          s.model,
          'after',
          (action) => action === 'DeregisterImage',
          () => {
            removedImage = s.model.log.find({ action: 'DeregisterImage' }).at(-1)?.params.ImageId as string;
            run.child().kill('SIGKILL');
          },
        );
        const killed = await run.done;
        expect(killed.signal).toBe('SIGKILL');
        const orphans = () =>
          s.model.snapshots('us-west-2').filter((snap) => snap.Description?.includes(removedImage));
        expect(removedImage).toMatch(/^ami-/);
        expect(orphans().length).toBeGreaterThan(0);
        s.model.faults.copyFailures.clear();

        const next =
          sweeper === 'post step'
            ? await s.run({ phase: 'post', state: killed.state })
            : await s.run({ env: { GITHUB_RUN_ATTEMPT: '2' } });
        printFigures(`kill -9 between deregister and delete, ${sweeper}`, s, [killed, next]);
        expect(next.exitCode).toBe(0);
        expect(orphans()).toEqual([]);
        expect(logLines(next, 'snapshot(s) left by an earlier run whose image is gone')).toHaveLength(1);
        const started = JSON.parse(killed.state['started-copies'] ?? '[]') as { imageId: string }[];
        expectInvariants(s.model, s.mark, {
          // The post step reports; it copies nothing, so us-west-2 ends with no copy.
          copiesIn: sweeper === 'post step' ? ['eu-west-1'] : s.targetRegions,
          runs: [killed, next],
          keptElsewhere: sweeper === 'post step' ? started.map((c) => c.imageId) : [],
          removedElsewhere: [removedImage],
          remade: true,
        });
      } finally {
        await s.close();
      }
    });
  }

  it('a rerun asking for another name and other tags reuses the copy, tags it, and reports its real name', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1'] });
    try {
      const first = await s.run({ inputs: s.inputs({ tags: 'release=v1' }) });
      expect(first.exitCode).toBe(0);
      const rerun = await s.run({
        inputs: s.inputs({ name: '{name}-v2', tags: 'release=v2' }),
        env: { GITHUB_RUN_ATTEMPT: '2' },
      });
      printFigures('rerun with another name and tags', s, [first, rerun]);
      expect(rerun.exitCode).toBe(0);
      const report = entry(rerun, 'eu-west-1');
      const imageId = report.imageId as string;
      expect(report).toMatchObject({ origin: 'reused', name: 'web-base-2026.11.26' });
      expect(imageId).toBe(entry(first, 'eu-west-1').imageId);
      expect((report.notes as string[]).join()).toContain(
        "is named 'web-base-2026.11.26', not 'web-base-2026.11.26-v2'",
      );
      expect(logLines(rerun, 'reuse-existing: false')).toHaveLength(1);
      // Escaped for Markdown (names from AWS are in the note), so `:` may come as `\:`.
      expect(rerun.summary).toMatch(/reuse-existing\\?: false/);
      expect(s.model.tagsOf(imageId).release).toBe('v2');
      const snapshotId = s.model.image(imageId)?.BlockDeviceMappings?.[0]?.Ebs?.SnapshotId as string;
      expect(s.model.tagsOf(snapshotId).release).toBe('v2');
    } finally {
      await s.close();
    }
  });

  it('a reused copy that times out under on-timeout: deregister is kept, and the run says why', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1'], source: { sizeGiB: 300 } });
    try {
      const maker = await s.run({ inputs: s.inputs({ wait: 'false' }) });
      expect(maker.exitCode).toBe(0);
      const reuser = await s.run({
        inputs: s.inputs({ timeout: '3s', 'on-timeout': 'deregister' }),
        env: { GITHUB_RUN_ATTEMPT: '2' },
      });
      expect(reuser.exitCode).toBe(1);
      const report = entry(reuser, 'eu-west-1');
      expect(report).toMatchObject({ origin: 'reused', state: 'timed-out', disposition: 'kept' });
      expect((report.notes as string[]).join()).toContain('belongs to the run that made it');
      expect(s.model.imageState('eu-west-1', report.imageId as string)).toBe('pending');
      expect(s.model.log.count({ action: 'DeregisterImage' })).toBe(0);
    } finally {
      await s.close();
    }
  });
}
