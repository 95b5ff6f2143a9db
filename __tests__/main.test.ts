/**
 * The main phase through an injected runner (no @actions/core, no process): the
 * bundle's end-to-end tests prove the same behaviour through the real runner interface; these
 * pin what the front end does with the engine's outcomes, on virtual time.
 */
import { describe, expect, it } from 'vitest';
import { GitHubCallError } from '../src/github/releases.js';
import { run } from '../src/main.js';
import { State } from '../src/state-keys.js';
import { type FakeRunner, fakeRunner } from './support/fake-runner.js';
import { world } from './support/phase-world.js';

function outputNames(runner: FakeRunner): string[] {
  return runner.outputs.map(([name]) => name).sort();
}

describe('run (main phase)', () => {
  it('copies, writes each output once, the summary, and the state the post phase reads', async () => {
    const w = world();
    const runner = fakeRunner(w.inputs());
    await w.drive(run(runner, w.deps));
    expect(runner.failures).toEqual([]);
    expect(outputNames(runner)).toEqual(['ami-ids', 'failed-regions', 'images', 'matrix', 'release']);
    expect(Object.keys(runner.output('ami-ids') as object).sort()).toEqual([
      'eu-west-1',
      'us-east-1',
      'us-west-2',
    ]);
    expect(runner.summaries).toHaveLength(1);
    expect(runner.state.get(State.IsPost)).toBe('true');
    expect(runner.state.get(State.MainFinished)).toBe('true');
    expect(runner.state.get(State.InvocationId)).toMatch(/^[0-9a-f]{12}$/);
    expect(runner.state.get(State.CancelledCopies)).toBe('[]');
    expect(runner.exits).toEqual([]);
  });

  it('refuses invalid inputs before connecting, with outputs, a summary and one failure', async () => {
    const w = world();
    let connected = 0;
    const runner = fakeRunner({ 'target-regions': 'eu-west-1' });
    const connect = (config: unknown) => {
      connected++;
      return w.deps.connect(config);
    };
    await run(runner, { ...w.deps, connect });
    expect(connected).toBe(0);
    expect(runner.failures).toHaveLength(1);
    expect(runner.failures[0]).toContain('source-ami-id');
    expect(runner.output('failed-regions')).toEqual(['eu-west-1']);
    expect(runner.summaries).toHaveLength(1);
  });

  it('a run stopped in preflight: the summary lists the problem, what was asked and the checks', async () => {
    const w = world();
    const runner = fakeRunner(w.inputs({ 'source-ami-id': 'ami-0123456789abcdef0' }));
    await w.drive(run(runner, w.deps));
    expect(runner.failures).toHaveLength(1);
    expect(runner.summaries).toHaveLength(1);
    const summary = runner.summaries[0] ?? '';
    expect(summary).toContain('Stopped before any copy was made:');
    expect(summary).toContain('- Source image ami-0123456789abcdef0 was not found in us-east-1');
    expect(summary).toContain(
      'Asked to copy `ami-0123456789abcdef0` from us-east-1 to 2 regions: eu-west-1, us-west-2.',
    );
  });

  it('an unexpected error after the copies started: the summary shows it and the copies', async () => {
    const w = world();
    const runner = fakeRunner(w.inputs());
    const waitForImages = async () => {
      throw new Error('the waiter broke');
    };
    await w.drive(run(runner, { ...w.deps, waitForImages }));
    expect(runner.failures).toEqual(['ami-distribute failed unexpectedly: the waiter broke']);
    expect(runner.summaries).toHaveLength(1);
    const summary = runner.summaries[0] ?? '';
    expect(summary).toContain('Failed unexpectedly: `the waiter broke`');
    for (const region of ['eu-west-1', 'us-west-2']) {
      const [copy] = w.model.images(region);
      expect(summary).toContain(`- ${region}: \`${copy?.ImageId}\``);
    }
  });

  it('keeps the result when the summary cannot be written, and says so', async () => {
    const w = world();
    const runner = fakeRunner(w.inputs(), { summaryFails: true });
    await w.drive(run(runner, w.deps));
    expect(runner.failures).toEqual([]);
    expect(outputNames(runner)).toEqual(['ami-ids', 'failed-regions', 'images', 'matrix', 'release']);
    expect(
      runner.log.some(
        (l) => l.level === 'warning' && l.message.startsWith('The job summary was not written'),
      ),
    ).toBe(true);
  });

  it('on a cancel signal: stops, saves the copies it made for the post phase, and exits', async () => {
    const w = world();
    const runner = fakeRunner(w.inputs());
    await w.drive(run(runner, w.deps), (minute) => {
      if (minute === 3) runner.signal('SIGINT');
    });
    expect(runner.exits).toEqual([1]);
    expect(runner.failures.join()).toMatch(/cancel/i);
    const saved = JSON.parse(runner.state.get(State.CancelledCopies) ?? '[]') as { region: string }[];
    expect(saved.map((c) => c.region).sort()).toEqual(['eu-west-1', 'us-west-2']);
    expect(w.model.log.all().filter((e) => e.action === 'DeregisterImage')).toEqual([]);
  });

  describe('release: true', () => {
    const env = { GITHUB_REF: 'refs/tags/v2.0.0', GITHUB_REPOSITORY: 'acme/images' };

    it('publishes after every region settled: the release output, the asset holds ami-ids', async () => {
      const w = world();
      const runner = fakeRunner(w.inputs({ release: 'true', 'github-token': 't' }), { env });
      await w.drive(run(runner, w.deps));
      expect(runner.failures).toEqual([]);
      expect(runner.output('release')).toMatchObject({
        status: 'created',
        tag: 'v2.0.0',
        asset: 'ami-ids.json',
        error: null,
      });
      const [release] = w.github.releases;
      expect(JSON.parse(release?.assets[0]?.data ?? '{}')).toEqual(runner.output('ami-ids'));
      // Published once the copies had settled: the asset has every region.
      expect(Object.keys(runner.output('ami-ids') as object)).toHaveLength(3);
    });

    it('a token without contents: write fails the step with the fix; the copies are in ami-ids', async () => {
      const w = world();
      w.github.failNext(
        'create',
        new GitHubCallError('POST release', 403, 'Resource not accessible by integration'),
      );
      const runner = fakeRunner(w.inputs({ release: 'true', 'github-token': 't' }), { env });
      await w.drive(run(runner, w.deps));
      expect(Object.keys(runner.output('ami-ids') as object)).toHaveLength(3);
      expect(runner.output('failed-regions')).toEqual([]);
      expect(runner.output('release')).toMatchObject({
        status: 'failed',
        error: 'POST release: 403: Resource not accessible by integration',
      });
      expect(runner.failures).toHaveLength(1);
      expect(runner.failures[0]).toMatch(/permissions: contents: write/);
    });

    it('without release: the output is null and GitHub is never called', async () => {
      const w = world();
      const runner = fakeRunner(w.inputs(), { env });
      await w.drive(run(runner, w.deps));
      expect(runner.output('release')).toBeNull();
      expect(w.github.calls).toEqual([]);
    });
  });
});
