/** The GitHub REST stub over plain fetch: releases, assets, permissions, faults, recording. */
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningGitHubStub, startGitHubStub } from '../../sim/index.js';

const REPO = 'octo-org/images';
const WRITE = 'ghs_write';
const READ = 'ghs_read';
const NONE = 'ghs_none';

const running: RunningGitHubStub[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((stub) => stub.close()));
});

async function stub(latencyMs = 0): Promise<RunningGitHubStub> {
  const started = await startGitHubStub({ latencyMs });
  running.push(started);
  started.addRepository(REPO);
  started.addToken(WRITE, 'write');
  started.addToken(READ, 'read');
  started.addToken(NONE, 'none');
  return started;
}

interface WireAsset {
  id: number;
  name: string;
  browser_download_url: string;
}

interface WireRelease {
  id: number;
  tag_name: string;
  body: string | null;
  draft: boolean;
  html_url: string;
  upload_url: string;
  published_at: string | null;
}

interface WireError {
  message: string;
  errors?: unknown[];
}

interface Sent<T> {
  status: number;
  headers: Headers;
  /** The parsed answer, typed as the caller expects it (checked by the assertions). */
  json: T;
}

async function call<T = unknown>(
  gh: RunningGitHubStub,
  method: string,
  path: string,
  options: {
    token?: string | null;
    json?: unknown;
    body?: string;
    contentType?: string;
    scheme?: string;
  } = {},
): Promise<Sent<T>> {
  const headers: Record<string, string> = { accept: 'application/vnd.github+json' };
  const token = options.token === undefined ? WRITE : options.token;
  if (token !== null) headers.authorization = `${options.scheme ?? 'Bearer'} ${token}`;
  let body: string | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  if (options.contentType) headers['content-type'] = options.contentType;
  const url = path.startsWith('http') ? path : `${gh.url}${path}`;
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text === '' ? undefined : JSON.parse(text),
  };
}

/** The upload URL without its RFC 6570 `{?name,label}` tail. */
function uploadBase(release: { upload_url: string }): string {
  return release.upload_url.replace(/\{\?name,label\}$/, '');
}

describe('GitHub stub: releases', () => {
  it('finds a published release by tag, but not a draft, with GitHub-shaped JSON and headers', async () => {
    const gh = await stub();
    const published = gh.seedRelease(REPO, { tag: 'v1.0.0', name: 'One', body: 'notes' });
    gh.seedRelease(REPO, { tag: 'v2.0.0', draft: true });

    const found = await call<WireRelease>(gh, 'GET', `/repos/${REPO}/releases/tags/v1.0.0`);
    expect(found.status).toBe(200);
    expect(found.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(found.headers.get('x-github-request-id')).toMatch(/^[0-9A-F]{4}(:[0-9A-F]+){4}$/);
    expect(Number(found.headers.get('x-ratelimit-remaining'))).toBeLessThan(5000);
    expect(found.json).toMatchObject({
      id: published.id,
      tag_name: 'v1.0.0',
      name: 'One',
      body: 'notes',
      draft: false,
      prerelease: false,
      url: `${gh.url}/repos/${REPO}/releases/${published.id}`,
      assets_url: `${gh.url}/repos/${REPO}/releases/${published.id}/assets`,
      upload_url: `${gh.url}/uploads/repos/${REPO}/releases/${published.id}/assets{?name,label}`,
      assets: [],
      author: { login: 'github-actions[bot]' },
    });
    expect(found.json.published_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const draft = await call(gh, 'GET', `/repos/${REPO}/releases/tags/v2.0.0`);
    expect(draft.status).toBe(404);
    expect(draft.json).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest/releases/releases#get-a-release-by-tag-name',
      status: '404',
    });
  });

  it('takes a URL-encoded tag with / as one tag (and the unencoded form too)', async () => {
    const gh = await stub();
    gh.seedRelease(REPO, { tag: 'images/2026.12' });
    gh.seedRelease(REPO, { tag: 'images' });
    const encoded = await call<WireRelease>(
      gh,
      'GET',
      `/repos/${REPO}/releases/tags/${encodeURIComponent('images/2026.12')}`,
    );
    expect(encoded.status).toBe(200);
    expect(encoded.json.tag_name).toBe('images/2026.12');
    const plain = await call<WireRelease>(gh, 'GET', `/repos/${REPO}/releases/tags/images/2026.12`);
    expect(plain.json.tag_name).toBe('images/2026.12');
    expect(gh.requests.at(-2)?.path).toBe(`/repos/${REPO}/releases/tags/images%2F2026.12`);
  });

  it('lists newest first in pages with a Link header, drafts only for a write token', async () => {
    const gh = await stub();
    for (let n = 1; n <= 5; n++) gh.seedRelease(REPO, { tag: `v${n}` });
    gh.seedRelease(REPO, { tag: 'v6', draft: true });

    const first = await call<WireRelease[]>(gh, 'GET', `/repos/${REPO}/releases?per_page=2`);
    expect(first.json.map((r) => r.tag_name)).toEqual(['v6', 'v5']);
    const link = first.headers.get('link') ?? '';
    expect(link).toContain(`<${gh.url}/repos/${REPO}/releases?per_page=2&page=2>; rel="next"`);
    expect(link).toContain('page=3>; rel="last"');

    const last = await call<WireRelease[]>(gh, 'GET', `/repos/${REPO}/releases?per_page=2&page=3`);
    expect(last.json.map((r) => r.tag_name)).toEqual(['v2', 'v1']);
    expect(last.headers.get('link')).not.toContain('rel="next"');

    const asReader = await call<WireRelease[]>(gh, 'GET', `/repos/${REPO}/releases`, { token: READ });
    expect(asReader.json.map((r) => r.tag_name)).toEqual(['v5', 'v4', 'v3', 'v2', 'v1']);
    expect(asReader.headers.get('link')).toBeNull();
  });

  it('caps per_page at 100 and defaults to 30', async () => {
    const gh = await stub();
    for (let n = 1; n <= 120; n++) gh.seedRelease(REPO, { tag: `v${n}` });
    expect((await call(gh, 'GET', `/repos/${REPO}/releases`)).json).toHaveLength(30);
    const big = await call(gh, 'GET', `/repos/${REPO}/releases?per_page=500`);
    expect(big.json).toHaveLength(100);
    expect(big.headers.get('link')).toContain('per_page=100&page=2>; rel="next"');
  });

  it('creates a release (201) and refuses a second one for a published tag with already_exists', async () => {
    const gh = await stub();
    const created = await call<WireRelease>(gh, 'POST', `/repos/${REPO}/releases`, {
      json: { tag_name: 'v1', name: 'AMIs', body: 'map', prerelease: true },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      tag_name: 'v1',
      name: 'AMIs',
      body: 'map',
      draft: false,
      prerelease: true,
    });
    expect(gh.releases(REPO)).toEqual([
      {
        id: created.json.id,
        tagName: 'v1',
        name: 'AMIs',
        body: 'map',
        draft: false,
        prerelease: true,
        assets: [],
      },
    ]);

    const again = await call(gh, 'POST', `/repos/${REPO}/releases`, { json: { tag_name: 'v1' } });
    expect(again.status).toBe(422);
    expect(again.json).toEqual({
      message: 'Validation Failed',
      errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }],
      documentation_url: 'https://docs.github.com/rest/releases/releases#create-a-release',
      status: '422',
    });
    expect(gh.releases(REPO)).toHaveLength(1);
  });

  it('accepts a second draft for the same tag (drafts do not hold a tag)', async () => {
    const gh = await stub();
    const one = await call<WireRelease>(gh, 'POST', `/repos/${REPO}/releases`, {
      json: { tag_name: 'v1', draft: true },
    });
    const two = await call<WireRelease>(gh, 'POST', `/repos/${REPO}/releases`, {
      json: { tag_name: 'v1', draft: true },
    });
    expect([one.status, two.status]).toEqual([201, 201]);
    expect(one.json.published_at).toBeNull();
    expect(one.json.html_url).toMatch(/\/releases\/tag\/untagged-[0-9a-f]+$/);
    // Publishing the first takes the tag; publishing the second then collides.
    expect(
      (await call(gh, 'PATCH', `/repos/${REPO}/releases/${one.json.id}`, { json: { draft: false } })).status,
    ).toBe(200);
    const clash = await call<WireError>(gh, 'PATCH', `/repos/${REPO}/releases/${two.json.id}`, {
      json: { draft: false },
    });
    expect(clash.status).toBe(422);
    expect(clash.json.errors).toEqual([{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]);
  });

  it('refuses a create without tag_name, with a wrong type, or with a body that is not JSON', async () => {
    const gh = await stub();
    const missing = await call<WireError>(gh, 'POST', `/repos/${REPO}/releases`, { json: { name: 'x' } });
    expect(missing.status).toBe(422);
    expect(missing.json.message).toBe('Invalid request.\n\n"tag_name" wasn\'t supplied.');
    const wrongType = await call<WireError>(gh, 'POST', `/repos/${REPO}/releases`, {
      json: { tag_name: 'v1', draft: 'yes' },
    });
    expect(wrongType.status).toBe(422);
    expect(wrongType.json.message).toContain("For 'properties/draft'");
    const notJson = await call<WireError>(gh, 'POST', `/repos/${REPO}/releases`, {
      body: '{',
      contentType: 'application/json',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.json.message).toBe('Problems parsing JSON');
    expect(gh.releases(REPO)).toEqual([]);
  });

  it('updates a release (200) and refuses a body over 125000 characters, leaving it unchanged', async () => {
    const gh = await stub();
    const release = gh.seedRelease(REPO, { tag: 'v1', body: 'old' });
    const patched = await call(gh, 'PATCH', `/repos/${REPO}/releases/${release.id}`, {
      json: { body: 'x'.repeat(125_000), name: 'New' },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ id: release.id, name: 'New', tag_name: 'v1' });
    expect(gh.releases(REPO)[0]?.body).toHaveLength(125_000);

    const tooLong = await call(gh, 'PATCH', `/repos/${REPO}/releases/${release.id}`, {
      json: { body: 'y'.repeat(125_001) },
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.json).toEqual({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'Release',
          code: 'custom',
          field: 'body',
          message: 'body is too long (maximum is 125000 characters)',
        },
      ],
      documentation_url: 'https://docs.github.com/rest/releases/releases#update-a-release',
      status: '422',
    });
    expect(gh.releases(REPO)[0]?.body?.startsWith('x')).toBe(true);
    expect((await call(gh, 'PATCH', `/repos/${REPO}/releases/999999`, { json: { body: 'z' } })).status).toBe(
      404,
    );
  });

  it('gets a release by id; a draft only for a write token', async () => {
    const gh = await stub();
    const draft = gh.seedRelease(REPO, { tag: 'v1', draft: true });
    expect((await call<WireRelease>(gh, 'GET', `/repos/${REPO}/releases/${draft.id}`)).json.draft).toBe(true);
    expect((await call(gh, 'GET', `/repos/${REPO}/releases/${draft.id}`, { token: READ })).status).toBe(404);
    expect((await call(gh, 'GET', `/repos/${REPO}/releases/nope`)).status).toBe(404);
  });

  it('loses an update when two clients read, then both write (no locks)', async () => {
    const gh = await stub(50);
    const release = gh.seedRelease(REPO, { tag: 'v1', body: 'start' });
    const appendLine = async (line: string) => {
      const read = await call<WireRelease>(gh, 'GET', `/repos/${REPO}/releases/${release.id}`);
      await call(gh, 'PATCH', `/repos/${REPO}/releases/${release.id}`, {
        json: { body: `${read.json.body}\n${line}` },
      });
    };
    const started = Date.now();
    await Promise.all([appendLine('a'), appendLine('b')]);
    // Each client's GET and PATCH wait 50 ms each.
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
    const body = gh.releases(REPO)[0]?.body ?? '';
    expect(body.split('\n')).toHaveLength(2);
    expect(['start\na', 'start\nb']).toContain(body);
  });
});

describe('GitHub stub: assets', () => {
  it('uploads to upload_url, lists, refuses a duplicate name, downloads the bytes and deletes', async () => {
    const gh = await stub();
    const release = (
      await call<WireRelease>(
        gh,
        'GET',
        `/repos/${REPO}/releases/${gh.seedRelease(REPO, { tag: 'v1/x' }).id}`,
      )
    ).json;

    const uploaded = await call<WireAsset>(
      gh,
      'POST',
      `${uploadBase(release)}?name=amis.json&label=AMI%20map`,
      {
        body: '{"us-east-1":"ami-1"}',
        contentType: 'application/json',
      },
    );
    expect(uploaded.status).toBe(201);
    expect(uploaded.json).toMatchObject({
      name: 'amis.json',
      label: 'AMI map',
      content_type: 'application/json',
      size: 21,
      state: 'uploaded',
      url: `${gh.url}/repos/${REPO}/releases/assets/${uploaded.json.id}`,
      browser_download_url: `${gh.url}/download/${REPO}/v1%2Fx/amis.json`,
    });
    expect(gh.requests.at(-1)?.upload).toEqual({
      name: 'amis.json',
      label: 'AMI map',
      contentType: 'application/json',
      size: 21,
      text: '{"us-east-1":"ami-1"}',
    });

    const duplicate = await call<WireError>(gh, 'POST', `${uploadBase(release)}?name=amis.json`, {
      body: 'other',
    });
    expect(duplicate.status).toBe(422);
    expect(duplicate.json.errors).toEqual([
      { resource: 'ReleaseAsset', code: 'already_exists', field: 'name' },
    ]);
    const noName = await call(gh, 'POST', uploadBase(release), { body: 'x' });
    expect(noName.status).toBe(422);

    gh.seedAsset(REPO, release.id, 'b.txt', 'bee', 'text/plain');
    const page1 = await call<WireAsset[]>(
      gh,
      'GET',
      `/repos/${REPO}/releases/${release.id}/assets?per_page=1`,
    );
    expect(page1.json.map((a) => a.name)).toEqual(['amis.json']);
    expect(page1.headers.get('link')).toContain('rel="next"');

    const download = await fetch(uploaded.json.browser_download_url);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('{"us-east-1":"ami-1"}');

    const deleted = await call(gh, 'DELETE', `/repos/${REPO}/releases/assets/${uploaded.json.id}`);
    expect(deleted.status).toBe(204);
    expect(deleted.json).toBeUndefined();
    expect(gh.releases(REPO)[0]?.assets.map((a) => a.name)).toEqual(['b.txt']);
    expect((await fetch(uploaded.json.browser_download_url)).status).toBe(404);
    expect((await call(gh, 'DELETE', `/repos/${REPO}/releases/assets/${uploaded.json.id}`)).status).toBe(404);
  });

  it('renames an asset name with special characters, as GitHub does', async () => {
    const gh = await stub();
    const release = gh.seedRelease(REPO, { tag: 'v1' });
    const uploaded = await call<WireAsset>(
      gh,
      'POST',
      `${gh.url}/uploads/repos/${REPO}/releases/${release.id}/assets?name=ami%20map.json`,
      {
        body: '{}',
      },
    );
    expect(uploaded.json.name).toBe('ami.map.json');
  });

  it('answers 404 for an upload to an unknown release and keeps uploads off the API path', async () => {
    const gh = await stub();
    const release = gh.seedRelease(REPO, { tag: 'v1' });
    expect(
      (await call(gh, 'POST', `/uploads/repos/${REPO}/releases/424242/assets?name=a`, { body: 'a' })).status,
    ).toBe(404);
    expect(
      (await call(gh, 'POST', `/repos/${REPO}/releases/${release.id}/assets?name=a`, { body: 'a' })).status,
    ).toBe(404);
    expect(gh.releases(REPO)[0]?.assets).toEqual([]);
  });
});

describe('GitHub stub: permissions', () => {
  it('answers 401 Bad credentials without a token or with an unknown one; accepts "token X"', async () => {
    const gh = await stub();
    const anonymous = await call(gh, 'GET', `/repos/${REPO}/releases`, { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toEqual({
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
    expect((await call(gh, 'GET', `/repos/${REPO}/releases`, { token: 'ghs_unknown' })).status).toBe(401);
    expect((await call(gh, 'GET', `/repos/${REPO}/releases`, { scheme: 'token' })).status).toBe(200);
  });

  it('hides the repository (404) from a token with contents: none, and unknown repos and routes', async () => {
    const gh = await stub();
    const release = gh.seedRelease(REPO, { tag: 'v1' });
    expect((await call(gh, 'GET', `/repos/${REPO}/releases/tags/v1`, { token: NONE })).status).toBe(404);
    expect(
      (await call(gh, 'POST', `/repos/${REPO}/releases`, { token: NONE, json: { tag_name: 'v2' } })).status,
    ).toBe(404);
    expect((await call(gh, 'GET', '/repos/octo-org/other/releases')).status).toBe(404);
    expect((await call(gh, 'GET', `/repos/${REPO}/issues`)).status).toBe(404);
    expect((await call(gh, 'GET', `/repos/OCTO-ORG/Images/releases/${release.id}`)).status).toBe(200);
  });

  it('lets a read token read but answers every write 403 Resource not accessible by integration', async () => {
    const gh = await stub();
    const release = gh.seedRelease(REPO, { tag: 'v1' });
    const asset = gh.seedAsset(REPO, release.id, 'a.txt', 'a');
    expect((await call(gh, 'GET', `/repos/${REPO}/releases/tags/v1`, { token: READ })).status).toBe(200);
    const writes = [
      call(gh, 'POST', `/repos/${REPO}/releases`, { token: READ, json: { tag_name: 'v2' } }),
      call(gh, 'PATCH', `/repos/${REPO}/releases/${release.id}`, { token: READ, json: { body: 'x' } }),
      call(gh, 'DELETE', `/repos/${REPO}/releases/assets/${asset.id}`, { token: READ }),
      call(gh, 'POST', `/uploads/repos/${REPO}/releases/${release.id}/assets?name=b`, {
        token: READ,
        body: 'b',
      }),
    ];
    const answers = await Promise.all(writes);
    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
    expect(answers[0]?.json).toEqual({
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest/releases/releases#create-a-release',
      status: '403',
    });
    expect(gh.releases(REPO)).toEqual([{ ...release, assets: [asset] }]);
  });
});

describe('GitHub stub: faults and recording', () => {
  it('failNext answers the next matching requests with the status and changes nothing', async () => {
    const gh = await stub();
    gh.failNext(2, { method: 'POST', pathIncludes: '/releases' });
    gh.failNext(1, { status: 500 });
    const list = await call(gh, 'GET', `/repos/${REPO}/releases`);
    expect(list.status).toBe(500);
    const first = await call<WireRelease[]>(gh, 'POST', `/repos/${REPO}/releases`, {
      json: { tag_name: 'v1' },
    });
    const second = await call(gh, 'POST', `/repos/${REPO}/releases`, { json: { tag_name: 'v1' } });
    expect([first.status, second.status]).toEqual([502, 502]);
    expect(gh.releases(REPO)).toEqual([]);
    const third = await call(gh, 'POST', `/repos/${REPO}/releases`, { json: { tag_name: 'v1' } });
    expect(third.status).toBe(201);
    expect(gh.releases(REPO)).toHaveLength(1);
  });

  it('records every request with token, query, JSON body and the status sent', async () => {
    const gh = await stub();
    await call(gh, 'GET', `/repos/${REPO}/releases?per_page=5`, { token: READ });
    await call(gh, 'POST', `/repos/${REPO}/releases`, { token: READ, json: { tag_name: 'v1' } });
    await call(gh, 'GET', `/repos/${REPO}/releases`, { token: null });
    expect(gh.requests).toEqual([
      {
        method: 'GET',
        path: `/repos/${REPO}/releases`,
        query: { per_page: '5' },
        token: READ,
        at: expect.any(Number),
        status: 200,
      },
      {
        method: 'POST',
        path: `/repos/${REPO}/releases`,
        query: {},
        token: READ,
        at: expect.any(Number),
        status: 403,
        json: { tag_name: 'v1' },
      },
      {
        method: 'GET',
        path: `/repos/${REPO}/releases`,
        query: {},
        token: undefined,
        at: expect.any(Number),
        status: 401,
      },
    ]);
  });

  it('releases() returns copies: changing them does not change the stub', async () => {
    const gh = await stub();
    const release = gh.seedRelease(REPO, { tag: 'v1' });
    gh.seedAsset(REPO, release.id, 'a', Buffer.from([1, 2, 3]));
    const copy = gh.releases(REPO)[0];
    if (!copy) throw new Error('no release');
    copy.body = 'changed';
    copy.assets[0]?.data.fill(0);
    expect(gh.releases(REPO)[0]?.body).toBeNull();
    expect([...(gh.releases(REPO)[0]?.assets[0]?.data ?? [])]).toEqual([1, 2, 3]);
  });
});
