/** The invariant checker itself: it must catch duplicates, unreported copies and orphaned snapshots. */
import { describe, expect, it } from 'vitest';
import { createModel, createModelGateway, virtualClock } from '../../sim/index.js';
import { invariantViolations, markWorld } from './invariants.js';

function world() {
  const model = createModel({ clock: virtualClock(), seed: 5 });
  const source = model.seedImage({ region: 'us-east-1', name: 'base', sizeGiB: 8 });
  const mark = markWorld(model);
  const ec2 = createModelGateway(model);
  const copy = (region: string, name = 'base') =>
    ec2.forRegion(region).copyImage({
      sourceImageId: source.imageId,
      sourceRegion: 'us-east-1',
      name,
      description: undefined,
      encrypted: false,
      kmsKeyId: undefined,
      clientToken: `${region}-${name}`,
      imageTags: {},
      snapshotTags: undefined,
    });
  return { model, mark, ec2, copy };
}

const report = (region: string, imageId: string, state: string, disposition: string | null = null) => ({
  outputs: { images: JSON.stringify([{ region, imageId, state, disposition, snapshotIds: [] }]) },
});

describe('invariantViolations', () => {
  it('holds for one reported copy per region', async () => {
    const { model, mark, copy } = world();
    const id = await copy('eu-west-1');
    expect(
      invariantViolations(model, mark, {
        copiesIn: ['eu-west-1'],
        runs: [report('eu-west-1', id, 'available')],
      }),
    ).toEqual([]);
  });

  it('catches a duplicate copy, a copy nobody reported, and a missing one', async () => {
    const { model, mark, copy } = world();
    const first = await copy('eu-west-1');
    await copy('eu-west-1', 'base-again');
    const problems = invariantViolations(model, mark, {
      copiesIn: ['eu-west-1', 'us-west-2'],
      runs: [report('eu-west-1', first, 'available')],
    });
    expect(problems.some((p) => p.includes('2 copies'))).toBe(true);
    expect(problems.some((p) => p.includes('no run reported it as available or kept'))).toBe(true);
    expect(problems).toContain('us-west-2: no copy was created, expected one');
  });

  it('catches a copy removed without its snapshots, and one removed but not reported', async () => {
    const { model, mark, copy, ec2 } = world();
    const a = await copy('eu-west-1');
    const b = await copy('us-west-2');
    await ec2.forRegion('eu-west-1').deregisterImage(a);
    await ec2.forRegion('us-west-2').deregisterImage(b);
    const problems = invariantViolations(model, mark, {
      copiesIn: ['eu-west-1', 'us-west-2'],
      runs: [report('eu-west-1', a, 'failed', 'removed')],
    });
    expect(problems.filter((p) => p.includes('was left behind'))).toHaveLength(2);
    expect(problems).toContain(`us-west-2: ${b} was deregistered but no run reported it removed`);
  });

  it('catches a run whose result was removed by another run', async () => {
    const { model, mark, copy, ec2 } = world();
    const id = await copy('eu-west-1');
    const using = {
      outputs: {
        ...report('eu-west-1', id, 'available').outputs,
        'ami-ids': JSON.stringify({ 'eu-west-1': id }),
      },
    };
    await ec2.forRegion('eu-west-1').deregisterImage(id);
    const remover = report('eu-west-1', id, 'timed-out', 'removed');
    const problems = invariantViolations(model, mark, { copiesIn: ['eu-west-1'], runs: [using, remover] });
    expect(problems).toContain(`eu-west-1: ${id} was a run's result (ami-ids) but was removed`);
  });

  it('allows a copy made again (a racing run’s duplicate) only when the extra one is gone and reported', async () => {
    const { model, mark, copy, ec2 } = world();
    const kept = await copy('eu-west-1');
    const duplicate = await copy('eu-west-1', 'base-racing');
    const survivor = {
      outputs: {
        images: JSON.stringify([
          {
            region: 'eu-west-1',
            imageId: kept,
            state: 'available',
            disposition: null,
            snapshotIds: [],
            cleanedUp: [],
          },
        ]),
      },
    };
    const unreported = invariantViolations(model, mark, {
      copiesIn: ['eu-west-1'],
      runs: [survivor],
      remade: true,
    });
    expect(unreported.some((p) => p.includes('2 copies'))).toBe(true);

    await ec2.forRegion('eu-west-1').deregisterImage(duplicate);
    const snapshots = model.snapshots('eu-west-1').filter((s) => s.Description?.includes(duplicate));
    for (const snapshot of snapshots)
      await ec2.forRegion('eu-west-1').deleteSnapshot(snapshot.SnapshotId as string);
    const loser = {
      outputs: {
        images: JSON.stringify([
          {
            region: 'eu-west-1',
            imageId: kept,
            state: 'available',
            disposition: null,
            snapshotIds: [],
            cleanedUp: [duplicate],
          },
        ]),
      },
    };
    expect(
      invariantViolations(model, mark, { copiesIn: ['eu-west-1'], runs: [survivor, loser], remade: true }),
    ).toEqual([]);
    // Where no copy may be made again, the same history is a duplicate.
    expect(
      invariantViolations(model, mark, { copiesIn: ['eu-west-1'], runs: [survivor, loser] }).some((p) =>
        p.includes('2 copies'),
      ),
    ).toBe(true);
  });
});
