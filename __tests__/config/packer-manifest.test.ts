import { describe, expect, it } from 'vitest';
import { artifactFromManifest } from '../../src/config/packer-manifest.js';

const build = (
  name: string,
  run: string,
  artifact: unknown = `us-east-1:ami-0${name.length}aaaaaaaaaaaaaaa`,
) => ({
  name,
  builder_type: 'amazon-ebs',
  artifact_id: artifact,
  packer_run_uuid: run,
});

describe("artifactFromManifest: Packer's manifest as the source", () => {
  it.for([
    [
      'the only build of the last run',
      { builds: [build('web', 'a'), build('web', 'b')], last_run_uuid: 'b' },
      '',
      true,
    ],
    ['the named build', { builds: [build('web', 'b'), build('db', 'b')], last_run_uuid: 'b' }, 'db', true],
  ] as const)('takes %s', ([, manifest, name]) => {
    const result = artifactFromManifest('m.json', JSON.stringify(manifest), name);
    expect(result).toEqual({
      ok: true,
      value: manifest.builds.find((b) => b.packer_run_uuid === 'b' && (name === '' || b.name === name))
        ?.artifact_id,
    });
  });

  it.for([
    ['unreadable', undefined, '', 'cannot be read'],
    ['not JSON', '{builds:', '', 'is not JSON'],
    ['without builds', '{"last_run_uuid":"x"}', '', 'no "builds" list'],
    [
      'without a build of the last run',
      JSON.stringify({ builds: [build('web', 'a')], last_run_uuid: 'b' }),
      '',
      'run packer build before this step',
    ],
    [
      'with two builds and no name',
      JSON.stringify({ builds: [build('web', 'b'), build('db', 'b')], last_run_uuid: 'b' }),
      '',
      '("web", "db"): set packer-build-name',
    ],
    [
      'naming a build it lacks',
      JSON.stringify({ builds: [build('web', 'b')], last_run_uuid: 'b' }),
      'api',
      'no build named "api"',
    ],
    [
      'whose build has no artifact',
      JSON.stringify({ builds: [build('web', 'b', '')], last_run_uuid: 'b' }),
      '',
      'has no artifact_id',
    ],
  ] as const)('refuses a manifest %s', ([, text, name, message]) => {
    const result = artifactFromManifest('m.json', text, name);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(message);
  });
});
