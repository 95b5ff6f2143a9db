/** The post phase through an injected runner, after a main phase cancelled on virtual time. */
import { describe, expect, it } from 'vitest';
import { createModelGateway } from '../sim/index.js';
import { leaseTag } from '../src/distribute/leases.js';
import { run } from '../src/main.js';
import { runPost } from '../src/post.js';
import { State } from '../src/state-keys.js';
import { fakeRunner } from './support/fake-runner.js';
import { world } from './support/phase-world.js';

describe('runPost (post phase)', () => {
  async function cancelledRun(extra: Record<string, string>) {
    const w = world();
    const main = fakeRunner(w.inputs(extra));
    await w.drive(run(main, w.deps), (minute) => {
      if (minute === 3) main.signal('SIGTERM');
    });
    return {
      w,
      main,
      saved: JSON.parse(main.state.get(State.CancelledCopies) ?? '[]') as {
        region: string;
        imageId: string;
      }[],
    };
  }

  it('with on-cancel: deregister removes the copies the main phase made', async () => {
    const { w, main, saved } = await cancelledRun({ 'on-cancel': 'deregister' });
    const post = fakeRunner(w.inputs({ 'on-cancel': 'deregister' }), {
      state: Object.fromEntries(main.state),
    });
    await w.drive(runPost(post, w.deps));
    for (const copy of saved) expect(w.model.imageState(copy.region, copy.imageId)).toBeUndefined();
    expect(post.log.filter((l) => l.message.includes('removed (on-cancel: deregister)'))).toHaveLength(
      saved.length,
    );
  });

  it('keeps a copy another run holds a lease on, and says whose', async () => {
    const { w, main, saved } = await cancelledRun({ 'on-cancel': 'deregister' });
    const [first] = saved;
    if (!first) throw new Error('no copy was saved');
    const until = w.clock.now() + 3_600_000;
    await createModelGateway(w.model)
      .forRegion(first.region)
      .createTags([first.imageId], leaseTag('sibling', until, 'o/r run 78'));
    const post = fakeRunner(w.inputs({ 'on-cancel': 'deregister' }), {
      state: Object.fromEntries(main.state),
    });
    await w.drive(runPost(post, w.deps));
    expect(w.model.imageState(first.region, first.imageId)).toBe('pending');
    expect(post.log.map((l) => l.message).join('\n')).toContain(
      `${first.imageId} kept despite on-cancel: deregister: another run is waiting for it: o/r run 78`,
    );
  });

  it('does nothing after a main phase that finished normally', async () => {
    const w = world();
    const main = fakeRunner(w.inputs());
    await w.drive(run(main, w.deps));
    const calls = w.model.log.all().length;
    const post = fakeRunner(w.inputs({ 'on-cancel': 'deregister' }), {
      state: Object.fromEntries(main.state),
    });
    await runPost(post, w.deps);
    expect(w.model.log.all().length).toBe(calls);
  });
});
