import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/config.js';
import { testConfig } from '../support/config-builder.js';
import { keyArn, MRK, parseWith, UUID } from './inputs.js';

// What the inputs' defaults parse to: the one test Config without the run-specific fields.
const {
  sourceImageId: _id,
  sourceRegion: _region,
  targetRegions: _targets,
  ...DEFAULTS
} = testConfig({
  timeoutMs: 2 * 3_600_000,
});

function configOf(overrides: Record<string, string>, env: Record<string, string> = {}): Config {
  const result = parseWith(overrides, env);
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.config;
}

describe('parseConfig accepts', () => {
  it('a bare id with the region from AWS_REGION, every other input at its default', () => {
    expect(
      configOf({ 'source-region': '', 'target-regions': 'eu-west-1' }, { AWS_REGION: 'us-west-2' }),
    ).toEqual({
      ...DEFAULTS,
      sourceImageId: 'ami-0123456789abcdef0',
      sourceRegion: 'us-west-2',
      targetRegions: ['eu-west-1'],
    });
  });

  it('AWS_DEFAULT_REGION when AWS_REGION is empty, and AWS_REGION before it', () => {
    const only = { 'source-region': '', 'target-regions': 'eu-west-1' };
    expect(configOf(only, { AWS_REGION: '', AWS_DEFAULT_REGION: 'ca-central-1' }).sourceRegion).toBe(
      'ca-central-1',
    );
    expect(configOf(only, { AWS_REGION: 'sa-east-1', AWS_DEFAULT_REGION: 'ca-central-1' }).sourceRegion).toBe(
      'sa-east-1',
    );
  });

  it('source-region over AWS_REGION for a bare id', () => {
    expect(configOf({}, { AWS_REGION: 'us-west-2' }).sourceRegion).toBe('us-east-1');
  });

  it('region:ami-… taking the region from the prefix', () => {
    const config = configOf({ 'source-ami-id': 'eu-central-2:ami-12345678', 'source-region': '' });
    expect([config.sourceImageId, config.sourceRegion]).toEqual(['ami-12345678', 'eu-central-2']);
  });

  it("Packer's artifact_id, taking the entry of source-region", () => {
    const config = configOf({
      'source-ami-id': 'us-east-1:ami-11111111,eu-west-1:ami-22222222',
      'source-region': 'eu-west-1',
    });
    expect([config.sourceImageId, config.sourceRegion]).toEqual(['ami-22222222', 'eu-west-1']);
  });

  it("Packer's artifact_id, taking the entry of AWS_DEFAULT_REGION", () => {
    const config = configOf(
      { 'source-ami-id': 'us-east-1:ami-11111111, eu-west-1:ami-22222222', 'source-region': '' },
      { AWS_DEFAULT_REGION: 'us-east-1' },
    );
    expect([config.sourceImageId, config.sourceRegion]).toEqual(['ami-11111111', 'us-east-1']);
  });

  it('a region prefix equal to source-region', () => {
    expect(configOf({ 'source-ami-id': 'us-east-1:ami-12345678' }).sourceImageId).toBe('ami-12345678');
  });

  it('target regions separated by commas, spaces and newlines, duplicates dropped in order', () => {
    const config = configOf({
      'target-regions': 'eu-west-1,ap-southeast-4\n  il-central-1 eu-west-1,\nmx-central-1 us-east-1',
    });
    expect(config.targetRegions).toEqual([
      'eu-west-1',
      'ap-southeast-4',
      'il-central-1',
      'mx-central-1',
      'us-east-1',
    ]);
  });

  it('a separator at either end of target-regions (a generated list), and of source-ami-id', () => {
    expect(configOf({ 'target-regions': 'eu-west-1,' }).targetRegions).toEqual(['eu-west-1']);
    expect(configOf({ 'target-regions': ', eu-west-1, ap-southeast-2,\n' }).targetRegions).toEqual([
      'eu-west-1',
      'ap-southeast-2',
    ]);
    expect(configOf({ 'source-ami-id': 'us-east-1:ami-12345678,' }).sourceImageId).toBe('ami-12345678');
  });

  it('regions of other partitions when the source is there too', () => {
    expect(
      configOf({ 'source-region': 'cn-north-1', 'target-regions': 'cn-northwest-1' }).targetRegions,
    ).toEqual(['cn-northwest-1']);
    expect(
      configOf({ 'source-region': 'us-gov-west-1', 'target-regions': 'us-gov-east-1' }).sourceRegion,
    ).toBe('us-gov-west-1');
  });

  it('every input set, in its richest form', () => {
    const config = configOf({
      'source-ami-id': 'us-east-1:ami-11111111,eu-west-1:ami-22222222',
      'source-region': 'us-east-1',
      'target-regions': 'eu-west-1\nap-southeast-2\nus-east-1',
      name: 'app-{date} ({region}) [{name}]',
      description: 'Copy of {source-ami-id} from {source-region} at {timestamp}',
      encrypted: 'True',
      'kms-key-id': 'alias/images',
      'kms-key-ids': `{"ap-southeast-2": "${keyArn('ap-southeast-2')}", "us-east-1": "${MRK}"}`,
      'copy-tags': 'FALSE',
      tags: 'team: core\nbuild: "0042"\nenabled: true\nempty:',
      'tag-snapshots': 'false',
      wait: 'False',
      timeout: '1h 30m',
      'reuse-existing': 'false',
      'include-source': 'false',
      'cleanup-failed': 'false',
      'on-timeout': 'deregister',
      'on-cancel': 'deregister',
      'role-to-assume': 'arn:aws:iam::123456789012:role/ci/ami-copier',
      'role-session-name': 'release@v1.2',
      'role-duration-seconds': '43200',
    });
    expect(config).toEqual({
      sourceImageId: 'ami-11111111',
      sourceRegion: 'us-east-1',
      targetRegions: ['eu-west-1', 'ap-southeast-2', 'us-east-1'],
      nameTemplate: 'app-{date} ({region}) [{name}]',
      descriptionTemplate: 'Copy of {source-ami-id} from {source-region} at {timestamp}',
      encrypted: true,
      kmsKeyId: 'alias/images',
      kmsKeyIds: { 'ap-southeast-2': keyArn('ap-southeast-2'), 'us-east-1': MRK },
      copyTags: false,
      tags: { team: 'core', build: '0042', enabled: 'true', empty: '' },
      tagSnapshots: false,
      wait: false,
      timeoutMs: 90 * 60_000,
      reuseExisting: false,
      includeSource: false,
      cleanupFailed: false,
      onTimeout: 'deregister',
      onCancel: 'deregister',
      role: {
        arn: 'arn:aws:iam::123456789012:role/ci/ami-copier',
        sessionName: 'release@v1.2',
        durationSeconds: 43_200,
      },
      copyCompletionMinutes: undefined,
      dryRun: false,
      resultsFile: undefined,
      steps: {
        share: undefined,
        protect: undefined,
        deprecate: undefined,
        ssm: undefined,
        launchTemplates: undefined,
        release: undefined,
      },
    } satisfies Config);
  });

  it('kms-key-ids as region=key lines, overriding kms-key-id only where listed', () => {
    const config = configOf({
      encrypted: 'true',
      'kms-key-id': MRK,
      'kms-key-ids': `# per-region keys\neu-west-1 = ${keyArn('eu-west-1')}\n`,
    });
    expect([config.kmsKeyId, config.kmsKeyIds]).toEqual([MRK, { 'eu-west-1': keyArn('eu-west-1') }]);
  });

  it('a single-Region key id when only one copy region uses it', () => {
    const config = configOf({
      encrypted: 'true',
      'kms-key-id': UUID,
      'kms-key-ids': 'ap-southeast-2: alias/other',
    });
    expect(config.kmsKeyId).toBe(UUID);
  });

  it('a key ARN for kms-key-id when it is in the only copy region', () => {
    const config = configOf({
      encrypted: 'true',
      'target-regions': 'eu-west-1 us-east-1',
      'kms-key-id': keyArn('eu-west-1'),
      // The source region (a target) would get an encrypted copy of an unencrypted source.
      'kms-key-ids': 'us-east-1: alias/images',
    });
    expect(config.kmsKeyId).toBe(keyArn('eu-west-1'));
  });

  it('an alias ARN in its own region', () => {
    const aliasArn = 'arn:aws:kms:eu-west-1:123456789012:alias/images';
    const config = configOf({ encrypted: 'true', 'kms-key-ids': `eu-west-1: ${aliasArn}` });
    expect(config.kmsKeyIds).toEqual({ 'eu-west-1': aliasArn });
  });

  it('tags as JSON, keeping numbers and booleans as written', () => {
    expect(configOf({ tags: '{"version": 1.10, "ok": true, "nothing": null}' }).tags).toEqual({
      version: '1.10',
      ok: 'true',
      nothing: 'null',
    });
  });

  it('tags as key=value lines, with "=" and ":" inside values and 47 tags at most', () => {
    const tags = ['team=core', 'url=https://example.com/a?b=c', 'owner:email = a@b.c'];
    for (let i = tags.length; i < 47; i += 1) tags.push(`k${i}=v`);
    const config = configOf({ tags: tags.join('\n') });
    expect(Object.keys(config.tags)).toHaveLength(47);
    expect(config.tags).toMatchObject({
      team: 'core',
      url: 'https://example.com/a?b=c',
      'owner:email': 'a@b.c',
    });
  });

  it('timeouts from seconds to 72h', () => {
    expect(configOf({ timeout: '90s' }).timeoutMs).toBe(90_000);
    expect(configOf({ timeout: '45m' }).timeoutMs).toBe(45 * 60_000);
    expect(configOf({ timeout: '2h30m' }).timeoutMs).toBe(150 * 60_000);
    expect(configOf({ timeout: '1h0m5s' }).timeoutMs).toBe(3_605_000);
    expect(configOf({ timeout: '72h' }).timeoutMs).toBe(72 * 3_600_000);
  });

  it('role duration at both ends of its range', () => {
    const role = { 'role-to-assume': 'arn:aws:iam::123456789012:role/r' };
    expect(configOf({ ...role, 'role-duration-seconds': '900' }).role?.durationSeconds).toBe(900);
    expect(configOf({ ...role, 'role-duration-seconds': '43200' }).role?.durationSeconds).toBe(43_200);
  });

  it('a role in the source partition', () => {
    const config = configOf({
      'source-region': 'us-gov-west-1',
      'target-regions': 'us-gov-east-1',
      'role-to-assume': 'arn:aws-us-gov:iam::123456789012:role/r',
    });
    expect(config.role).toEqual({
      arn: 'arn:aws-us-gov:iam::123456789012:role/r',
      sessionName: 'ami-distribute',
      durationSeconds: 3600,
    });
  });

  it('templates that fit, with every token', () => {
    const config = configOf({ name: '{name}-{region}-{source-region}-{source-ami-id}-{date}-{timestamp}' });
    expect(config.nameTemplate).toBe('{name}-{region}-{source-region}-{source-ami-id}-{date}-{timestamp}');
  });
});

describe('the Config', () => {
  it('is frozen, lists and maps included', () => {
    const config = configOf({ tags: 'a=1', encrypted: 'true', 'kms-key-ids': 'eu-west-1: alias/a' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.targetRegions)).toBe(true);
    expect(Object.isFrozen(config.tags)).toBe(true);
    expect(Object.isFrozen(config.kmsKeyIds)).toBe(true);
  });

  it('keeps a "__proto__" tag key as a plain key', () => {
    const config = configOf({ tags: '"__proto__": x' });
    expect(Object.keys(config.tags)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(config.tags)).toBe(Object.prototype);
  });
});
