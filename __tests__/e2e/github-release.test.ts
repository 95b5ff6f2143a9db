/**
 * release: true, end to end: the bundle against the simulator and the GitHub REST stub, over
 * HTTP. The region table lands in a marked section of the tag's release and the map as an
 * asset; a rerun replaces both; a token without contents: write costs no copy; matrix siblings
 * writing the same release at once keep both sections; bad release inputs stop the run before
 * any call to AWS or GitHub.
 */
import { describe, expect, it } from 'vitest';
import { type RunningGitHubStub, startGitHubStub } from '../../sim/index.js';
import { endMarker, startMarker } from '../../src/steps/release/release-body.js';
import { amiIdsOutput } from '../support/invariants.js';
import { type Scenario, startScenario } from '../support/scenario.js';

const REPO = 'acme/images';
const TAG = 'v1.4.0';
const WRITE_TOKEN = 'ghs_write_token_0001';
const READ_TOKEN = 'ghs_read_token_0002';

interface World {
  s: Scenario;
  github: RunningGitHubStub;
}

async function startWorld(latencyMs = 0): Promise<World> {
  const s = await startScenario({ targetRegions: ['eu-west-1', 'us-west-2'], scale: 1200 });
  const github = await startGitHubStub({ latencyMs });
  github.addRepository(REPO);
  github.addToken(WRITE_TOKEN, 'write');
  github.addToken(READ_TOKEN, 'read');
  return { s, github };
}

function gitHubEnv(github: RunningGitHubStub, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: REPO,
    GITHUB_REF: `refs/tags/${TAG}`,
    GITHUB_REF_NAME: TAG,
    GITHUB_REF_TYPE: 'tag',
    ...extra,
  };
}

function releaseOutput(run: { outputs: Record<string, string> }) {
  return JSON.parse(run.outputs.release ?? 'null') as Record<string, unknown> | null;
}

const count = (text: string, part: string) => text.split(part).length - 1;

/** Each test its own simulator and stub, so they run at once. */
async function withWorld(test: (w: World) => Promise<void>, latencyMs = 0): Promise<void> {
  const w = await startWorld(latencyMs);
  try {
    await test(w);
  } finally {
    await w.github.close();
    await w.s.close();
  }
}

describe.concurrent('bundle: release: true', () => {
  it('adds the section to a written release, uploads ami-ids.json, and a rerun replaces both', () =>
    withWorld(async ({ s, github }) => {
      const seeded = github.seedRelease(REPO, { tag: TAG, body: '## What changed\n- faster boot\n' });
      const inputs = s.inputs({ release: 'true', 'github-token': WRITE_TOKEN });
      const run = await s.run({ inputs, env: gitHubEnv(github) });
      expect(run.errorMessage).toBeUndefined();
      expect(run.exitCode).toBe(0);
      const ids = amiIdsOutput(run);
      expect(Object.keys(ids).sort()).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);

      const [release] = github.releases(REPO);
      expect(release?.id).toBe(seeded.id);
      const body = release?.body ?? '';
      expect(body.startsWith('## What changed\n- faster boot\n')).toBe(true);
      expect(count(body, startMarker('ami-ids'))).toBe(1);
      for (const [region, ami] of Object.entries(ids)) expect(body).toContain(`| ${region} | \`${ami}\` |`);
      expect(body).toContain('[this workflow run](https://github.com/acme/images/actions/runs/4242)');
      expect(release?.assets.map((a) => a.name)).toEqual(['ami-ids.json']);
      expect(JSON.parse(release?.assets[0]?.data.toString('utf8') ?? '')).toEqual(ids);
      expect(releaseOutput(run)).toMatchObject({
        status: 'updated',
        tag: TAG,
        repository: REPO,
        asset: 'ami-ids.json',
        error: null,
      });
      expect(run.summary).toContain(TAG);

      // A new workflow run for the same tag: the section and the asset are replaced, not added.
      const rerun = await s.run({ inputs, env: gitHubEnv(github, { GITHUB_RUN_ID: '4343' }) });
      expect(rerun.exitCode).toBe(0);
      const [after] = github.releases(REPO);
      expect(count(after?.body ?? '', startMarker('ami-ids'))).toBe(1);
      expect(count(after?.body ?? '', endMarker('ami-ids'))).toBe(1);
      expect(after?.body).toContain('/actions/runs/4343');
      expect(after?.body).not.toContain('/actions/runs/4242');
      expect(after?.assets.map((a) => a.name)).toEqual(['ami-ids.json']);
      expect(releaseOutput(rerun)).toMatchObject({ status: 'updated' });
      // The rerun reused every copy: the release did not cost one.
      expect(s.model.log.count({ action: 'CopyImage' })).toBe(2);
      // Nothing but the release's own routes was called, always with the token given.
      expect(github.requests.every((r) => r.token === WRITE_TOKEN)).toBe(true);
    }));

  it('creates the release when the tag has none', () =>
    withWorld(async ({ s, github }) => {
      const run = await s.run({
        inputs: s.inputs({ release: 'true', 'github-token': WRITE_TOKEN }),
        env: gitHubEnv(github),
      });
      expect(run.exitCode).toBe(0);
      const releases = github.releases(REPO);
      expect(releases.map((r) => [r.tagName, r.draft])).toEqual([[TAG, false]]);
      expect(releaseOutput(run)).toMatchObject({ status: 'created' });
    }));

  it('a token without contents: write: every copy made and output, then the step fails with the fix', () =>
    withWorld(async ({ s, github }) => {
      github.seedRelease(REPO, { tag: TAG, body: 'notes' });
      const run = await s.run({
        inputs: s.inputs({ release: 'true', 'github-token': READ_TOKEN }),
        env: gitHubEnv(github),
      });
      expect(run.exitCode).toBe(1);
      expect(Object.keys(amiIdsOutput(run)).sort()).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
      expect(JSON.parse(run.outputs['failed-regions'] ?? '')).toEqual([]);
      expect(run.errorMessage).toMatch(/permissions: contents: write/);
      expect(releaseOutput(run)).toMatchObject({ status: 'failed' });
      expect(String(releaseOutput(run)?.error)).toContain('403');
      expect(github.releases(REPO)[0]?.body).toBe('notes');
      expect(github.releases(REPO)[0]?.assets).toEqual([]);
      // GitHub was asked nothing before the run's last AWS call: the copies were settled first.
      const firstGitHub = Math.min(...github.requests.map((r) => r.at));
      const lastAws = Math.max(...s.model.log.all().map((e) => e.realTime));
      expect(lastAws).toBeLessThanOrEqual(firstGitHub);
    }));

  it('a 502 from GitHub is retried; the release is published', () =>
    withWorld(async ({ s, github }) => {
      github.seedRelease(REPO, { tag: TAG, body: '' });
      github.failNext(1, { status: 502, method: 'PATCH' });
      const run = await s.run({
        inputs: s.inputs({ release: 'true', 'github-token': WRITE_TOKEN }),
        env: gitHubEnv(github),
      });
      expect(run.exitCode).toBe(0);
      expect(github.requests.filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([502, 200]);
      expect(count(github.releases(REPO)[0]?.body ?? '', startMarker('ami-ids'))).toBe(1);
    }));

  it('release: true on a branch: refused before any call to AWS or GitHub', () =>
    withWorld(async ({ s, github }) => {
      const before = s.model.log.all().length;
      const run = await s.run({
        inputs: s.inputs({ release: 'true', 'github-token': WRITE_TOKEN }),
        env: gitHubEnv(github, { GITHUB_REF: 'refs/heads/main' }),
      });
      expect(run.exitCode).toBe(1);
      expect(run.errorMessage).toMatch(/release-tag/);
      expect(run.errorMessage).toMatch(/tag push or a release event/);
      expect(s.model.log.all().length).toBe(before);
      expect(github.requests).toEqual([]);
    }));

  it('two jobs of a matrix writing the same release keep both sections and both assets', () =>
    // Slow answers widen the read-modify-write window in which one job drops the other's section.
    withWorld(async ({ s, github }) => {
      github.seedRelease(REPO, { tag: TAG, body: 'Release notes' });
      const leg = (section: string) =>
        s.run({
          inputs: s.inputs({ release: 'true', 'github-token': WRITE_TOKEN, 'release-section': section }),
          env: gitHubEnv(github),
        });
      const [web, worker] = await Promise.all([leg('ami-ids-web'), leg('ami-ids-worker')]);
      expect([web.errorMessage, worker.errorMessage]).toEqual([undefined, undefined]);
      expect([web.exitCode, worker.exitCode]).toEqual([0, 0]);
      const [release] = github.releases(REPO);
      const body = release?.body ?? '';
      expect(body.startsWith('Release notes')).toBe(true);
      expect(count(body, startMarker('ami-ids-web'))).toBe(1);
      expect(count(body, startMarker('ami-ids-worker'))).toBe(1);
      expect(release?.assets.map((a) => a.name).sort()).toEqual(['ami-ids-web.json', 'ami-ids-worker.json']);
    }, 150));
});
