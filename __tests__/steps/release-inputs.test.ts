/**
 * The release step's inputs: the tag comes from the workflow's ref unless given, the repository
 * and token from the runner, and every problem names its input before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import { parseWith, problemsOf } from '../config/inputs.js';

const TAG_RUN = {
  GITHUB_REF: 'refs/tags/v1.4.0',
  GITHUB_REPOSITORY: 'acme/images',
  GITHUB_API_URL: 'https://ghe.example.com/api/v3/',
};

function release(inputs: Record<string, string>, env: Record<string, string | undefined> = TAG_RUN) {
  const result = parseWith({ 'github-token': 'ghs_token', ...inputs }, env);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config.steps.release;
}

describe('release inputs', () => {
  it('off by default: no section, whatever the ref', () => {
    expect(release({}, {})).toBeUndefined();
  });

  it('on a tag push: that tag, the runner repository, its API URL, the default section', () => {
    expect(release({ release: 'true' })).toEqual({
      repository: 'acme/images',
      tag: 'v1.4.0',
      sectionId: 'ami-ids',
      token: 'ghs_token',
      apiUrl: 'https://ghe.example.com/api/v3',
    });
  });

  it('release-tag and release-section win over the ref and the default', () => {
    const section = release(
      { release: 'true', 'release-tag': 'images/2026.12', 'release-section': 'ami-ids-web' },
      { ...TAG_RUN, GITHUB_REF: 'refs/heads/main', GITHUB_API_URL: undefined },
    );
    expect(section).toMatchObject({
      tag: 'images/2026.12',
      sectionId: 'ami-ids-web',
      apiUrl: 'https://api.github.com',
    });
  });

  it('an unevaluated github.token expression (the command line) falls back to GITHUB_TOKEN', () => {
    expect(
      release(
        { release: 'true', 'github-token': ['$', '{{ github.token }}'].join('') },
        { ...TAG_RUN, GITHUB_TOKEN: 'from-env' },
      )?.token,
    ).toBe('from-env');
  });

  it('on a branch without release-tag: refused, naming the ref and both fixes', () => {
    const problems = problemsOf(
      parseWith({ release: 'true', 'github-token': 't' }, { ...TAG_RUN, GITHUB_REF: 'refs/heads/main' }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.input).toBe('release-tag');
    expect(problems[0]?.message).toContain('"refs/heads/main"');
    expect(problems[0]?.message).toMatch(/tag push or a release event, or set release-tag/);
  });

  it.each([
    ['v1 .0', 'space'],
    ['v1..0', '".."'],
    ['v1^', '~ ^ :'],
    ['/v1', 'leading'],
  ])('refuses the tag %j', (tag, words) => {
    const problems = problemsOf(
      parseWith({ release: 'true', 'release-tag': tag, 'github-token': 't' }, TAG_RUN),
    );
    expect(problems.map((p) => p.input)).toEqual(['release-tag']);
    expect(problems[0]?.message).toContain(words);
  });

  it('refuses a section id that cannot name an asset, even with release off', () => {
    const problems = problemsOf(parseWith({ 'release-section': 'ami ids/../x' }, TAG_RUN));
    expect(problems.map((p) => p.input)).toEqual(['release-section']);
    expect(problems[0]?.message).toMatch(/letters, digits/);
  });

  it('without GITHUB_REPOSITORY or a token: both named', () => {
    const problems = problemsOf(
      parseWith(
        { release: 'true', 'github-token': '' },
        { GITHUB_REF: 'refs/tags/v1', GITHUB_REPOSITORY: 'not a repo' },
      ),
    );
    expect(problems.map((p) => p.input).sort()).toEqual(['github-token', 'release']);
    expect(problems.find((p) => p.input === 'release')?.message).toContain('GITHUB_REPOSITORY');
    expect(problems.find((p) => p.input === 'github-token')?.message).toContain('GITHUB_TOKEN');
  });

  it('release: yes is refused like any other boolean typo', () => {
    expect(problemsOf(parseWith({ release: 'yes' }, TAG_RUN)).map((p) => p.input)).toEqual(['release']);
  });
});
