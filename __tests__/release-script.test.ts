/**
 * scripts/release.sh in a scratch repository with a local bare remote: the tags it pushes,
 * how the major tag moves (and when it must not), and every refusal, which must push nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../scripts/release.sh', import.meta.url));

let dir: string;
let work: string;
let remote: string;
let env: NodeJS.ProcessEnv;

const git = (...args: string[]) => execFileSync('git', args, { cwd: work, env, encoding: 'utf8' }).trim();
/** The commit a tag of the remote points at, or undefined when the remote has no such tag. */
const remoteTag = (tag: string) => {
  const found = spawnSync(
    'git',
    ['--git-dir', remote, 'rev-parse', '--verify', '--quiet', `${tag}^{commit}`],
    {
      env,
      encoding: 'utf8',
    },
  );
  return found.status === 0 ? found.stdout.trim() : undefined;
};
const remoteTags = () =>
  execFileSync('git', ['--git-dir', remote, 'tag', '--list'], { env, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);

function release(args: string[], extraEnv: Record<string, string> = {}) {
  const run = spawnSync('bash', [join(work, 'scripts/release.sh'), ...args], {
    cwd: work,
    env: { ...env, RELEASE_BUILD_COMMAND: 'true', ...extraEnv },
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Writes the files a release checks for `version` and commits them. */
function prepare(
  version: string,
  changelog = `## [${version}] - 2026-12-01\n\n### Fixed\n\n- Something for ${version}.\n`,
) {
  writeFileSync(join(work, 'package.json'), `${JSON.stringify({ name: 'x', version }, null, 2)}\n`);
  writeFileSync(join(work, 'src/version.ts'), `export const ACTION_VERSION = '${version}';\n`);
  writeFileSync(
    join(work, 'CHANGELOG.md'),
    `# Changelog\n\n## [Unreleased]\n\n${changelog}\n## [0.0.1] - 2026-01-01\n\n- Old.\n`,
  );
  writeFileSync(join(work, 'dist/index.js'), `// bundle of ${version}\n`);
  git('add', '-A');
  git('commit', '-q', '-m', `Release ${version}`);
  return git('rev-parse', 'HEAD');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'release-'));
  work = join(dir, 'work');
  remote = join(dir, 'remote.git');
  env = {
    PATH: process.env.PATH,
    HOME: dir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
  };
  execFileSync('git', ['init', '-q', '--bare', remote], { env });
  mkdirSync(join(work, 'scripts'), { recursive: true });
  mkdirSync(join(work, 'src'));
  mkdirSync(join(work, 'dist'));
  git('init', '-q', '-b', 'main');
  git('remote', 'add', 'origin', remote);
  copyFileSync(SCRIPT, join(work, 'scripts/release.sh'));
  chmodSync(join(work, 'scripts/release.sh'), 0o755);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('scripts/release.sh', () => {
  it('tags vX.Y.Z, moves vX with each newer release, and leaves vX alone for a fix on an older line', () => {
    const first = prepare('1.0.0');
    const one = release(['1.0.0']);
    expect(one.stderr).toBe('');
    expect(one.status).toBe(0);
    expect(one.stdout).toContain('moved v1 to v1.0.0');
    expect(remoteTag('v1.0.0')).toBe(first);
    expect(remoteTag('v1')).toBe(first);

    const second = prepare('1.1.0');
    expect(release(['1.1.0']).status).toBe(0);
    expect(remoteTag('v1.1.0')).toBe(second);
    expect(remoteTag('v1')).toBe(second);
    expect(remoteTag('v1.0.0')).toBe(first);

    git('checkout', '-q', '-b', 'fix-1.0', 'v1.0.0');
    const fix = prepare('1.0.1');
    const hotfix = release(['1.0.1']);
    expect(hotfix.status).toBe(0);
    expect(hotfix.stdout).toContain('v1 stays at v1.1.0');
    expect(remoteTag('v1.0.1')).toBe(fix);
    expect(remoteTag('v1')).toBe(second);

    git('checkout', '-q', 'main');
    const major = prepare('2.0.0');
    expect(release(['2.0.0']).status).toBe(0);
    expect(remoteTag('v2')).toBe(major);
    expect(remoteTag('v1')).toBe(second);
    expect(remoteTags().sort()).toEqual(['v1', 'v1.0.0', 'v1.0.1', 'v1.1.0', 'v2', 'v2.0.0']);
  });

  it('prints the version’s CHANGELOG section as release notes', () => {
    prepare('1.2.0', '## [1.2.0] - 2026-12-01\n\n### Added\n\n- A new input.\n');
    const notes = release(['--notes', '1.2.0']);
    expect(notes.status).toBe(0);
    expect(notes.stdout.trim()).toBe('### Added\n\n- A new input.');
    expect(remoteTags()).toEqual([]);
  });

  it.each([
    ['a version that is not X.Y.Z', () => ['v1.0.0'], /version must be X\.Y\.Z/],
    [
      'package.json naming another version',
      () => {
        writeFileSync(join(work, 'package.json'), '{ "version": "0.9.0" }\n');
        git('commit', '-q', '-am', 'stale package.json');
        return ['1.0.0'];
      },
      /package\.json says 0\.9\.0/,
    ],
    [
      'src/version.ts naming another version',
      () => {
        writeFileSync(join(work, 'src/version.ts'), "export const ACTION_VERSION = '0.9.0';\n");
        git('commit', '-q', '-am', 'stale version.ts');
        return ['1.0.0'];
      },
      /src\/version\.ts does not say/,
    ],
    ['a CHANGELOG without the version', () => ['1.0.1'], /CHANGELOG\.md has no '## \[1\.0\.1\]' section/],
    [
      'uncommitted changes',
      () => {
        writeFileSync(join(work, 'dist/index.js'), '// edited\n');
        return ['1.0.0'];
      },
      /uncommitted changes/,
    ],
  ])('refuses %s and pushes nothing', (_what, arrange, message) => {
    prepare('1.0.0');
    const args = arrange();
    const refused = release(args);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(message);
    expect(remoteTags()).toEqual([]);
  });

  it('refuses a release whose tag exists', () => {
    prepare('1.0.0');
    expect(release(['1.0.0']).status).toBe(0);
    const again = release(['1.0.0']);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('v1.0.0 exists already');
  });

  it('refuses when a fresh build changes dist/, and pushes nothing', () => {
    prepare('1.0.0');
    const build = join(dir, 'stale-build.sh');
    writeFileSync(build, '#!/bin/sh\necho "// rebuilt" > dist/index.js\n');
    chmodSync(build, 0o755);
    const refused = release(['1.0.0'], { RELEASE_BUILD_COMMAND: build });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('dist/ differs from a fresh build');
    expect(remoteTags()).toEqual([]);
  });
});
