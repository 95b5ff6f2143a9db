/**
 * EC2 answers as XML, element names as in the EC2 API (and the SDK's / botocore's models):
 * `imagesSet`, `imageState`, `imageOwnerId`, `blockDeviceMapping`, `tagSet`, `stateReason`,
 * `snapshotSet`, `status`, `regionInfo`, `launchPermission`, `createVolumePermission`,
 * `deregistrationProtection`, `imageBlockPublicAccessState`, `launchTemplate`,
 * `launchTemplateVersion(Set)`, `launchTemplateData`, … in the 2016-11-15 namespace with
 * `requestId`.
 */
import type {
  BlockDeviceMapping,
  DescribeSnapshotAttributeResult,
  Image,
  ImageAttribute,
  LaunchTemplate,
  LaunchTemplateVersion,
  ProductCode,
  Region,
  Snapshot,
  Tag,
} from '@aws-sdk/client-ec2';
import {
  type DataField,
  type DataShape,
  LAUNCH_TEMPLATE_DATA_FIELDS,
} from '../model/launch-templates-data-shape.js';
import type { Ec2Action } from '../model/operations.js';
import { document, EC2_NAMESPACE, el, itemSet, type XmlContent } from './xml.js';

const tagSet = (tags: readonly Tag[] | undefined) =>
  tags && tags.length > 0
    ? itemSet('tagSet', tags, (t) => [el('key', t.Key), el('value', t.Value ?? '')])
    : '';

const blockDeviceMapping = (mappings: readonly BlockDeviceMapping[] | undefined) =>
  itemSet('blockDeviceMapping', mappings, (m) => [
    el('deviceName', m.DeviceName),
    m.Ebs
      ? el('ebs', [
          el('snapshotId', m.Ebs.SnapshotId),
          el('volumeSize', m.Ebs.VolumeSize),
          el('deleteOnTermination', m.Ebs.DeleteOnTermination),
          el('volumeType', m.Ebs.VolumeType),
          el('encrypted', m.Ebs.Encrypted),
          el('kmsKeyId', m.Ebs.KmsKeyId),
        ])
      : '',
  ]);

export function imageXml(image: Image): string[] {
  return [
    el('imageId', image.ImageId),
    el('imageLocation', image.ImageLocation),
    el('imageState', image.State),
    el('imageOwnerId', image.OwnerId),
    el('creationDate', image.CreationDate),
    el('isPublic', image.Public),
    el('architecture', image.Architecture),
    el('imageType', image.ImageType),
    el('sourceImageId', image.SourceImageId),
    el('sourceImageRegion', image.SourceImageRegion),
    el('name', image.Name),
    el('description', image.Description),
    el('rootDeviceType', image.RootDeviceType),
    el('rootDeviceName', image.RootDeviceName),
    blockDeviceMapping(image.BlockDeviceMappings),
    el('virtualizationType', image.VirtualizationType),
    tagSet(image.Tags),
    el('hypervisor', image.Hypervisor),
    el('enaSupport', image.EnaSupport),
    el('platformDetails', image.PlatformDetails),
    el('usageOperation', image.UsageOperation),
    image.StateReason
      ? el('stateReason', [el('code', image.StateReason.Code), el('message', image.StateReason.Message)])
      : '',
    el('deprecationTime', image.DeprecationTime),
    el('deregistrationProtection', image.DeregistrationProtection),
  ];
}

export function snapshotXml(snapshot: Snapshot): string[] {
  return [
    el('snapshotId', snapshot.SnapshotId),
    el('volumeId', snapshot.VolumeId),
    el('status', snapshot.State),
    el('statusMessage', snapshot.StateMessage),
    el('startTime', snapshot.StartTime),
    el('progress', snapshot.Progress),
    el('ownerId', snapshot.OwnerId),
    el('volumeSize', snapshot.VolumeSize),
    el('description', snapshot.Description),
    el('encrypted', snapshot.Encrypted),
    el('kmsKeyId', snapshot.KmsKeyId),
    tagSet(snapshot.Tags),
    el('storageTier', snapshot.StorageTier),
    el('transferType', snapshot.TransferType),
    el('completionDurationMinutes', snapshot.CompletionDurationMinutes),
    el('completionTime', snapshot.CompletionTime),
  ];
}

function regionXml(region: Region): string[] {
  return [
    el('regionName', region.RegionName),
    el('regionEndpoint', region.Endpoint),
    el('optInStatus', region.OptInStatus),
  ];
}

function imageAttributeXml(attribute: ImageAttribute): string[] {
  return [
    el('imageId', attribute.ImageId),
    attribute.LaunchPermissions
      ? itemSet('launchPermission', attribute.LaunchPermissions, (p) => [
          el('userId', p.UserId),
          el('group', p.Group),
          el('organizationArn', p.OrganizationArn),
          el('organizationalUnitArn', p.OrganizationalUnitArn),
        ])
      : '',
    attribute.ProductCodes ? itemSet('productCodes', attribute.ProductCodes, productCodeXml) : '',
    attribute.Description ? el('description', [el('value', attribute.Description.Value)]) : '',
    attribute.BlockDeviceMappings ? blockDeviceMapping(attribute.BlockDeviceMappings) : '',
    attribute.LastLaunchedTime ? el('lastLaunchedTime', [el('value', attribute.LastLaunchedTime.Value)]) : '',
    attribute.DeregistrationProtection
      ? el('deregistrationProtection', [el('value', attribute.DeregistrationProtection.Value)])
      : '',
  ];
}

const productCodeXml = (code: ProductCode) => [
  el('productCode', code.ProductCodeId),
  el('type', code.ProductCodeType),
];

function snapshotAttributeXml(attribute: DescribeSnapshotAttributeResult): string[] {
  return [
    el('snapshotId', attribute.SnapshotId),
    attribute.CreateVolumePermissions
      ? itemSet('createVolumePermission', attribute.CreateVolumePermissions, (p) => [
          el('group', p.Group),
          el('userId', p.UserId),
        ])
      : '',
    attribute.ProductCodes ? itemSet('productCodes', attribute.ProductCodes, productCodeXml) : '',
  ];
}

function launchTemplateXml(template: LaunchTemplate): string[] {
  return [
    el('launchTemplateId', template.LaunchTemplateId),
    el('launchTemplateName', template.LaunchTemplateName),
    el('createTime', template.CreateTime),
    el('createdBy', template.CreatedBy),
    el('defaultVersionNumber', template.DefaultVersionNumber),
    el('latestVersionNumber', template.LatestVersionNumber),
    tagSet(template.Tags),
  ];
}

function launchTemplateVersionXml(version: LaunchTemplateVersion): string[] {
  return [
    el('launchTemplateId', version.LaunchTemplateId),
    el('launchTemplateName', version.LaunchTemplateName),
    el('versionNumber', version.VersionNumber),
    el('versionDescription', version.VersionDescription),
    el('createTime', version.CreateTime),
    el('createdBy', version.CreatedBy),
    el('defaultVersion', version.DefaultVersion),
    version.LaunchTemplateData
      ? el('launchTemplateData', dataXml(LAUNCH_TEMPLATE_DATA_FIELDS, version.LaunchTemplateData))
      : '',
  ];
}

/** LaunchTemplateData through the data-shape table (members it does not list are left out). */
function dataXml(fields: readonly DataField[], value: object): string[] {
  const record = value as Record<string, unknown>;
  return fields.map((field) =>
    record[field.name] === undefined ? '' : el(field.xml, shapeContent(field.shape, record[field.name])),
  );
}

function shapeContent(shape: DataShape, value: unknown): XmlContent {
  if (typeof shape === 'string') return value as string | number | boolean;
  if ('struct' in shape) return dataXml(shape.struct, value as object);
  const items = Array.isArray(value) ? value : [];
  return items.map((item) => el(shape.item, shapeContent(shape.list, item)));
}

type Result = Record<string, unknown>;

const BODIES: Record<Ec2Action, (result: Result) => string[]> = {
  DescribeRegions: (r) => [itemSet('regionInfo', (r.Regions as Region[]) ?? [], regionXml)],
  DescribeImages: (r) => [
    itemSet('imagesSet', (r.Images as Image[]) ?? [], imageXml),
    el('nextToken', r.NextToken as string),
  ],
  CopyImage: (r) => [el('imageId', r.ImageId as string)],
  CreateTags: () => [el('return', true)],
  DeleteTags: () => [el('return', true)],
  DescribeSnapshots: (r) => [
    itemSet('snapshotSet', (r.Snapshots as Snapshot[]) ?? [], snapshotXml),
    el('nextToken', r.NextToken as string),
  ],
  DeregisterImage: (r) => [
    el('return', true),
    itemSet(
      'deleteSnapshotResultSet',
      r.DeleteSnapshotResults as { SnapshotId: string; ReturnCode: string }[],
      (d) => [el('snapshotId', d.SnapshotId), el('returnCode', d.ReturnCode)],
    ),
  ],
  DeleteSnapshot: () => [el('return', true)],
  ModifyImageAttribute: () => [el('return', true)],
  DescribeImageAttribute: (r) => imageAttributeXml(r as ImageAttribute),
  ModifySnapshotAttribute: () => [el('return', true)],
  DescribeSnapshotAttribute: (r) => snapshotAttributeXml(r as DescribeSnapshotAttributeResult),
  GetImageBlockPublicAccessState: (r) => [
    el('imageBlockPublicAccessState', r.ImageBlockPublicAccessState as string),
    el('managedBy', r.ManagedBy as string),
  ],
  GetEbsDefaultKmsKeyId: (r) => [el('kmsKeyId', r.KmsKeyId as string)],
  EnableImageDeprecation: () => [el('return', true)],
  DisableImageDeprecation: () => [el('return', true)],
  EnableImageDeregistrationProtection: (r) => [el('return', r.Return as string)],
  DisableImageDeregistrationProtection: (r) => [el('return', r.Return as string)],
  CreateLaunchTemplate: (r) => [el('launchTemplate', launchTemplateXml(r.LaunchTemplate as LaunchTemplate))],
  CreateLaunchTemplateVersion: (r) => [
    el('launchTemplateVersion', launchTemplateVersionXml(r.LaunchTemplateVersion as LaunchTemplateVersion)),
  ],
  DescribeLaunchTemplates: (r) => [
    itemSet('launchTemplates', (r.LaunchTemplates as LaunchTemplate[]) ?? [], launchTemplateXml),
    el('nextToken', r.NextToken as string),
  ],
  DescribeLaunchTemplateVersions: (r) => [
    itemSet(
      'launchTemplateVersionSet',
      (r.LaunchTemplateVersions as LaunchTemplateVersion[]) ?? [],
      launchTemplateVersionXml,
    ),
    el('nextToken', r.NextToken as string),
  ],
  ModifyLaunchTemplate: (r) => [el('launchTemplate', launchTemplateXml(r.LaunchTemplate as LaunchTemplate))],
  DeleteLaunchTemplate: (r) => [el('launchTemplate', launchTemplateXml(r.LaunchTemplate as LaunchTemplate))],
};

export function ec2ResponseXml(action: Ec2Action, result: object, requestId: string): string {
  return document(`${action}Response`, EC2_NAMESPACE, [
    el('requestId', requestId),
    ...BODIES[action](result as Result),
  ]);
}
