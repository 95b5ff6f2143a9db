/**
 * Runs that stop before any copy, through the bundle: the hint fits the cause, the outputs say
 * that nothing was made (ami-ids {}, every target region failed, the listed source region too),
 * and the job summary lists the problem, escaped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOidcStub } from '../support/credentials-world.js';
import { markdownLinks } from '../support/markdown-links.js';
import { type ActionRun, runAction } from '../support/run-action.js';
import { startWorld, type World } from '../support/sim-world.js';

const sourceTags = (count: number) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`key${i}`, `value${i}`]));

function expectNothingMade(run: ActionRun, targets: readonly string[], world: World): void {
  expect(run.exitCode).toBe(1);
  expect(world.sim.model.log.count({ action: 'CopyImage' })).toBe(0);
  expect(JSON.parse(run.outputs['ami-ids'] ?? '')).toEqual({});
  expect(JSON.parse(run.outputs.matrix ?? '')).toEqual({ include: [] });
  expect(JSON.parse(run.outputs.images ?? '')).toEqual([]);
  expect(JSON.parse(run.outputs['failed-regions'] ?? '')).toEqual(targets);
  expect(run.summary).toContain('Stopped before any copy was made:');
  expect(markdownLinks(run.summary)).toEqual([]);
}

describe('bundle: a source with 48 tags and no tags input', () => {
  const targets = ['us-east-1', 'eu-west-1'];
  let world: World;
  let run: ActionRun;
  beforeAll(async () => {
    world = await startWorld({ source: { tags: sourceTags(48) } });
    run = await runAction({
      env: world.env,
      inputs: { 'source-ami-id': world.sourceImageId, 'target-regions': targets.join(', ') },
    });
  });
  afterAll(() => world.close());

  it('points at copy-tags and the source, not at the empty tags input', () => {
    const message = run.errorMessage ?? '';
    expect(message).toContain('eu-west-1: the copy would get 51 tags');
    expect(message).toContain('the source image alone has 48 user tags to copy');
    expect(message).toContain('set copy-tags: false');
    expect(message).not.toContain('remove tags from the tags input');
  });

  it('made nothing: ami-ids {} without the source, every target failed (the source region too)', () => {
    expectNothingMade(run, targets, world);
    expect(run.summary).toContain('the source image alone has 48 user tags to copy');
  });
});

describe('bundle: a source name with characters AWS refuses', () => {
  let world: World;
  let run: ActionRun;
  beforeAll(async () => {
    // Older images can have names today's rules refuse; the simulator seeds them as they are.
    world = await startWorld({ source: { name: 'web:base*2026' } });
    run = await runAction({
      env: world.env,
      inputs: { 'source-ami-id': world.sourceImageId, 'target-regions': 'eu-west-1' },
    });
  });
  afterAll(() => world.close());

  it('suggests a name template without {name}, which would keep them', () => {
    const message = run.errorMessage ?? '';
    expect(message).toContain('the name "web:base*2026" (from the source name) contains');
    expect(message).toContain('a template without {name}, e.g. name: "web-{date}"');
    expect(message).not.toContain('{name}-{region}');
    expectNothingMade(run, ['eu-west-1'], world);
    expect(run.summary).toContain('web\\:base\\*2026');
  });
});

describe('bundle: STS refuses role-to-assume with the GitHub OIDC token', () => {
  const role = 'arn:aws:iam::123456789012:role/image-publisher';
  let world: World;
  let run: ActionRun;
  beforeAll(async () => {
    world = await startWorld();
    const oidc = await startOidcStub();
    world.sim.model.faults.failNext('AssumeRoleWithWebIdentity', 10, {
      kind: 'error',
      code: 'AccessDenied',
      message: 'Not authorized to perform sts:AssumeRoleWithWebIdentity',
      status: 403,
    });
    try {
      run = await runAction({
        env: { ...world.env, ...oidc.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
        inputs: {
          'source-ami-id': world.sourceImageId,
          'target-regions': 'eu-west-1',
          'role-to-assume': role,
        },
      });
    } finally {
      await oidc.close();
    }
  });
  afterAll(() => world.close());

  it('names role-to-assume, quotes STS and points at the trust policy, not at source-region', () => {
    const message = run.errorMessage ?? '';
    expect(message).toBe(
      `Could not assume role-to-assume ${role} with the GitHub OIDC token (AssumeRoleWithWebIdentity): AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity. Check that the role's trust policy trusts token.actions.githubusercontent.com for this repository (docs/iam-policy-trust-github-oidc.json), and that the session of 3600 s (role-duration-seconds) is within the role's MaxSessionDuration.`,
    );
    expectNothingMade(run, ['eu-west-1'], world);
  });
});
