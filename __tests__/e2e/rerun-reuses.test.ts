/**
 * A rerun (GitHub's "Re-run jobs": same inputs, next run attempt) finds every earlier copy by
 * its provenance tags and reuses it: nothing is copied again, the outputs are the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cells, summaryRow } from '../report/summary-parts.js';
import { type ActionRun, runAction } from '../support/run-action.js';
import { callsSince, logMark } from '../support/sim-log.js';
import { startWorld, type World } from '../support/sim-world.js';

const TARGETS = ['eu-west-1', 'ap-southeast-1', 'us-west-2'];
const TIMEOUT_MS = 4_000;

describe('bundle: a rerun with the same inputs reuses every copy', () => {
  let world: World;
  let first: ActionRun;
  let second: ActionRun;
  let mark: number;
  let imagesAfterFirst: number;

  beforeAll(async () => {
    // 1200× clock: the copies are done ~1.3 s after they start. The poller's first look comes
    // 15 s after a start, or at the deadline if that is sooner: with a 4 s timeout the first
    // run sees every copy available at 4 s instead of 15 s. It keeps this test short.
    world = await startWorld({ scale: 1200 });
    world.sim.model.createKmsKey('eu-west-1', { aliases: ['alias/images'] });
    const inputs = {
      'source-ami-id': world.sourceImageId,
      'target-regions': TARGETS.join(','),
      encrypted: 'true',
      'kms-key-ids': '{"eu-west-1": "alias/images"}',
      tags: 'env=prod',
      timeout: `${TIMEOUT_MS / 1000}s`,
    };
    first = await runAction({ env: world.env, inputs });
    mark = logMark(world.sim.model);
    imagesAfterFirst = world.sim.model.images().length;
    second = await runAction({ env: { ...world.env, GITHUB_RUN_ATTEMPT: '2' }, inputs });
  });
  afterAll(() => world.close());

  it('the first run makes three copies', () => {
    expect(first.exitCode).toBe(0);
    expect(world.sim.model.log.count({ action: 'CopyImage' })).toBe(3);
    const images = JSON.parse(first.outputs.images ?? 'null') as { origin: string; state: string }[];
    expect(images.map((i) => [i.origin, i.state])).toEqual(TARGETS.map(() => ['new', 'available']));
  });

  it('the rerun creates nothing and reports every copy as reused', () => {
    expect(second.errorMessage).toBeUndefined();
    expect(second.exitCode).toBe(0);
    expect(callsSince(world.sim.model, mark, { action: 'CopyImage' })).toEqual([]);
    expect(callsSince(world.sim.model, mark, { action: 'CreateTags' })).toEqual([]);
    expect(world.sim.model.images().length).toBe(imagesAfterFirst);
    const images = JSON.parse(second.outputs.images ?? 'null') as Record<string, unknown>[];
    expect(images.map((i) => [i.region, i.origin, i.state])).toEqual(
      TARGETS.map((region) => [region, 'reused', 'available']),
    );
    for (const region of TARGETS) expect(cells(summaryRow(second.summary, region))[2]).toBe('reused');
    expect(second.summary).toContain('no new copies were made by this run');
    // Reused copies are available already: no polling, no waiting until the deadline. The one
    // DescribeSnapshots per region is preflight's sweep for leftover snapshots (by provenance
    // tags), which also tells that the reused copies' snapshots carry their tags already.
    const snapshotCalls = callsSince(world.sim.model, mark, { action: 'DescribeSnapshots' });
    expect(snapshotCalls.map((c) => c.region).sort()).toEqual([...TARGETS].sort());
    for (const call of snapshotCalls)
      expect(call.params['Filter.1.Name']).toBe('tag:ami-distribute:source-image');
    expect(second.durationMs).toBeLessThan(TIMEOUT_MS - 1_000);
  });

  it('outputs the same region map as the first run', () => {
    const firstMap = JSON.parse(first.outputs['ami-ids'] ?? 'null') as Record<string, string>;
    expect(Object.keys(firstMap).sort()).toEqual(['us-east-1', ...TARGETS].sort());
    expect(JSON.parse(second.outputs['ami-ids'] ?? 'null')).toEqual(firstMap);
    expect(second.outputs.matrix).toBe(first.outputs.matrix);
    expect(JSON.parse(second.outputs['failed-regions'] ?? 'null')).toEqual([]);
  });
});
