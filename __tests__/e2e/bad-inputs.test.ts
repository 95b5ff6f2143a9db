import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownLinks } from '../support/markdown-links.js';
import { runAction } from '../support/run-action.js';
import { startWorld, type World } from '../support/sim-world.js';

describe('bundle: invalid inputs stop before any AWS request', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world.close());

  it('reports every problem at once, names the inputs, exits 1 and sends nothing', async () => {
    const before = world.sim.model.log.all().length;
    const run = await runAction({
      env: world.env,
      inputs: {
        'source-ami-id': 'ami-xyz',
        'target-regions': 'eu-west-1, EU-WEST-2',
        encrypted: 'yes',
        timeout: 'soon',
      },
    });
    expect(run.exitCode).toBe(1);
    const message = run.errorMessage ?? '';
    for (const input of ['source-ami-id', 'target-regions', 'encrypted', 'timeout']) {
      expect(message).toContain(input);
    }
    expect(message).toContain('EU-WEST-2');
    expect(message).toContain('soon');
    expect(world.sim.model.log.all().length).toBe(before);
    expect(JSON.parse(run.outputs['ami-ids'] ?? 'null')).toEqual({});
    // target-regions itself is wrong: which regions were meant is unknown.
    expect(JSON.parse(run.outputs['failed-regions'] ?? 'null')).toEqual([]);
  });

  it('lists the target regions as failed when target-regions itself is valid, and writes a summary of the problems', async () => {
    const before = world.sim.model.log.all().length;
    const run = await runAction({
      env: world.env,
      inputs: {
        'source-ami-id': world.sourceImageId,
        'target-regions': 'eu-west-1, us-west-2,',
        name: '[Sign in](//evil.example/login) {nope}',
        timeout: 'soon',
      },
    });
    expect(run.exitCode).toBe(1);
    expect(world.sim.model.log.all().length).toBe(before);
    expect(JSON.parse(run.outputs['ami-ids'] ?? 'null')).toEqual({});
    expect(JSON.parse(run.outputs['failed-regions'] ?? 'null')).toEqual(['eu-west-1', 'us-west-2']);
    expect(run.summary).toContain('2 inputs are invalid; nothing was sent to AWS:');
    expect(run.summary).toContain(
      '- `name`: the template "\\[Sign in\\]\\(//evil\\.example/login\\) {nope}"',
    );
    expect(run.summary).toContain('- `timeout`: "soon" is not a duration');
    expect(markdownLinks(run.summary)).toEqual([]);
  });
});
