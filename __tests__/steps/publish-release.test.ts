/**
 * The release step's rules on a GitHub in memory: create or edit, replace rather than
 * duplicate, the asset replaced, a concurrent writer's lost update repaired, and every refusal
 * a failed report with the fix (never a throw).
 */
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { GitHubCallError } from '../../src/github/releases.js';
import { silentLogger } from '../../src/logger.js';
import type { ReleaseSection } from '../../src/steps/release/inputs.js';
import { publishRelease } from '../../src/steps/release/publish-release.js';
import { endMarker, startMarker } from '../../src/steps/release/release-body.js';
import { memoryReleases } from '../support/memory-releases.js';

const CONFIG: ReleaseSection = {
  repository: 'acme/images',
  tag: 'v1.4.0',
  sectionId: 'ami-ids',
  token: 't',
  apiUrl: 'https://api.github.com',
};
const section = (text: string, id = 'ami-ids') => `${startMarker(id)}\n${text}\n${endMarker(id)}`;
const content = (text = 'eu-west-1 ami-1') => ({
  section: section(text),
  asset: '{"eu-west-1":"ami-1"}\n',
  hasImages: true,
});

function instantClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

function setup() {
  const github = memoryReleases();
  const clock = instantClock();
  const deps = { github: github.gateway, clock, logger: silentLogger, dryRun: false };
  return { github, clock, deps };
}

describe('publishRelease', () => {
  it('creates the release when the tag has none, with the section as its body and the asset', async () => {
    const { github, deps } = setup();
    const report = await publishRelease(CONFIG, content(), deps);
    expect(report.status).toBe('created');
    expect(github.releases).toHaveLength(1);
    expect(github.releases[0]?.body).toBe(section('eu-west-1 ami-1'));
    expect(github.releases[0]?.assets.map((a) => [a.name, a.data])).toEqual([
      ['ami-ids.json', '{"eu-west-1":"ami-1"}\n'],
    ]);
    expect(report.url).toBe('https://github.com/o/r/releases/tag/v1.4.0');
  });

  it('edits an existing release: the author’s notes stay, a rerun replaces the section and the asset', async () => {
    const { github, deps } = setup();
    const seeded = github.seed('v1.4.0', '## Notes\nhello');
    expect((await publishRelease(CONFIG, content('first'), deps)).status).toBe('updated');
    const second = await publishRelease(CONFIG, content('second'), deps);
    expect(second.status).toBe('updated');
    expect(seeded.body).toBe(`## Notes\nhello\n\n${section('second')}`);
    expect(seeded.assets.map((a) => a.name)).toEqual(['ami-ids.json']);
  });

  it('a rerun with the same results writes no body (unchanged) but still replaces the asset', async () => {
    const { github, deps } = setup();
    github.seed('v1.4.0', `x\n\n${section('same')}`);
    const report = await publishRelease(CONFIG, content('same'), deps);
    expect(report.status).toBe('unchanged');
    expect(github.calls.filter((c) => c === 'updateBody')).toEqual([]);
    expect(github.calls).toContain('uploadAsset');
  });

  it('finds a draft of the tag and edits it', async () => {
    const { github, deps } = setup();
    const draft = github.seed('v1.4.0', '', true);
    expect((await publishRelease(CONFIG, content(), deps)).status).toBe('updated');
    expect(draft.body).toBe(section('eu-west-1 ami-1'));
  });

  it('a matrix sibling that overwrote the body without this section: written again, both sections kept', async () => {
    const { github, clock, deps } = setup();
    const release = github.seed('v1.4.0', 'notes');
    // The sibling read the body before this step wrote it and writes after: its body lacks ours.
    github.beforeNext('get', () => {
      release.body = `notes\n\n${section('worker', 'ami-ids-worker')}`;
    });
    const report = await publishRelease(CONFIG, content('web'), deps);
    expect(report.status).toBe('updated');
    expect(release.body).toBe(`notes\n\n${section('worker', 'ami-ids-worker')}\n\n${section('web')}`);
    expect(github.calls.filter((c) => c === 'updateBody')).toHaveLength(2);
    expect(clock.slept).toEqual([2_000, 2_000]);
  });

  it('gives up on a writer that keeps dropping the section, as a failed report that says so', async () => {
    const { github, deps } = setup();
    const release = github.seed('v1.4.0', 'notes');
    for (let i = 0; i < 4; i++)
      github.beforeNext('get', () => {
        release.body = 'notes';
      });
    const report = await publishRelease(CONFIG, content(), deps);
    expect(report.status).toBe('failed');
    expect(report.text).toMatch(/another writer replaced the release body 4 times/);
  });

  it('two jobs create the release at once: the loser edits the winner’s release', async () => {
    const { github, deps } = setup();
    github.beforeNext('create', () => github.seed('v1.4.0', section('worker', 'ami-ids-worker')));
    const report = await publishRelease(CONFIG, content('web'), deps);
    expect(report.status).toBe('updated');
    expect(github.releases).toHaveLength(1);
    expect(github.releases[0]?.body).toBe(`${section('worker', 'ami-ids-worker')}\n\n${section('web')}`);
  });

  it('an asset uploaded by a concurrent run between delete and upload is replaced once more', async () => {
    const { github, deps } = setup();
    const release = github.seed('v1.4.0');
    github.beforeNext('uploadAsset', () =>
      release.assets.push({ id: 99, name: 'ami-ids.json', data: 'other' }),
    );
    expect((await publishRelease(CONFIG, content(), deps)).status).toBe('updated');
    expect(release.assets.map((a) => a.data)).toEqual(['{"eu-west-1":"ami-1"}\n']);
  });

  it.each([
    [401, 'Bad credentials', /pass a valid token in github-token/],
    [403, 'Resource not accessible by integration', /permissions: contents: write/],
    [404, 'Not Found', /GITHUB_REPOSITORY/],
  ])('GitHub answers %i: a failed report with the fix, nothing thrown', async (status, message, fix) => {
    const { github, deps } = setup();
    github.seed('v1.4.0');
    github.failNext('updateBody', new GitHubCallError('PATCH release', status, message));
    const report = await publishRelease(CONFIG, content(), deps);
    expect(report.status).toBe('failed');
    expect(report.reason).toMatchObject({ call: 'PATCH release', status, message });
    expect(report.reason?.action).toMatch(fix);
    expect(report.text).toContain(message);
  });

  it('broken markers in the body: failed, the body untouched, no asset', async () => {
    const { github, deps } = setup();
    const release = github.seed('v1.4.0', `${startMarker('ami-ids')}\nhalf a section`);
    const report = await publishRelease(CONFIG, content(), deps);
    expect(report.status).toBe('failed');
    expect(release.body).toBe(`${startMarker('ami-ids')}\nhalf a section`);
    expect(github.calls).not.toContain('uploadAsset');
  });

  it('a body that would pass GitHub’s limit is refused before it is sent', async () => {
    const { github, deps } = setup();
    github.seed('v1.4.0', 'x'.repeat(124_990));
    const report = await publishRelease(CONFIG, content(), deps);
    expect(report.status).toBe('failed');
    expect(report.text).toMatch(/GitHub takes 125000/);
    expect(github.calls).not.toContain('updateBody');
  });

  it('dry run: reads only, says what it would do', async () => {
    const { github, deps } = setup();
    expect((await publishRelease(CONFIG, content(), { ...deps, dryRun: true })).status).toBe('would-create');
    github.seed('v1.4.0');
    expect((await publishRelease(CONFIG, content(), { ...deps, dryRun: true })).status).toBe('would-update');
    expect(github.calls.every((c) => c === 'findByTag')).toBe(true);
  });

  it('dry run on a body with broken markers: the problem is found without writing', async () => {
    const { github, deps } = setup();
    github.seed('v1.4.0', `${endMarker('ami-ids')}`);
    const report = await publishRelease(CONFIG, content(), { ...deps, dryRun: true });
    expect(report.status).toBe('failed');
    expect(github.calls).toEqual(['findByTag']);
  });

  it('no region has an image: nothing published', async () => {
    const { github, deps } = setup();
    const report = await publishRelease(CONFIG, { ...content(), hasImages: false }, deps);
    expect(report.status).toBe('skipped');
    expect(github.calls).toEqual([]);
  });
});
