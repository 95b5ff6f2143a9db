/** The GitHub REST stub driven by @actions/github's octokit, as the action's release step uses it. */
import { getOctokit } from '@actions/github';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningGitHubStub, startGitHubStub } from '../../sim/index.js';

const running: RunningGitHubStub[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((stub) => stub.close()));
});

async function stub(): Promise<RunningGitHubStub> {
  const started = await startGitHubStub();
  running.push(started);
  started.addRepository('octo-org/images');
  started.addToken('ghs_write', 'write');
  started.addToken('ghs_read', 'read');
  return started;
}

const repo = { owner: 'octo-org', repo: 'images' };

describe('GitHub stub with octokit', () => {
  it('looks up, creates, uploads to upload_url, paginates and updates; errors arrive as HttpError', async () => {
    const gh = await stub();
    const octokit = getOctokit('ghs_write', { baseUrl: gh.url });
    const tag = 'images/2026.12.02';

    await expect(octokit.rest.repos.getReleaseByTag({ ...repo, tag })).rejects.toMatchObject({ status: 404 });
    const created = await octokit.rest.repos.createRelease({
      ...repo,
      tag_name: tag,
      name: 'AMIs',
      body: 'b',
    });
    expect(created.status).toBe(201);
    expect((await octokit.rest.repos.getReleaseByTag({ ...repo, tag })).data.id).toBe(created.data.id);
    expect(gh.requests.at(-1)?.path).toBe('/repos/octo-org/images/releases/tags/images%2F2026.12.02');
    expect(gh.requests.at(-1)?.token).toBe('ghs_write');

    for (const name of ['a.json', 'b.json', 'c.json']) {
      const uploaded = await octokit.rest.repos.uploadReleaseAsset({
        ...repo,
        release_id: created.data.id,
        url: created.data.upload_url,
        name,
        data: `{"${name}":1}`,
        headers: { 'content-type': 'application/json' },
      });
      expect(uploaded.status).toBe(201);
    }
    expect(gh.requests.at(-1)?.upload).toMatchObject({ name: 'c.json', contentType: 'application/json' });
    const duplicate = octokit.rest.repos.uploadReleaseAsset({
      ...repo,
      release_id: created.data.id,
      url: created.data.upload_url,
      name: 'a.json',
      data: '{}',
    });
    await expect(duplicate).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }] } },
    });

    const assets = await octokit.paginate(octokit.rest.repos.listReleaseAssets, {
      ...repo,
      release_id: created.data.id,
      per_page: 2,
    });
    expect(assets.map((asset) => asset.name)).toEqual(['a.json', 'b.json', 'c.json']);
    expect(
      gh.requests.filter((request) => request.path.endsWith('/assets') && request.method === 'GET'),
    ).toHaveLength(2);

    const updated = await octokit.rest.repos.updateRelease({
      ...repo,
      release_id: created.data.id,
      body: 'new',
    });
    expect(updated.data.body).toBe('new');
    expect(gh.releases('octo-org/images')[0]?.body).toBe('new');
  });

  it('a read-only token gets 403 on create, as the GITHUB_TOKEN without contents: write does', async () => {
    const gh = await stub();
    const octokit = getOctokit('ghs_read', { baseUrl: gh.url });
    await expect(octokit.rest.repos.createRelease({ ...repo, tag_name: 'v1' })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration'),
    });
    expect(gh.releases('octo-org/images')).toEqual([]);
  });
});
