import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  });
});
