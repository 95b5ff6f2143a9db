/**
 * An unrelated image already holds the planned name in one target region: AMI names are
 * unique per region, so that copy could never be made. The run stops in preflight, before
 * any copy in any region, and says how to fix it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ActionRun, runAction } from '../support/run-action.js';
import { startWorld, type World } from '../support/sim-world.js';

const NAME = 'web-base-2026.11.26';
const TARGETS = ['eu-west-1', 'ap-southeast-1', 'us-west-2'];

describe('bundle: a name clash in one region stops the run before any copy', () => {
  let world: World;
  let run: ActionRun;
  let squatter: string;

  beforeAll(async () => {
    world = await startWorld({ source: { name: NAME } });
    squatter = world.sim.model.seedImage({ region: 'ap-southeast-1', name: NAME, sizeGiB: 8 }).imageId;
    run = await runAction({
      env: world.env,
      inputs: { 'source-ami-id': world.sourceImageId, 'target-regions': TARGETS.join(' ') },
    });
  });
  afterAll(() => world.close());

  it('exits 1 without a single CopyImage in any region', () => {
    expect(run.exitCode).toBe(1);
    expect(world.sim.model.log.count({ action: 'CopyImage' })).toBe(0);
    expect(world.sim.model.log.count({ action: 'CreateTags' })).toBe(0);
    for (const region of ['eu-west-1', 'us-west-2']) expect(world.sim.model.images(region)).toEqual([]);
    expect(world.sim.model.images('ap-southeast-1').map((i) => i.ImageId)).toEqual([squatter]);
  });

  it('names the region, the image holding the name, and suggests a name template', () => {
    const message = run.errorMessage ?? '';
    expect(message).toContain('ap-southeast-1');
    expect(message).toContain(squatter);
    expect(message).toContain(`'${NAME}'`);
    expect(message).toMatch(/`name`.*\{name\}-\{timestamp\}/);
    expect(message).not.toContain('eu-west-1');
    expect(run.summary).toContain('Stopped before any copy was made');
    expect(run.summary).toContain(squatter);
  });

  it('still writes outputs: no images, every target region failed', () => {
    expect(JSON.parse(run.outputs['ami-ids'] ?? 'null')).toEqual({});
    expect(JSON.parse(run.outputs.matrix ?? 'null')).toEqual({ include: [] });
    expect(JSON.parse(run.outputs['failed-regions'] ?? 'null')).toEqual(TARGETS);
  });
});
