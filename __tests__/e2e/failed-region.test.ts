/**
 * One region's copy ends `failed` (AWS's StateReason): the step fails naming that region and
 * AWS's reason, the other regions' copies are still output, and the failed copy and its
 * snapshots are removed (cleanup-failed defaults to true). "Re-run failed jobs" then copies
 * only that region again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COPY_INTERNAL_ERROR } from '../../sim/index.js';
import { summaryNote, summaryRow } from '../report/summary-parts.js';
import { type ActionRun, runAction } from '../support/run-action.js';
import { callsSince, logMark } from '../support/sim-log.js';
import { startWorld, type World } from '../support/sim-world.js';

const TARGETS = ['eu-west-1', 'ap-southeast-1', 'us-west-2'];
const FAILING = 'ap-southeast-1';

describe('bundle: a region whose copy fails', () => {
  let world: World;
  let run: ActionRun;
  let rerun: ActionRun;
  let markBeforeRerun: number;
  let failedImageId: string;
  let failedSnapshotIds: string[];
  /** What was left in the failing region when the first run ended. */
  let leftInFailingRegion: { images: unknown[]; snapshots: unknown[] };

  beforeAll(async () => {
    world = await startWorld();
    world.sim.model.faults.failCopies(FAILING, COPY_INTERNAL_ERROR, 0.3);
    const inputs = { 'source-ami-id': world.sourceImageId, 'target-regions': TARGETS.join(' ') };
    run = await runAction({ env: world.env, inputs });
    const record = (JSON.parse(run.outputs.images ?? '[]') as Record<string, unknown>[]).find(
      (i) => i.region === FAILING,
    );
    failedImageId = record?.imageId as string;
    failedSnapshotIds = record?.snapshotIds as string[];
    leftInFailingRegion = {
      images: world.sim.model.images(FAILING),
      snapshots: world.sim.model.snapshots(FAILING),
    };

    // The rerun does not wait (the copy itself is proven above); it shows what gets copied.
    world.sim.model.faults.reset();
    markBeforeRerun = logMark(world.sim.model);
    rerun = await runAction({
      env: { ...world.env, GITHUB_RUN_ATTEMPT: '2' },
      inputs: { ...inputs, wait: 'false' },
    });
  });
  afterAll(() => world.close());

  it('fails the step naming the region and AWS’s reason', () => {
    expect(run.exitCode).toBe(1);
    const message = run.errorMessage ?? '';
    expect(message).toContain('1 of 3 regions did not end available');
    expect(message).toContain(`${FAILING}: failed (${failedImageId})`);
    expect(message).toContain(`${COPY_INTERNAL_ERROR.code}: ${COPY_INTERNAL_ERROR.message}`);
    expect(message).toContain('removed');
    for (const region of TARGETS.filter((r) => r !== FAILING)) expect(message).not.toContain(region);
    expect(run.stdout).toContain(`::error title=ami-distribute%3A ${FAILING} failed::`);
  });

  it('outputs the other regions, and the failed one in failed-regions', () => {
    const amiIds = JSON.parse(run.outputs['ami-ids'] ?? 'null') as Record<string, string>;
    expect(Object.keys(amiIds).sort()).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
    for (const region of ['eu-west-1', 'us-west-2']) {
      expect(world.sim.model.imageState(region, amiIds[region] as string)).toBe('available');
    }
    expect(JSON.parse(run.outputs['failed-regions'] ?? 'null')).toEqual([FAILING]);
    const record = (JSON.parse(run.outputs.images ?? '[]') as Record<string, unknown>[]).find(
      (i) => i.region === FAILING,
    );
    expect(record).toMatchObject({
      state: 'failed',
      origin: 'new',
      reason: `${COPY_INTERNAL_ERROR.code}: ${COPY_INTERNAL_ERROR.message}`,
      disposition: 'removed',
    });
    expect(failedImageId).toMatch(/^ami-/);
  });

  it('removes the failed copy and its snapshots from the region, and nothing else', () => {
    const model = world.sim.model;
    expect(model.image(failedImageId)).toBeUndefined();
    expect(leftInFailingRegion).toEqual({ images: [], snapshots: [] });
    expect(failedSnapshotIds.length).toBeGreaterThan(0);
    expect(model.log.find({ action: 'DeregisterImage' }).map((c) => [c.region, c.params.ImageId])).toEqual([
      [FAILING, failedImageId],
    ]);
    expect(model.log.find({ action: 'DeleteSnapshot' }).map((c) => c.params.SnapshotId)).toEqual(
      failedSnapshotIds,
    );
    for (const region of ['eu-west-1', 'us-west-2']) {
      expect(model.images(region)).toHaveLength(1);
      expect(model.snapshots(region)).toHaveLength(1);
    }
  });

  it('shows the failure in the job summary and leaves it out of the cost', () => {
    const row = summaryRow(run.summary, FAILING);
    expect(row).toContain('| new | ❌ failed');
    const note = summaryNote(run.summary, row);
    expect(note).toContain(COPY_INTERNAL_ERROR.message);
    expect(note).toContain('copy and snapshots removed');
    expect(run.summary).toContain('2 new copies × 50 GiB');
  });

  it('a rerun copies the failed region again and reuses the others', () => {
    expect(rerun.exitCode).toBe(0);
    const copies = callsSince(world.sim.model, markBeforeRerun, { action: 'CopyImage' });
    expect(copies.map((c) => c.region)).toEqual([FAILING]);
    const images = JSON.parse(rerun.outputs.images ?? '[]') as Record<string, unknown>[];
    expect(images.map((i) => [i.region, i.origin])).toEqual([
      ['eu-west-1', 'reused'],
      [FAILING, 'new'],
      ['us-west-2', 'reused'],
    ]);
    const retried = images.find((i) => i.region === FAILING)?.imageId as string;
    expect(retried).not.toBe(failedImageId);
    // A new copy (wait: false): pending when the step ended, perhaps done by now.
    expect(['pending', 'available']).toContain(world.sim.model.imageState(FAILING, retried));
  });
});
