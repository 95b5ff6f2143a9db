/**
 * Launch templates through @aws-sdk/client-ec2, once over HTTP and once over the in-process
 * model transport: the SDK must serialize every request the simulator reads (nested
 * LaunchTemplateData included) and parse every answer and error; the raw XML must carry AWS's
 * element names, and members the simulator does not know must answer UnknownParameter.
 */
import {
  CreateLaunchTemplateCommand,
  CreateLaunchTemplateVersionCommand,
  DeleteLaunchTemplateCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  type EC2Client,
  ModifyLaunchTemplateCommand,
  type RequestLaunchTemplateData,
} from '@aws-sdk/client-ec2';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { createModel, type SimModel, virtualClock } from '../../sim/model/index.js';
import { modelEc2Clients } from '../../sim/model-gateway.js';
import { ec2Client, rejection, signedPost, simulator } from './http-helpers.js';

const AMI_1 = 'ami-0123456789abcdef0';
const AMI_2 = 'ami-0fedcba9876543210';

type Door = (model: SimModel) => Promise<{ client: (region: string) => EC2Client }>;

const doors: [string, Door][] = [
  [
    'HTTP',
    async (model) => {
      const sim = await simulator({ model });
      return { client: (region) => ec2Client(sim, region) };
    },
  ],
  ['in-process transport', async (model) => ({ client: modelEc2Clients(model, { maxAttempts: 1 }) })],
];

const statusOf = (error: Record<string, unknown>) =>
  (error.$metadata as { httpStatusCode?: number }).httpStatusCode;

/** Every member kind the wire table carries: scalars, structures, lists of scalars and of structures. */
const RICH_DATA: RequestLaunchTemplateData = {
  ImageId: AMI_1,
  InstanceType: 't3.small',
  KeyName: 'ops',
  EbsOptimized: true,
  UserData: Buffer.from('#!/bin/sh\necho hi').toString('base64'),
  IamInstanceProfile: { Name: 'web-role' },
  BlockDeviceMappings: [
    { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 30, VolumeType: 'gp3', Encrypted: true, Iops: 3000 } },
    { DeviceName: '/dev/xvdb', NoDevice: '' },
  ],
  NetworkInterfaces: [
    {
      DeviceIndex: 0,
      AssociatePublicIpAddress: false,
      Groups: ['sg-0aaaaaaaaaaaaaaaa', 'sg-0bbbbbbbbbbbbbbbb'],
    },
  ],
  SecurityGroupIds: ['sg-0ccccccccccccccc1'],
  TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'app', Value: 'web' }] }],
  MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 },
  Monitoring: { Enabled: true },
  Placement: { Tenancy: 'default' },
};

describe.each(doors)('launch templates through the SDK (%s)', (_name, open) => {
  async function world() {
    const clock = virtualClock(Date.UTC(2026, 0, 1));
    const model = createModel({ clock, seed: 7 });
    const { client } = await open(model);
    return { model, clock, us: client('us-east-1'), eu: client('eu-west-1') };
  }

  it('creates a template, a version from $Default with a new ImageId, makes it the default, and describes it', async () => {
    const { model, clock, us } = await world();
    const created = await us.send(
      new CreateLaunchTemplateCommand({
        LaunchTemplateName: 'web',
        VersionDescription: 'base',
        LaunchTemplateData: RICH_DATA,
        TagSpecifications: [{ ResourceType: 'launch-template', Tags: [{ Key: 'team', Value: 'web' }] }],
      }),
    );
    const LaunchTemplateId = created.LaunchTemplate?.LaunchTemplateId ?? '';
    expect(created.LaunchTemplate).toEqual({
      LaunchTemplateId: expect.stringMatching(/^lt-[0-9a-f]{17}$/),
      LaunchTemplateName: 'web',
      CreateTime: new Date(clock.now()),
      CreatedBy: model.defaultCredentials.principal.arn,
      DefaultVersionNumber: 1,
      LatestVersionNumber: 1,
      Tags: [{ Key: 'team', Value: 'web' }],
    });
    // The nested data crossed the wire whole: the model holds exactly what the SDK was given.
    expect(model.launchTemplate('us-east-1', LaunchTemplateId)?.versions[0]?.data).toEqual(RICH_DATA);

    const version = await us.send(
      new CreateLaunchTemplateVersionCommand({
        LaunchTemplateId,
        SourceVersion: '$Default',
        VersionDescription: 'ami 2',
        LaunchTemplateData: { ImageId: AMI_2 },
      }),
    );
    expect(version.LaunchTemplateVersion).toMatchObject({
      LaunchTemplateId,
      LaunchTemplateName: 'web',
      VersionNumber: 2,
      VersionDescription: 'ami 2',
      DefaultVersion: false,
    });
    expect(version.LaunchTemplateVersion?.LaunchTemplateData).toEqual({ ...RICH_DATA, ImageId: AMI_2 });

    const modified = await us.send(
      new ModifyLaunchTemplateCommand({ LaunchTemplateName: 'web', DefaultVersion: '2' }),
    );
    expect(modified.LaunchTemplate).toMatchObject({ DefaultVersionNumber: 2, LatestVersionNumber: 2 });

    const latest = await us.send(
      new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId, Versions: ['$Latest', '1'] }),
    );
    expect(
      latest.LaunchTemplateVersions?.map((v) => [
        v.VersionNumber,
        v.DefaultVersion,
        v.LaunchTemplateData?.ImageId,
      ]),
    ).toEqual([
      [2, true, AMI_2],
      [1, false, AMI_1],
    ]);
    const listed = await us.send(
      new DescribeLaunchTemplatesCommand({ Filters: [{ Name: 'tag:team', Values: ['web'] }] }),
    );
    expect(listed.LaunchTemplates?.map((t) => [t.LaunchTemplateName, t.DefaultVersionNumber])).toEqual([
      ['web', 2],
    ]);
  });

  it('parses the NotFound and VersionNotFound errors, and DryRunOperation', async () => {
    const { model, us, eu } = await world();
    const { launchTemplateId } = model.seedLaunchTemplate({
      region: 'us-east-1',
      name: 'web',
      imageId: AMI_1,
    });
    const byName = await rejection(
      us.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['gone'] })),
    );
    expect([byName.name, statusOf(byName), byName.message]).toEqual([
      'InvalidLaunchTemplateName.NotFoundException',
      400,
      'At least one of the launch templates specified in the request does not exist.',
    ]);
    const elsewhere = await rejection(
      eu.send(
        new CreateLaunchTemplateVersionCommand({
          LaunchTemplateId: launchTemplateId,
          LaunchTemplateData: { ImageId: AMI_2 },
        }),
      ),
    );
    expect([elsewhere.name, elsewhere.message]).toEqual([
      'InvalidLaunchTemplateId.NotFound',
      `The specified launch template, with template ID ${launchTemplateId}, does not exist.`,
    ]);
    const noVersion = await rejection(
      us.send(new ModifyLaunchTemplateCommand({ LaunchTemplateId: launchTemplateId, DefaultVersion: '5' })),
    );
    expect(noVersion.name).toBe('InvalidLaunchTemplateId.VersionNotFound');
    const duplicate = await rejection(
      us.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: 'web',
          LaunchTemplateData: { ImageId: AMI_2 },
        }),
      ),
    );
    expect(duplicate.name).toBe('InvalidLaunchTemplateName.AlreadyExistsException');
    const dry = await rejection(
      us.send(
        new CreateLaunchTemplateVersionCommand({
          LaunchTemplateName: 'web',
          LaunchTemplateData: { ImageId: AMI_2 },
          DryRun: true,
        }),
      ),
    );
    expect([dry.name, statusOf(dry)]).toEqual(['DryRunOperation', 412]);
    expect(model.launchTemplate('us-east-1', 'web')?.latestVersion).toBe(1);
  });

  it('deletes a template and pages DescribeLaunchTemplates', async () => {
    const { model, us } = await world();
    for (const name of ['a-1', 'a-2', 'a-3'])
      model.seedLaunchTemplate({ region: 'us-east-1', name, imageId: AMI_1 });
    const deleted = await us.send(new DeleteLaunchTemplateCommand({ LaunchTemplateName: 'a-2' }));
    expect(deleted.LaunchTemplate?.LaunchTemplateName).toBe('a-2');
    const first = await us.send(new DescribeLaunchTemplatesCommand({ MaxResults: 1 }));
    const second = await us.send(
      new DescribeLaunchTemplatesCommand({ MaxResults: 1, NextToken: first.NextToken }),
    );
    expect([
      first.LaunchTemplates?.[0]?.LaunchTemplateName,
      second.LaunchTemplates?.[0]?.LaunchTemplateName,
    ]).toEqual(['a-1', 'a-3']);
    expect(second.NextToken).toBeUndefined();
  });
});

describe('launch template answers on the wire', () => {
  const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false });

  async function wire() {
    const clock = virtualClock(Date.UTC(2026, 0, 1));
    const sim = await simulator({ modelOptions: { clock } });
    const post = async (params: Record<string, string>) =>
      parser.parse(
        (
          await signedPost(sim.url, sim.model.defaultCredentials, 'us-east-1', 'ec2', {
            Version: '2016-11-15',
            ...params,
          })
        ).text,
      );
    return { sim, post };
  }

  it('reads nested Query members and answers with AWS element names', async () => {
    const { post } = await wire();
    const created = await post({
      Action: 'CreateLaunchTemplate',
      LaunchTemplateName: 'web',
      'LaunchTemplateData.ImageId': AMI_1,
      'LaunchTemplateData.BlockDeviceMapping.1.DeviceName': '/dev/xvda',
      'LaunchTemplateData.BlockDeviceMapping.1.Ebs.VolumeSize': '20',
      'LaunchTemplateData.NetworkInterface.1.DeviceIndex': '0',
      'LaunchTemplateData.NetworkInterface.1.SecurityGroupId.1': 'sg-1',
      'LaunchTemplateData.TagSpecification.1.ResourceType': 'instance',
      'LaunchTemplateData.TagSpecification.1.Tag.1.Key': 'app',
      'LaunchTemplateData.TagSpecification.1.Tag.1.Value': 'web',
      'TagSpecification.1.ResourceType': 'launch-template',
      'TagSpecification.1.Tag.1.Key': 'team',
      'TagSpecification.1.Tag.1.Value': 'web',
    });
    const template = created.CreateLaunchTemplateResponse.launchTemplate;
    expect(template).toMatchObject({
      launchTemplateName: 'web',
      defaultVersionNumber: '1',
      latestVersionNumber: '1',
      createTime: '2026-01-01T00:00:00.000Z',
      tagSet: { item: { key: 'team', value: 'web' } },
    });
    const id = template.launchTemplateId as string;
    await post({ Action: 'ModifyLaunchTemplate', LaunchTemplateId: id, SetDefaultVersion: '1' });
    const described = await post({
      Action: 'DescribeLaunchTemplateVersions',
      LaunchTemplateId: id,
      'LaunchTemplateVersion.1': '$Latest',
    });
    const item = described.DescribeLaunchTemplateVersionsResponse.launchTemplateVersionSet.item;
    expect(item).toMatchObject({
      launchTemplateId: id,
      versionNumber: '1',
      defaultVersion: 'true',
      launchTemplateData: {
        imageId: AMI_1,
        blockDeviceMappingSet: { item: { deviceName: '/dev/xvda', ebs: { volumeSize: '20' } } },
        networkInterfaceSet: { item: { deviceIndex: '0', groupSet: { groupId: 'sg-1' } } },
        tagSpecificationSet: {
          item: { resourceType: 'instance', tagSet: { item: { key: 'app', value: 'web' } } },
        },
      },
    });
    const listed = await post({ Action: 'DescribeLaunchTemplates', 'LaunchTemplateName.1': 'web' });
    expect(listed.DescribeLaunchTemplatesResponse.launchTemplates.item.launchTemplateId).toBe(id);
  });

  it('refuses members it does not know, at the top and inside LaunchTemplateData, and DefaultVersion by its SDK name', async () => {
    const { sim, post } = await wire();
    const { launchTemplateId } = sim.model.seedLaunchTemplate({
      region: 'us-east-1',
      name: 'web',
      imageId: AMI_1,
    });
    const nested = await post({
      Action: 'CreateLaunchTemplateVersion',
      LaunchTemplateId: launchTemplateId,
      'LaunchTemplateData.ImageId': AMI_2,
      'LaunchTemplateData.InstanceRequirements.VCpuCount.Min': '2',
    });
    expect(nested.Response.Errors.Error).toEqual({
      Code: 'UnknownParameter',
      Message: 'The parameter LaunchTemplateData.InstanceRequirements is not recognized',
    });
    const deep = await post({
      Action: 'CreateLaunchTemplateVersion',
      LaunchTemplateId: launchTemplateId,
      'LaunchTemplateData.BlockDeviceMapping.1.Ebs.Size': '2',
    });
    expect(deep.Response.Errors.Error.Code).toBe('UnknownParameter');
    const sdkName = await post({
      Action: 'ModifyLaunchTemplate',
      LaunchTemplateId: launchTemplateId,
      DefaultVersion: '1',
    });
    expect(sdkName.Response.Errors.Error.Code).toBe('UnknownParameter');
    expect(sim.model.launchTemplate('us-east-1', 'web')?.latestVersion).toBe(1);
  });
});
