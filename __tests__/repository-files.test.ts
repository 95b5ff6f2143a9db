/**
 * The repository's own documents against the facts they restate: the licence against
 * package.json, SECURITY.md against the least-privilege policy, CONTRIBUTING.md against the
 * README's commands and the release script, CHANGELOG.md against the release script's format.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** The actions a policy document allows, e.g. ["ec2:CopyImage", ...]. */
function policyActions(path: string): string[] {
  const policy = JSON.parse(read(path)) as { Statement: { Action: string | string[] }[] };
  return [...new Set(policy.Statement.flatMap((statement) => [statement.Action].flat()))].sort();
}

/** Actions a text names in code spans after a service prefix, e.g. `CopyImage` under "EC2". */
const namedIn = (text: string, actions: readonly string[]) =>
  actions.filter((action) => text.includes(`\`${action.split(':')[1]}\``));

describe('repository files', () => {
  it('LICENSE is the MIT licence package.json declares, held by the contributors', () => {
    const license = read('LICENSE');
    expect((JSON.parse(read('package.json')) as { license: string }).license).toBe('MIT');
    expect(license.split('\n')[0]).toBe('MIT License');
    expect(license).toMatch(/^Copyright \(c\) \d{4} ami-distribute contributors$/m);
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND');
  });

  it('SECURITY.md names every EC2 action of docs/iam-policy.json, and the STS actions of role-to-assume', () => {
    const security = read('SECURITY.md');
    const ec2 = policyActions('docs/iam-policy.json');
    expect(ec2.length).toBeGreaterThan(5);
    expect(namedIn(security, ec2)).toEqual(ec2);
    expect(security).toContain('`AssumeRoleWithWebIdentity`');
    expect(namedIn(security, policyActions('docs/iam-policy-role-chaining.json'))).toEqual([
      'sts:AssumeRole',
    ]);
    expect(security).toMatch(/private vulnerability reporting/i);
    for (const file of ['iam-policy.json', 'iam-policy-kms.json', 'iam-policy-trust-github-oidc.json']) {
      expect(security).toContain(`](docs/${file})`);
    }
  });

  it('notices a policy action SECURITY.md does not name', () => {
    const ec2 = [...policyActions('docs/iam-policy.json'), 'ec2:ModifyImageAttribute'];
    expect(namedIn(read('SECURITY.md'), ec2)).not.toEqual(ec2);
  });

  it('CONTRIBUTING.md gives the README commands, the simulator, the feature path and the release', () => {
    const contributing = read('CONTRIBUTING.md');
    const readmeCommands = read('README.md').split('\n').slice(3, 5);
    expect(readmeCommands.map((line) => line.split('#')[0]?.trim())).toEqual([
      'npm ci && npm run demo',
      'npm ci && npm test',
    ]);
    for (const line of readmeCommands) expect(contributing).toContain(line.split('#')[0]?.trim());
    for (const text of ['npm run sim', 'src/config/input-spec.ts', 'action.yml', 'npm run build', 'dist/']) {
      expect(contributing).toContain(text);
    }
    expect(contributing).toContain('scripts/release.sh X.Y.Z');
  });

  it('CHANGELOG.md keeps an Unreleased section in the heading format the release script reads', () => {
    const changelog = read('CHANGELOG.md');
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
    expect(read('scripts/release.sh')).toContain('heading="## [$1]"');
  });
});
