import { describe, expect, it } from 'vitest';
import type { ImageInfo } from '../../src/aws/types.js';
import type { Config } from '../../src/config/config.js';
import {
  ENCRYPTED_NAME_SUFFIX,
  planDistribution,
  type RegionPlan,
  type RunContext,
  retryToken,
} from '../../src/plan.js';
import { provenanceTags, SETTINGS_TAG, SOURCE_IMAGE_TAG, SOURCE_REGION_TAG } from '../../src/rules/tags.js';
import { testConfig } from '../support/config-builder.js';

const SOURCE: ImageInfo = {
  imageId: 'ami-0123456789abcdef0',
  name: 'base-image',
  description: 'Base image',
  state: 'available',
  stateReason: undefined,
  ownerId: '123456789012',
  creationDate: '2026-11-25T10:00:00.000Z',
  encrypted: false,
  tags: { Name: 'base', team: 'source-team', 'aws:ec2launchtemplate:id': 'lt-1' },
  blockDevices: [],
};

const CONFIG: Config = testConfig({
  targetRegions: ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
  tags: { team: 'core', env: 'prod' },
});

const RUN: RunContext = {
  startedAt: new Date('2026-11-26T03:45:09Z'),
  runId: '1234567890',
  runAttempt: '1',
  repository: 'acme/images',
  invocationId: 'test-invocation',
};

function plan(config: Partial<Config> = {}, source: Partial<ImageInfo> = {}, run: Partial<RunContext> = {}) {
  return planDistribution({ ...CONFIG, ...config }, { ...SOURCE, ...source }, { ...RUN, ...run });
}

function planFor(region: string, ...args: Parameters<typeof plan>): RegionPlan {
  const found = plan(...args).plans.find((p) => p.region === region);
  if (found === undefined) throw new Error(`no plan for ${region}`);
  return found;
}

describe('planDistribution: regions and kinds', () => {
  it('plans every target in order; the source region maps to the source image', () => {
    const { plans, problems } = plan();
    expect(problems).toEqual([]);
    expect(plans.map((p) => [p.region, p.kind])).toEqual([
      ['eu-west-1', 'copy'],
      ['us-east-1', 'source'],
      ['ap-southeast-2', 'copy'],
    ]);
  });

  it("describes the source region's plan as the source image, with nothing to tag or reuse", () => {
    const source = planFor('us-east-1');
    expect(source).toMatchObject({
      kind: 'source',
      name: 'base-image',
      description: 'Base image',
      encrypted: false,
      kmsKeyId: undefined,
      imageTags: SOURCE.tags,
      snapshotTags: undefined,
      reuseTags: {},
    });
  });

  it('makes an encrypted copy in the source region when encryption is asked of an unencrypted source', () => {
    const copy = planFor('us-east-1', { encrypted: true });
    expect(copy).toMatchObject({ kind: 'copy', encrypted: true, name: `base-image${ENCRYPTED_NAME_SUFFIX}` });
    expect(copy.name).toBe('base-image (encrypted)');
  });

  it('keeps a templated name for the encrypted copy in the source region when it differs from the source name', () => {
    expect(planFor('us-east-1', { encrypted: true, nameTemplate: '{name}-{region}' }).name).toBe(
      'base-image-us-east-1',
    );
    expect(planFor('us-east-1', { encrypted: true, nameTemplate: '{name}' }).name).toBe(
      'base-image (encrypted)',
    );
  });

  it('does not copy within the source region when the source is already encrypted', () => {
    expect(planFor('us-east-1', { encrypted: true }, { encrypted: true }).kind).toBe('source');
  });
});

describe('planDistribution: names and descriptions', () => {
  it("defaults to the source's name and description", () => {
    expect(planFor('eu-west-1')).toMatchObject({ name: 'base-image', description: 'Base image' });
  });

  it('writes a provenance sentence when the source has no description', () => {
    for (const description of [undefined, '']) {
      expect(planFor('eu-west-1', {}, { description }).description).toBe(
        'Copy of ami-0123456789abcdef0 from us-east-1 by ami-distribute',
      );
    }
  });

  it('expands the templates per region with the run start in UTC', () => {
    const copy = planFor('ap-southeast-2', {
      nameTemplate: '{name}-{date}-{region}',
      descriptionTemplate: '{source-ami-id} from {source-region} at {timestamp}',
    });
    expect(copy.name).toBe('base-image-2026-11-26-ap-southeast-2');
    expect(copy.description).toBe('ami-0123456789abcdef0 from us-east-1 at 20261126034509');
  });

  it('reports a name that is invalid after expansion, naming the region and the name, with a template to use', () => {
    const { problems } = plan({ nameTemplate: '{name}-{region}' }, { name: 'n'.repeat(119) });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^eu-west-1: /);
    expect(problems[0]).toContain(`"${'n'.repeat(119)}-eu-west-1"`);
    expect(problems[0]).toContain('at most 128');
    // A longer template cannot fix a name that is too long.
    expect(problems[0]).toContain('a shorter template than the template, e.g. name: "web-{date}"');
    expect(problems[1]).toContain('ap-southeast-2');
  });

  it('suggests a template without {name} when the source name has characters AWS refuses', () => {
    const { problems } = plan({}, { name: 'web:base*2026' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('contains');
    expect(problems[0]).toContain('a template without {name}, e.g. name: "web-{date}"');
    expect(problems[0]).toContain("letters, digits, spaces and ( ) [ ] . / - ' @ _");
    expect(problems[0]).not.toContain('"{name}-{region}"');
  });

  it('suggests adding text when the name is too short', () => {
    const { problems } = plan({ nameTemplate: '{name}' }, { name: 'ab' });
    expect(problems[0]).toContain('at least 3');
    expect(problems[0]).toContain('adds text to the name, e.g. name: "{name}-{region}"');
  });

  it('reports a source name that becomes too long with the encrypted suffix', () => {
    const { problems } = plan({ encrypted: true, targetRegions: ['us-east-1'] }, { name: 'n'.repeat(120) });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^us-east-1: the name "n+ \(encrypted\)" \(from the source name\) is 132 characters long/,
    );
  });

  it('reports a description over 255 characters after expansion', () => {
    const { problems } = plan(
      { descriptionTemplate: '{name} {name}', targetRegions: ['eu-west-1'] },
      { name: 'n'.repeat(128) },
    );
    expect(problems).toEqual([expect.stringMatching(/^eu-west-1: the description is 257 characters long/)]);
  });
});

describe('planDistribution: encryption and keys', () => {
  it('leaves copies unencrypted and keyless unless asked', () => {
    expect(planFor('eu-west-1')).toMatchObject({ encrypted: false, kmsKeyId: undefined });
  });

  it('encrypts every copy of an encrypted source, with the default key', () => {
    const { plans } = plan({}, { encrypted: true });
    expect(plans.filter((p) => p.kind === 'copy').map((p) => [p.encrypted, p.kmsKeyId])).toEqual([
      [true, undefined],
      [true, undefined],
    ]);
  });

  it('takes kms-key-ids[region], else kms-key-id', () => {
    const { plans, problems } = plan({
      encrypted: true,
      kmsKeyId: 'alias/images',
      kmsKeyIds: { 'ap-southeast-2': 'alias/sydney' },
    });
    expect(problems).toEqual([]);
    expect(plans.map((p) => [p.region, p.kmsKeyId])).toEqual([
      ['eu-west-1', 'alias/images'],
      ['us-east-1', 'alias/images'],
      ['ap-southeast-2', 'alias/sydney'],
    ]);
  });
});

describe('planDistribution: tags', () => {
  it('tags copies with source tags (no aws:), user tags over them, and provenance', () => {
    const copy = planFor('eu-west-1');
    const provenance = {
      [SOURCE_IMAGE_TAG]: 'ami-0123456789abcdef0',
      [SOURCE_REGION_TAG]: 'us-east-1',
      [SETTINGS_TAG]: expect.stringMatching(/^[0-9a-f]{16}$/),
    };
    expect(copy.imageTags).toEqual({ Name: 'base', team: 'core', env: 'prod', ...provenance });
    expect(copy.snapshotTags).toEqual(copy.imageTags);
    expect(copy.reuseTags).toEqual(provenance);
  });

  it('uses the provenance of each copy as its reuse filter, different per region and key', () => {
    const { plans } = plan({ encrypted: true, kmsKeyIds: { 'ap-southeast-2': 'alias/sydney' } });
    const [eu, us, ap] = plans;
    expect(eu?.reuseTags).toEqual(
      provenanceTags({
        sourceImageId: 'ami-0123456789abcdef0',
        sourceRegion: 'us-east-1',
        targetRegion: 'eu-west-1',
        encrypted: true,
        kmsKeyId: undefined,
      }),
    );
    const hashes = [eu, us, ap].map((p) => p?.reuseTags[SETTINGS_TAG]);
    expect(new Set(hashes).size).toBe(3);
  });

  it('gives snapshots only the provenance tags when tag-snapshots is false (cleanup relies on them), and leaves source tags out when copy-tags is false', () => {
    const copy = planFor('eu-west-1', { tagSnapshots: false, copyTags: false });
    expect(copy.snapshotTags).toEqual(
      provenanceTags({
        sourceImageId: copy.imageTags[SOURCE_IMAGE_TAG] ?? '',
        sourceRegion: 'us-east-1',
        targetRegion: 'eu-west-1',
        encrypted: copy.encrypted,
        kmsKeyId: copy.kmsKeyId,
      }),
    );
    expect(copy.snapshotTags).toEqual(copy.reuseTags);
    expect(copy.imageTags).not.toHaveProperty('Name');
    expect(copy.imageTags).toMatchObject({ team: 'core', env: 'prod' });
  });

  it('reports more than 50 tags after merging, per region, with the fix', () => {
    const sourceTags = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`s${i}`, 'v']));
    const tags = Object.fromEntries(Array.from({ length: 18 }, (_, i) => [`u${i}`, 'v']));
    const { problems } = plan({ tags }, { tags: sourceTags });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^eu-west-1: the copy would get 51 tags/);
    expect(problems[0]).toContain('remove 1 from the tags input, or set copy-tags: false');
    expect(plan({ tags, copyTags: false }, { tags: sourceTags }).problems).toEqual([]);
  });

  it('blames the source, not the empty tags input, when the source alone has too many tags', () => {
    const sourceTags = Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`s${i}`, 'v']));
    const [problem] = plan({ tags: {} }, { tags: { ...sourceTags, 'aws:ignored': 'x' } }).problems;
    expect(problem).toMatch(/^eu-west-1: the copy would get 51 tags/);
    expect(problem).toContain('the source image alone has 48 user tags to copy');
    expect(problem).toContain('set copy-tags: false and list in tags the source tags the copies need');
    expect(problem).not.toContain('remove tags from the tags input');
    const withUserTags = plan({ tags: { team: 'core' } }, { tags: sourceTags }).problems[0];
    expect(withUserTags).toContain('removing tags from the tags input is not enough');
  });

  it('counts a user tag that overrides a source tag once', () => {
    const sourceTags = Object.fromEntries(Array.from({ length: 47 }, (_, i) => [`k${i}`, 'source']));
    const { plans, problems } = plan({ tags: { k0: 'user' } }, { tags: sourceTags });
    expect(problems).toEqual([]);
    expect(Object.keys(plans[0]?.imageTags ?? {})).toHaveLength(50);
    expect(plans[0]?.imageTags.k0).toBe('user');
  });
});

describe('planDistribution: client tokens', () => {
  const token = (...args: Parameters<typeof plan>) => planFor('eu-west-1', ...args).clientToken;

  it('is at most 64 ASCII characters', () => {
    for (const p of plan({ encrypted: true, nameTemplate: '{name}-{timestamp}' }).plans) {
      expect(p.clientToken.length).toBeLessThanOrEqual(64);
      expect(p.clientToken).toMatch(/^[\x21-\x7e]+$/);
    }
  });

  it('is the same for the same parameters and run, whenever the plan is made', () => {
    expect(token()).toBe(token());
    expect(token({}, {}, { startedAt: new Date('2026-11-26T05:00:00Z') })).toBe(token());
  });

  it('differs per region', () => {
    const tokens = plan().plans.map((p) => p.clientToken);
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('changes when any CopyImage parameter or the run identity changes', () => {
    const variants: Record<string, string> = {
      base: token(),
      sourceImageId: token({ sourceImageId: 'ami-11111111' }),
      sourceRegion: token({ sourceRegion: 'us-east-2' }),
      name: token({ nameTemplate: '{name}-x' }),
      description: token({ descriptionTemplate: 'other' }),
      encrypted: token({ encrypted: true }),
      kmsKeyId: token({ encrypted: true, kmsKeyId: 'alias/images' }),
      userTags: token({ tags: { team: 'other' } }),
      copyTags: token({ copyTags: false }),
      tagSnapshots: token({ tagSnapshots: false }),
      sourceTags: token({}, { tags: { Name: 'changed' } }),
      sourceName: token({}, { name: 'other-image' }),
      runId: token({}, {}, { runId: '1234567891' }),
      runAttempt: token({}, {}, { runAttempt: '2' }),
      repository: token({}, {}, { repository: 'acme/other' }),
      noRunId: token({}, {}, { runId: undefined, runAttempt: undefined }),
      // Sibling jobs of one workflow run, or a second step in the same job: another process.
      otherInvocation: token({}, {}, { invocationId: 'another-process' }),
      copyAgain: retryToken(token(), 1),
      copyAgainTwice: retryToken(token(), 2),
      dateInName: token({ nameTemplate: '{name}-{date}' }),
      nextDay: token({ nameTemplate: '{name}-{date}' }, {}, { startedAt: new Date('2026-11-27T03:45:09Z') }),
    };
    const seen = new Map<string, string>();
    for (const [label, value] of Object.entries(variants)) {
      expect(seen.get(value), `${label} repeats the token of ${seen.get(value)}`).toBeUndefined();
      seen.set(value, label);
    }
  });

  it('keeps the token for the first copy and makes a valid fresh one for each copy made again', () => {
    expect(retryToken(token(), 0)).toBe(token());
    expect(retryToken(token(), 1)).toMatch(/^ami-distribute-[0-9a-f]{48}$/);
  });

  it('does not depend on the order tags were given in', () => {
    expect(token({ tags: { a: '1', b: '2' } })).toBe(token({ tags: { b: '2', a: '1' } }));
  });
});
