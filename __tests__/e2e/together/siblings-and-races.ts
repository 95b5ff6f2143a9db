/**
 * Two runs of the bundle meet the same copies (issue 8, items 1 and 2):
 * - sibling jobs of one workflow run (same run id, attempt and job: the same inputs would once
 *   have given the same ClientToken) start together; one is cancelled by fail-fast with
 *   `on-cancel: deregister`, or times out with `on-timeout: deregister`: the other must finish;
 * - two workflow runs with `{timestamp}` names start a second apart and both pass preflight:
 *   one copy per region must be left, and both runs must output it.
 * CopyImage answers after a delay, so both runs are past preflight before either copy exists.
 */
import { expect, it } from 'vitest';
import type { HeldCallView } from '../../../sim/index.js';
import { amiIdsOutput, expectInvariants, imagesOutput } from '../../support/invariants.js';
import { type Scenario, startScenario, whenLogged } from '../../support/scenario.js';
import { calls, cancel, entry, printFigures, start } from './helpers.js';

/** 150 GiB: the copies take about 13 real seconds at scale 300, well past the interference. */
const SOURCE = { sizeGiB: 150 };

/**
 * Starts two siblings (same run id, attempt and job) that both pass preflight before any copy
 * exists: `first` makes every copy, `second` meets each name taken and adopts the copy.
 */
async function siblingsStartTogether(
  s: Scenario,
  first: Record<string, string>,
  second: Record<string, string>,
) {
  // CopyImage answers 12 s late: the second sibling starts once the first is past preflight
  // (its sweep for leftover snapshots answered in every region), so the first one's copies are
  // made first, and the second passes preflight before they exist, however slowly it starts.
  s.model.faults.latency(12_000, 'CopyImage');
  const a = start(s, { inputs: first });
  await calls(s.model, (e) => e.action === 'DescribeSnapshots', s.targetRegions.length);
  const b = start(s, { inputs: second });
  // Each region: one CopyImage made the copy, the other met the name (and adopted the copy).
  await calls(s.model, (e) => e.action === 'CopyImage', 2 * s.targetRegions.length);
  // The adopter of each region left its lease.
  await calls(s.model, (e) => e.action === 'CreateTags' && e.outcome === 'ok', s.targetRegions.length);
  return { maker: a, adopter: b };
}

function copyMakers(run: { outputs: Record<string, string> }, regions: readonly string[]): string[] {
  return regions.filter((region) => entry(run, region).origin === 'new');
}

export function siblingsAndRaces(): void {
  for (const cancelled of ['maker', 'adopter'] as const) {
    it(`sibling jobs start together; fail-fast cancels the ${cancelled} with on-cancel: deregister; the other finishes every region`, async () => {
      const s = await startScenario({ source: SOURCE });
      try {
        const inputs = s.inputs({ 'on-cancel': 'deregister' });
        const siblings = await siblingsStartTogether(s, inputs, inputs);
        const victim = siblings[cancelled];
        cancel(victim);
        const stopped = await victim.done;
        expect(stopped.exitCode).toBe(1);
        const post = await s.run({ phase: 'post', inputs, state: stopped.state });
        expect(post.exitCode).toBe(0);
        const survivor = await siblings[cancelled === 'maker' ? 'adopter' : 'maker'].done;

        expect(survivor.errorMessage).toBeUndefined();
        expect(survivor.exitCode).toBe(0);
        expect(imagesOutput(survivor).map((r) => r.state)).toEqual(s.targetRegions.map(() => 'available'));
        expect(copyMakers(survivor, s.targetRegions)).toEqual(
          cancelled === 'maker' ? [] : [...s.targetRegions],
        );
        // The cancelled maker's post step keeps its copies for the survivor; a cancelled adopter
        // leaves the copies it adopted to their maker.
        const made = JSON.parse(stopped.state['started-copies'] ?? '[]') as { imageId: string }[];
        expect(made).toHaveLength(cancelled === 'maker' ? s.targetRegions.length : 0);
        for (const copy of made) {
          expect(post.stdout).toContain(
            `${copy.imageId} kept despite on-cancel: deregister: another run is waiting for it`,
          );
        }
        printFigures(`siblings, ${cancelled} cancelled (on-cancel: deregister)`, s, [
          stopped,
          post,
          survivor,
        ]);
        expect(s.model.log.count({ action: 'DeregisterImage' })).toBe(0);
        expect(s.model.log.count({ action: 'CopyImage', outcome: 'ok' })).toBe(s.targetRegions.length);
        // A cancelled adopter waits no more: its post step took its leases off the copies.
        const lease = `ami-distribute:waiter:${stopped.state['invocation-id']}`;
        for (const report of imagesOutput(survivor)) {
          if (report.imageId) expect(Object.keys(s.model.tagsOf(report.imageId))).not.toContain(lease);
        }
        expectInvariants(s.model, s.mark, {
          copiesIn: s.targetRegions,
          runs: [stopped, post, survivor],
          keptElsewhere: made.map((c) => c.imageId),
        });
      } finally {
        await s.close();
      }
    });
  }

  it('sibling jobs start together; one times out with on-timeout: deregister and keeps the copies the other waits for', async () => {
    // 300 GiB: the copies run for about 26 real seconds, past the 30 s timeout of the maker
    // (whose copies start about 13 s in), which gives the adopter ample time to lease them.
    const s = await startScenario({ source: { sizeGiB: 300 } });
    try {
      const { maker, adopter } = await siblingsStartTogether(
        s,
        s.inputs({ timeout: '30s', 'on-timeout': 'deregister' }),
        s.inputs(),
      );
      const [impatient, patient] = await Promise.all([maker.done, adopter.done]);
      expect(impatient.exitCode).toBe(1);
      expect(patient.errorMessage).toBeUndefined();
      expect(patient.exitCode).toBe(0);
      expect(imagesOutput(patient).map((r) => r.state)).toEqual(s.targetRegions.map(() => 'available'));
      for (const region of s.targetRegions) {
        const report = entry(impatient, region);
        expect(report.state).toBe('timed-out');
        expect(report.disposition).toBe('kept');
        expect(report.origin).toBe('new');
        expect((report.notes as string[]).join(' ')).toMatch(
          /kept despite on-timeout: deregister: another run is waiting for it/,
        );
      }
      printFigures('siblings, one times out (on-timeout: deregister)', s, [impatient, patient]);
      expect(s.model.log.count({ action: 'DeregisterImage' })).toBe(0);
      expectInvariants(s.model, s.mark, { copiesIn: s.targetRegions, runs: [impatient, patient] });
    } finally {
      await s.close();
    }
  });

  it('two workflow runs with {timestamp} names race past preflight: the younger copies are removed, both runs output the older', async () => {
    const s = await startScenario({ source: SOURCE });
    try {
      // Long enough for the second run to be past preflight before the first copy exists.
      s.model.faults.latency(8_000, 'CopyImage');
      // {timestamp} gives runs that start a second apart different names; spelled out here so
      // the names differ however long each process takes to start.
      const first = start(s, {
        inputs: s.inputs({ name: '{name}-{timestamp}-a' }),
        env: { GITHUB_RUN_ID: '5001' },
      });
      // The second starts once the first has looked up its names in every region (the end of
      // its preflight), so the first's CopyImage calls arrive first however slowly each process
      // starts on a loaded machine; the 8 s latency keeps both runs' copies unseen meanwhile.
      await whenLogged(
        s.model,
        (e) => e.action === 'DescribeImages' && Object.values(e.params).some((v) => String(v).endsWith('-a')),
        { count: s.targetRegions.length },
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const second = start(s, {
        inputs: s.inputs({ name: '{name}-{timestamp}-b' }),
        env: { GITHUB_RUN_ID: '5002' },
      });
      const [older, younger] = await Promise.all([first.done, second.done]);

      printFigures('two workflow runs race, names differ', s, [older, younger]);
      expect(older.exitCode).toBe(0);
      expect(younger.exitCode).toBe(0);
      expect(s.model.log.count({ action: 'CopyImage', outcome: 'ok' })).toBe(2 * s.targetRegions.length);
      expect(amiIdsOutput(younger)).toEqual(amiIdsOutput(older));
      expect(copyMakers(older, s.targetRegions)).toEqual([...s.targetRegions]);
      for (const region of s.targetRegions) {
        const report = entry(younger, region);
        expect(report.origin).toBe('reused');
        expect(report.cleanedUp as string[]).toHaveLength(2); // its duplicate image and snapshot
        expect(s.model.images(region)).toHaveLength(1);
      }
      expectInvariants(s.model, s.mark, { copiesIn: s.targetRegions, runs: [older, younger], remade: true });
    } finally {
      await s.close();
    }
  });

  it("a sibling's copy made between a run's lookup by tags and its lookup by name is adopted, not refused", async () => {
    const s = await startScenario({ source: SOURCE });
    try {
      const inputs = s.inputs();
      // The late run's lookups by name are held until the early run has started every copy,
      // so each one finds the name taken by a copy its lookup by tags did not see.
      const byName = (region: string) => (call: HeldCallView) =>
        call.action === 'DescribeImages' &&
        call.region === region &&
        Object.entries(call.params).some(([key, value]) => key.endsWith('.Name') && value === 'name');
      const holds = s.targetRegions.map((region) => s.model.faults.hold(byName(region)));
      const late = start(s, { inputs, env: { GITHUB_JOB: 'late' } });
      await Promise.all(holds.map((h) => h.reached));
      const early = start(s, { inputs, env: { GITHUB_JOB: 'early' } });
      await calls(s.model, (e) => e.action === 'CopyImage' && e.outcome === 'ok', s.targetRegions.length);
      for (const h of holds) h.release();
      const [lateRun, earlyRun] = await Promise.all([late.done, early.done]);

      printFigures('a copy appears between the lookups of preflight', s, [earlyRun, lateRun]);
      expect([lateRun.errorMessage, earlyRun.errorMessage]).toEqual([undefined, undefined]);
      expect([lateRun.exitCode, earlyRun.exitCode]).toEqual([0, 0]);
      expect(s.model.log.count({ action: 'CopyImage', outcome: 'ok' })).toBe(s.targetRegions.length);
      expect(copyMakers(earlyRun, s.targetRegions)).toEqual([...s.targetRegions]);
      expect(copyMakers(lateRun, s.targetRegions)).toEqual([]);
      expect(amiIdsOutput(lateRun)).toEqual(amiIdsOutput(earlyRun));
      for (const region of s.targetRegions)
        expect(lateRun.stdout).toContain(`${region}: reusing ${entry(earlyRun, region).imageId} (pending)`);
      expectInvariants(s.model, s.mark, { copiesIn: s.targetRegions, runs: [earlyRun, lateRun] });
    } finally {
      await s.close();
    }
  });
}
