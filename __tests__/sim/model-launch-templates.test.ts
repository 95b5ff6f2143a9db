/**
 * Launch templates in the model, called through the request pipeline without HTTP: creation and
 * its refusals, new versions from a source version, the default version, deletion, the two
 * Describe actions, idempotency, the version quota, and the seeding / inspection helpers.
 */
import { describe, expect, it } from 'vitest';
import { MAX_VERSIONS_PER_LAUNCH_TEMPLATE } from '../../sim/model/launch-templates-lookup.js';
import { ec2, virtualWorld } from './helpers.js';

const REGION = 'us-east-1';
const AMI_1 = 'ami-0123456789abcdef0';
const AMI_2 = 'ami-0fedcba9876543210';

interface Template {
  LaunchTemplateId: string;
  LaunchTemplateName: string;
  DefaultVersionNumber: number;
  LatestVersionNumber: number;
  CreatedBy: string;
  CreateTime: Date;
  Tags?: { Key: string; Value: string }[];
}
interface Version {
  LaunchTemplateId: string;
  VersionNumber: number;
  VersionDescription?: string;
  DefaultVersion: boolean;
  LaunchTemplateData: Record<string, unknown>;
}

function failure(fn: () => unknown): { code: string; message: string; status: number } {
  try {
    fn();
  } catch (error) {
    const e = error as { code: string; message: string; status: number };
    return { code: e.code, message: e.message, status: e.status };
  }
  return { code: 'no error', message: '', status: 200 };
}

function world() {
  const { model, clock } = virtualWorld();
  const api = ec2(model, REGION).call;
  const create = (input: object) =>
    api<{ LaunchTemplate: Template }>('CreateLaunchTemplate', input).LaunchTemplate;
  const version = (input: object) =>
    api<{ LaunchTemplateVersion: Version }>('CreateLaunchTemplateVersion', input).LaunchTemplateVersion;
  const versions = (input: object) =>
    api<{ LaunchTemplateVersions: Version[]; NextToken?: string }>('DescribeLaunchTemplateVersions', input);
  const templates = (input: object) =>
    api<{ LaunchTemplates: Template[]; NextToken?: string }>('DescribeLaunchTemplates', input);
  return { model, clock, api, create, version, versions, templates };
}

describe('CreateLaunchTemplate', () => {
  it('creates version 1 as the default, with the data as given, the tags and who created it', () => {
    const { model, create, clock } = world();
    const template = create({
      LaunchTemplateName: 'web(prod)/v.1_x-y',
      VersionDescription: 'first',
      LaunchTemplateData: { ImageId: AMI_1, InstanceType: 't3.small', KeyName: 'ops' },
      TagSpecifications: [{ ResourceType: 'launch-template', Tags: [{ Key: 'team', Value: 'web' }] }],
    });
    expect(template).toEqual({
      LaunchTemplateId: expect.stringMatching(/^lt-[0-9a-f]{17}$/),
      LaunchTemplateName: 'web(prod)/v.1_x-y',
      CreateTime: new Date(clock.now()),
      CreatedBy: model.defaultCredentials.principal.arn,
      DefaultVersionNumber: 1,
      LatestVersionNumber: 1,
      Tags: [{ Key: 'team', Value: 'web' }],
    });
    const stored = model.launchTemplate(REGION, template.LaunchTemplateId);
    expect(stored?.versions).toEqual([
      {
        versionNumber: 1,
        description: 'first',
        data: { ImageId: AMI_1, InstanceType: 't3.small', KeyName: 'ops' },
        createdAt: clock.now(),
        createdBy: model.defaultCredentials.principal.arn,
        isDefault: true,
      },
    ]);
    expect(model.launchTemplate(REGION, 'web(prod)/v.1_x-y')?.tags).toEqual({ team: 'web' });
  });

  it('refuses a name outside 3-128 characters of letters, digits and ( ) . - / _', () => {
    const { create } = world();
    const data = { ImageId: AMI_1 };
    for (const name of ['ab', 'a'.repeat(129), 'has space', 'star*', 'ümlaut']) {
      expect([
        name,
        failure(() => create({ LaunchTemplateName: name, LaunchTemplateData: data })).code,
      ]).toEqual([name, 'InvalidLaunchTemplateName.MalformedException']);
    }
    expect(
      failure(() => create({ LaunchTemplateName: 'a'.repeat(128), LaunchTemplateData: data })).code,
    ).toBe('no error');
  });

  it('refuses a name already used in the region, but not in another region', () => {
    const { model, create } = world();
    create({ LaunchTemplateName: 'web', LaunchTemplateData: { ImageId: AMI_1 } });
    expect(
      failure(() => create({ LaunchTemplateName: 'web', LaunchTemplateData: { ImageId: AMI_2 } })),
    ).toEqual({
      code: 'InvalidLaunchTemplateName.AlreadyExistsException',
      message: 'Launch template name already in use.',
      status: 400,
    });
    expect(
      ec2(model, 'eu-west-1').call('CreateLaunchTemplate', {
        LaunchTemplateName: 'web',
        LaunchTemplateData: { ImageId: AMI_2 },
      }),
    ).toHaveProperty('LaunchTemplate.LaunchTemplateName', 'web');
  });

  it('needs launch template data, and tags only for the launch-template resource type', () => {
    const { create } = world();
    expect(failure(() => create({ LaunchTemplateName: 'web' })).code).toBe('MissingParameter');
    expect(failure(() => create({ LaunchTemplateName: 'web', LaunchTemplateData: {} })).code).toBe(
      'MissingParameter',
    );
    const wrongType = failure(() =>
      create({
        LaunchTemplateName: 'web',
        LaunchTemplateData: { ImageId: AMI_1 },
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'a', Value: 'b' }] }],
      }),
    );
    expect(wrongType).toMatchObject({
      code: 'InvalidParameterValue',
      message: expect.stringContaining("'instance'"),
    });
    expect(
      failure(() => create({ LaunchTemplateName: 'web', LaunchTemplateData: { ImageId: AMI_1 } })).code,
    ).toBe('no error');
  });

  it('does not check the ImageId: a missing image, a foreign id and an SSM alias are stored as given', () => {
    const { model, create, version } = world();
    const template = create({ LaunchTemplateName: 'web', LaunchTemplateData: { ImageId: AMI_1 } });
    expect(model.image(AMI_1)).toBeUndefined();
    version({ LaunchTemplateId: template.LaunchTemplateId, LaunchTemplateData: { ImageId: 'not-an-ami' } });
    version({
      LaunchTemplateId: template.LaunchTemplateId,
      LaunchTemplateData: { ImageId: 'resolve:ssm:/images/web' },
    });
    expect(model.launchTemplate(REGION, 'web')?.versions.map((v) => v.data.ImageId)).toEqual([
      AMI_1,
      'not-an-ami',
      'resolve:ssm:/images/web',
    ]);
  });

  it('answers the first template again for a repeated ClientToken, and refuses the token with other parameters', () => {
    const { model, create } = world();
    const request = {
      LaunchTemplateName: 'web',
      LaunchTemplateData: { ImageId: AMI_1 },
      ClientToken: 'tok-1',
    };
    const first = create(request);
    expect(create(request).LaunchTemplateId).toBe(first.LaunchTemplateId);
    expect(failure(() => create({ ...request, LaunchTemplateData: { ImageId: AMI_2 } })).code).toBe(
      'IdempotentParameterMismatch',
    );
    expect(model.store.launchTemplates.size).toBe(1);
  });
});

describe('CreateLaunchTemplateVersion', () => {
  function seeded() {
    const w = world();
    const seed = w.model.seedLaunchTemplate({
      region: REGION,
      name: 'web',
      data: { ImageId: AMI_1, InstanceType: 't3.small', MetadataOptions: { HttpTokens: 'required' } },
      moreVersions: [{ ImageId: AMI_2, InstanceType: 'm7i.large' }],
    });
    return { ...w, id: seed.launchTemplateId };
  }

  it('starts from the source version ($Default, $Latest or a number) with the given members replacing its own', () => {
    const { version, id } = seeded();
    const fromDefault = version({
      LaunchTemplateId: id,
      SourceVersion: '$Default',
      VersionDescription: 'new image',
      LaunchTemplateData: { ImageId: 'ami-0aaaaaaaaaaaaaaaa' },
    });
    expect(fromDefault).toMatchObject({
      VersionNumber: 3,
      VersionDescription: 'new image',
      DefaultVersion: false,
      LaunchTemplateData: {
        ImageId: 'ami-0aaaaaaaaaaaaaaaa',
        InstanceType: 't3.small',
        MetadataOptions: { HttpTokens: 'required' },
      },
    });
    const fromLatest = version({
      LaunchTemplateName: 'web',
      SourceVersion: '$Latest',
      LaunchTemplateData: { KeyName: 'ops' },
    });
    expect([fromLatest.VersionNumber, fromLatest.LaunchTemplateData]).toEqual([
      4,
      {
        ImageId: 'ami-0aaaaaaaaaaaaaaaa',
        InstanceType: 't3.small',
        MetadataOptions: { HttpTokens: 'required' },
        KeyName: 'ops',
      },
    ]);
    const fromTwo = version({
      LaunchTemplateId: id,
      SourceVersion: '2',
      LaunchTemplateData: { KeyName: 'ops' },
    });
    expect(fromTwo.LaunchTemplateData).toEqual({ ImageId: AMI_2, InstanceType: 'm7i.large', KeyName: 'ops' });
  });

  it('without a source version holds only the data given', () => {
    const { version, id } = seeded();
    expect(
      version({ LaunchTemplateId: id, LaunchTemplateData: { ImageId: AMI_2 } }).LaunchTemplateData,
    ).toEqual({
      ImageId: AMI_2,
    });
  });

  it('passes members the simulator does not know through untouched, and the source version stays as it was', () => {
    const { model, version, id } = seeded();
    const exotic = { InstanceRequirements: { VCpuCount: { Min: 2 } }, ImageId: AMI_2 };
    version({ LaunchTemplateId: id, LaunchTemplateData: exotic });
    const copy = version({ LaunchTemplateId: id, SourceVersion: '3', LaunchTemplateData: { KeyName: 'k' } });
    expect(copy.LaunchTemplateData).toEqual({ ...exotic, KeyName: 'k' });
    expect(model.launchTemplate(REGION, id)?.versions[0]?.data).toEqual({
      ImageId: AMI_1,
      InstanceType: 't3.small',
      MetadataOptions: { HttpTokens: 'required' },
    });
  });

  it('refuses a source version that does not exist, naming it and the template', () => {
    const { model, version, id } = seeded();
    for (const source of ['3', '0', 'abc', '$latest']) {
      expect(
        failure(() =>
          version({ LaunchTemplateId: id, SourceVersion: source, LaunchTemplateData: { ImageId: AMI_1 } }),
        ),
      ).toEqual({
        code: 'InvalidLaunchTemplateId.VersionNotFound',
        message: `Could not find the specified version ${source} for the launch template with ID ${id}.`,
        status: 400,
      });
    }
    expect(model.launchTemplate(REGION, id)?.latestVersion).toBe(2);
  });

  it('answers AWS NotFound errors for a template that does not exist, by id and by name', () => {
    const { version } = seeded();
    const data = { ImageId: AMI_1 };
    expect(
      failure(() => version({ LaunchTemplateId: 'lt-0123456789abcdef0', LaunchTemplateData: data })),
    ).toEqual({
      code: 'InvalidLaunchTemplateId.NotFound',
      message: 'The specified launch template, with template ID lt-0123456789abcdef0, does not exist.',
      status: 400,
    });
    expect(failure(() => version({ LaunchTemplateName: 'nope', LaunchTemplateData: data }))).toEqual({
      code: 'InvalidLaunchTemplateName.NotFoundException',
      message: 'The specified launch template, with template name nope, does not exist.',
      status: 400,
    });
    expect(failure(() => version({ LaunchTemplateId: 'lt-123', LaunchTemplateData: data })).code).toBe(
      'InvalidLaunchTemplateId.Malformed',
    );
    expect(failure(() => version({ LaunchTemplateData: data })).code).toBe('MissingParameter');
  });

  it('finds templates only in the caller region', () => {
    const { model, id } = seeded();
    expect(
      failure(() =>
        ec2(model, 'eu-west-1').call('CreateLaunchTemplateVersion', {
          LaunchTemplateId: id,
          LaunchTemplateData: { ImageId: AMI_1 },
        }),
      ).code,
    ).toBe('InvalidLaunchTemplateId.NotFound');
  });

  it('is idempotent with a ClientToken: the same version again, no second one', () => {
    const { model, version, id } = seeded();
    const request = { LaunchTemplateId: id, ClientToken: 'run-7', LaunchTemplateData: { ImageId: AMI_2 } };
    expect(version(request).VersionNumber).toBe(3);
    expect(version(request).VersionNumber).toBe(3);
    expect(model.launchTemplate(REGION, id)?.latestVersion).toBe(3);
    expect(failure(() => version({ ...request, SourceVersion: '1' })).code).toBe(
      'IdempotentParameterMismatch',
    );
  });

  it(`stops at ${MAX_VERSIONS_PER_LAUNCH_TEMPLATE} versions per template`, () => {
    const { model, version, id } = seeded();
    const record = model.store.launchTemplates.get(id);
    const first = record?.versions[0];
    if (!record || !first) throw new Error('seeded template missing');
    while (record.versions.length < MAX_VERSIONS_PER_LAUNCH_TEMPLATE) {
      record.versions.push({ ...first, versionNumber: record.versions.length + 1 });
    }
    const refused = failure(() => version({ LaunchTemplateId: id, LaunchTemplateData: { ImageId: AMI_2 } }));
    expect(refused).toMatchObject({ code: 'ResourceLimitExceeded', status: 400 });
    expect(model.launchTemplate(REGION, id)?.latestVersion).toBe(MAX_VERSIONS_PER_LAUNCH_TEMPLATE);
  });
});

describe('ModifyLaunchTemplate and DeleteLaunchTemplate', () => {
  it('sets the default version (a number or $Latest) and answers the template', () => {
    const { model, api } = world();
    const { launchTemplateId } = model.seedLaunchTemplate({
      region: REGION,
      name: 'web',
      imageId: AMI_1,
      moreVersions: [{ ImageId: AMI_2 }, { ImageId: AMI_2, KeyName: 'k' }],
    });
    const modified = api<{ LaunchTemplate: Template }>('ModifyLaunchTemplate', {
      LaunchTemplateName: 'web',
      DefaultVersion: '2',
    });
    expect(modified.LaunchTemplate).toMatchObject({
      LaunchTemplateId: launchTemplateId,
      DefaultVersionNumber: 2,
      LatestVersionNumber: 3,
    });
    api('ModifyLaunchTemplate', { LaunchTemplateId: launchTemplateId, DefaultVersion: '$Latest' });
    expect(model.launchTemplate(REGION, 'web')?.defaultVersion).toBe(3);
    expect(
      failure(() => api('ModifyLaunchTemplate', { LaunchTemplateId: launchTemplateId, DefaultVersion: '4' }))
        .code,
    ).toBe('InvalidLaunchTemplateId.VersionNotFound');
    expect(model.launchTemplate(REGION, 'web')?.defaultVersion).toBe(3);
  });

  it('deletes a template, which then is not found', () => {
    const { model, api } = world();
    const { launchTemplateId } = model.seedLaunchTemplate({ region: REGION, name: 'web', imageId: AMI_1 });
    const deleted = api<{ LaunchTemplate: Template }>('DeleteLaunchTemplate', { LaunchTemplateName: 'web' });
    expect(deleted.LaunchTemplate.LaunchTemplateId).toBe(launchTemplateId);
    expect(model.launchTemplate(REGION, launchTemplateId)).toBeUndefined();
    expect(failure(() => api('DeleteLaunchTemplate', { LaunchTemplateId: launchTemplateId })).code).toBe(
      'InvalidLaunchTemplateId.NotFound',
    );
  });
});

describe('DescribeLaunchTemplates', () => {
  function three() {
    const w = world();
    const a = w.model.seedLaunchTemplate({
      region: REGION,
      name: 'web-a',
      imageId: AMI_1,
      tags: { team: 'web' },
    });
    const b = w.model.seedLaunchTemplate({
      region: REGION,
      name: 'web-b',
      imageId: AMI_1,
      tags: { team: 'db' },
    });
    const c = w.model.seedLaunchTemplate({ region: REGION, name: 'batch', imageId: AMI_1 });
    w.model.seedLaunchTemplate({ region: 'eu-west-1', name: 'web-a', imageId: AMI_1 });
    return { ...w, a, b, c };
  }
  const names = (templates: Template[]) => templates.map((t) => t.LaunchTemplateName);

  it('lists the region templates, by ids, by names, and by name and tag filters', () => {
    const { templates, a, c } = three();
    expect(names(templates({}).LaunchTemplates)).toEqual(['web-a', 'web-b', 'batch']);
    expect(
      names(templates({ LaunchTemplateIds: [c.launchTemplateId, a.launchTemplateId] }).LaunchTemplates),
    ).toEqual(['batch', 'web-a']);
    expect(names(templates({ LaunchTemplateNames: ['web-b'] }).LaunchTemplates)).toEqual(['web-b']);
    expect(
      names(templates({ Filters: [{ Name: 'launch-template-name', Values: ['web-*'] }] }).LaunchTemplates),
    ).toEqual(['web-a', 'web-b']);
    expect(names(templates({ Filters: [{ Name: 'tag:team', Values: ['db'] }] }).LaunchTemplates)).toEqual([
      'web-b',
    ]);
    expect(names(templates({ Filters: [{ Name: 'tag-key', Values: ['team'] }] }).LaunchTemplates)).toEqual([
      'web-a',
      'web-b',
    ]);
  });

  it('refuses a named template that does not exist, and an unknown filter', () => {
    const { templates } = three();
    expect(failure(() => templates({ LaunchTemplateNames: ['web-a', 'gone'] }))).toEqual({
      code: 'InvalidLaunchTemplateName.NotFoundException',
      message: 'At least one of the launch templates specified in the request does not exist.',
      status: 400,
    });
    expect(failure(() => templates({ LaunchTemplateIds: ['lt-0123456789abcdef0'] })).code).toBe(
      'InvalidLaunchTemplateId.NotFound',
    );
    expect(failure(() => templates({ Filters: [{ Name: 'image-id', Values: [AMI_1] }] })).code).toBe(
      'InvalidParameterValue',
    );
    // A filter that matches nothing is an empty answer, not an error.
    expect(
      templates({ Filters: [{ Name: 'launch-template-name', Values: ['gone'] }] }).LaunchTemplates,
    ).toEqual([]);
  });

  it('pages with MaxResults and NextToken, and refuses MaxResults outside 1-200', () => {
    const { templates } = three();
    const first = templates({ MaxResults: 2 });
    expect(names(first.LaunchTemplates)).toEqual(['web-a', 'web-b']);
    const second = templates({ MaxResults: 2, NextToken: first.NextToken });
    expect([names(second.LaunchTemplates), second.NextToken]).toEqual([['batch'], undefined]);
    expect(failure(() => templates({ MaxResults: 201 })).code).toBe('InvalidParameterValue');
  });
});

describe('DescribeLaunchTemplateVersions', () => {
  function versioned() {
    const w = world();
    const { launchTemplateId } = w.model.seedLaunchTemplate({
      region: REGION,
      name: 'web',
      imageId: AMI_1,
      moreVersions: [{ ImageId: AMI_2 }, { ImageId: AMI_2, InstanceType: 'm7i.large' }, { ImageId: AMI_1 }],
      defaultVersion: 2,
    });
    w.model.seedLaunchTemplate({ region: REGION, name: 'batch', imageId: AMI_2 });
    return { ...w, id: launchTemplateId };
  }
  const numbers = (answer: { LaunchTemplateVersions: Version[] }) =>
    answer.LaunchTemplateVersions.map((v) => v.VersionNumber);

  it('answers $Latest, $Default and numbers, newest first, with the default flagged and the data', () => {
    const { versions, id } = versioned();
    const latest = versions({ LaunchTemplateId: id, Versions: ['$Latest'] }).LaunchTemplateVersions;
    expect(latest).toEqual([
      expect.objectContaining({
        VersionNumber: 4,
        DefaultVersion: false,
        LaunchTemplateData: { ImageId: AMI_1 },
      }),
    ]);
    const some = versions({ LaunchTemplateName: 'web', Versions: ['1', '$Default', '$Latest', '2'] });
    expect(numbers(some)).toEqual([4, 2, 1]);
    expect(some.LaunchTemplateVersions.map((v) => v.DefaultVersion)).toEqual([false, true, false]);
    expect(numbers(versions({ LaunchTemplateId: id }))).toEqual([4, 3, 2, 1]);
    expect(numbers(versions({ LaunchTemplateId: id, MinVersion: '2', MaxVersion: '3' }))).toEqual([3, 2]);
  });

  it('without a template answers the latest and default versions of every template', () => {
    const { versions } = versioned();
    const all = versions({ Versions: ['$Latest'] }).LaunchTemplateVersions;
    expect(all.map((v) => [v.VersionNumber, v.LaunchTemplateData.ImageId])).toEqual([
      [4, AMI_1],
      [1, AMI_2],
    ]);
    expect(failure(() => versions({ Versions: ['1'] })).code).toBe('InvalidParameterValue');
    expect(failure(() => versions({})).code).toBe('MissingParameter');
  });

  it('refuses a version that does not exist; filters by image id and default flag; pages', () => {
    const { versions, id } = versioned();
    expect(failure(() => versions({ LaunchTemplateId: id, Versions: ['9'] }))).toEqual({
      code: 'InvalidLaunchTemplateId.VersionNotFound',
      message: `Could not find the specified version 9 for the launch template with ID ${id}.`,
      status: 400,
    });
    expect(
      numbers(versions({ LaunchTemplateId: id, Filters: [{ Name: 'image-id', Values: [AMI_2] }] })),
    ).toEqual([3, 2]);
    expect(
      numbers(
        versions({ LaunchTemplateId: id, Filters: [{ Name: 'is-default-version', Values: ['true'] }] }),
      ),
    ).toEqual([2]);
    const page = versions({ LaunchTemplateId: id, MaxResults: 3 });
    expect(numbers(page)).toEqual([4, 3, 2]);
    expect(numbers(versions({ LaunchTemplateId: id, MaxResults: 3, NextToken: page.NextToken }))).toEqual([
      1,
    ]);
  });

  it('names the template missing by name with AWS message', () => {
    const { versions } = versioned();
    expect(failure(() => versions({ LaunchTemplateName: 'gone', Versions: ['$Latest'] })).message).toBe(
      'The specified launch template, with template name gone, does not exist.',
    );
  });
});

describe('seeding and inspection', () => {
  it('model.launchTemplate answers a copy: changing it does not change the template', () => {
    const { model } = world();
    const seed = model.seedLaunchTemplate({
      region: REGION,
      name: 'web',
      data: { ImageId: AMI_1, KeyName: 'k' },
    });
    const copy = model.launchTemplate(REGION, 'web');
    expect(copy).toMatchObject({
      launchTemplateId: seed.launchTemplateId,
      defaultVersion: 1,
      latestVersion: 1,
    });
    (copy?.versions[0]?.data as Record<string, unknown>).ImageId = 'ami-changed';
    expect(model.launchTemplate(REGION, seed.launchTemplateId)?.versions[0]?.data.ImageId).toBe(AMI_1);
    expect(model.launchTemplate('eu-west-1', 'web')).toBeUndefined();
    expect(() => model.seedLaunchTemplate({ region: REGION, name: 'web' })).toThrow(/already in use/);
  });
});
