/**
 * `wait: false`: the step starts the copies, outputs their (pending) ids and ends at once,
 * looking at each region once more only to settle a race with another run (no polling); the
 * post step leaves them alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../sim/index.js';
import { runStep, type StepRun } from '../support/run-step.js';
import { callsSince } from '../support/sim-log.js';
import { startWorld, type World } from '../support/sim-world.js';

const TARGETS = ['eu-west-1', 'ap-southeast-1', 'us-west-2'];

describe('bundle: wait false', () => {
  let world: World;
  let step: StepRun;
  let copyCalls: RequestLogEntry[];
  let stateAtEnd: Record<string, string | undefined>;

  beforeAll(async () => {
    // 300 GiB: the copies run for about half a real minute, well past the step.
    world = await startWorld({ source: { sizeGiB: 300 } });
    step = await runStep({
      env: world.env,
      inputs: {
        'source-ami-id': world.sourceImageId,
        'target-regions': TARGETS.join(' '),
        wait: 'false',
      },
    });
    copyCalls = world.sim.model.log.find({ action: 'CopyImage' });
    stateAtEnd = Object.fromEntries(
      copyCalls.map((call) => {
        const copy = world.sim.model.images(call.region).find((i) => i.SourceImageId === world.sourceImageId);
        return [
          call.region,
          copy ? world.sim.model.imageState(call.region, copy.ImageId as string) : undefined,
        ];
      }),
    );
  });
  afterAll(() => world.close());

  it('exits 0 well before the first poll would have happened', () => {
    expect(step.main.errorMessage).toBeUndefined();
    expect(step.main.exitCode).toBe(0);
    // The poller's first look at a copy is 15 s after its start; this step never waits for it.
    expect(step.main.durationMs).toBeLessThan(10_000);
    expect(copyCalls.map((c) => c.region).sort()).toEqual([...TARGETS].sort());
    expect(Object.values(stateAtEnd)).toEqual(['pending', 'pending', 'pending']);
  });

  it('outputs the pending copies as the region map', () => {
    const images = JSON.parse(step.main.outputs.images ?? 'null') as Record<string, unknown>[];
    expect(images.map((i) => [i.region, i.state, i.origin])).toEqual(
      TARGETS.map((region) => [region, 'pending', 'new']),
    );
    const expected: Record<string, string> = { 'us-east-1': world.sourceImageId };
    for (const region of TARGETS) {
      const [copy] = world.sim.model.images(region);
      expect(images.find((i) => i.region === region)?.imageId).toBe(copy?.ImageId);
      expected[region] = copy?.ImageId as string;
    }
    expect(JSON.parse(step.main.outputs['ami-ids'] ?? 'null')).toEqual(expected);
    expect(JSON.parse(step.main.outputs.matrix ?? 'null').include).toHaveLength(4);
    expect(JSON.parse(step.main.outputs['failed-regions'] ?? 'null')).toEqual([]);
    for (const region of TARGETS) {
      expect(step.main.summary).toMatch(
        new RegExp(
          `\\| ${region} \\| \\[\`ami-[0-9a-f]+\`\\]\\(https://${region}\\.console\\.aws\\.amazon\\.com/[^)]+\\) \\| new \\| ⏳ pending`,
        ),
      );
    }
  });

  it('does not poll the copies after starting them, and the post step leaves them alone', () => {
    const firstCopy = Math.min(...copyCalls.map((c) => c.seq));
    const after = callsSince(world.sim.model, firstCopy).filter((c) => c.action !== 'CopyImage');
    // One look per region for a racing run's copy (by provenance tags), nothing else.
    expect(after.map((c) => [c.action, c.params['Owner.1']])).toEqual(
      TARGETS.map(() => ['DescribeImages', 'self']),
    );
    expect(after.map((c) => c.region).sort()).toEqual([...TARGETS].sort());
    expect(step.post.exitCode).toBe(0);
    expect(step.post.errorMessage).toBeUndefined();
    for (const region of TARGETS) expect(world.sim.model.images(region)).toHaveLength(1);
  });
});
