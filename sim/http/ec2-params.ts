/**
 * EC2 query parameters -> the SDK-shaped inputs the model takes, per action. Wire names follow
 * the EC2 protocol (`ImageId.N`, `Owner.N`, `Filter.N.Value.M`, `TagSpecification.N.Tag.M.Key`…;
 * `LaunchTemplateData.*` through the table in model/launch-templates-data-shape.ts).
 * A parameter an action does not know is refused with `UnknownParameter`, as EC2 does, so a
 * client sending something the simulator does not model is noticed rather than ignored.
 */
import { awsError } from '../model/errors.js';
import {
  type DataField,
  type DataShape,
  LAUNCH_TEMPLATE_DATA_FIELDS,
} from '../model/launch-templates-data-shape.js';
import type { Ec2Action, Ec2Inputs } from '../model/operations.js';
import { bool, date, filter, int, list, type QueryTree, type Reader, str, struct, tag } from './query.js';

const tagSpecification = struct<{ ResourceType: string; Tags: { Key: string; Value: string }[] }>({
  ResourceType: ['ResourceType', str],
  Tags: ['Tag', list(tag)],
});
const launchPermission = struct<{
  UserId: string;
  Group: string;
  OrganizationArn: string;
  OrganizationalUnitArn: string;
}>({
  UserId: ['UserId', str],
  Group: ['Group', str],
  OrganizationArn: ['OrganizationArn', str],
  OrganizationalUnitArn: ['OrganizationalUnitArn', str],
});
const volumePermission = struct<{ UserId: string; Group: string }>({
  UserId: ['UserId', str],
  Group: ['Group', str],
});
const attributeValue = struct<{ Value: string }>({ Value: ['Value', str] });

/** A structure read through the data-shape table; a member it does not list is UnknownParameter. */
function dataStruct(fields: readonly DataField[]): Reader<Record<string, unknown>> {
  const known = new Set(fields.map((f) => f.query));
  return (value, name) => {
    if (value === undefined) return undefined;
    if (typeof value === 'string')
      throw awsError('InvalidParameterValue', `Invalid value for parameter ${name}`);
    for (const key of Object.keys(value)) {
      if (!known.has(key))
        throw awsError('UnknownParameter', `The parameter ${name}.${key} is not recognized`);
    }
    const out: Record<string, unknown> = {};
    for (const field of fields) {
      const read = shapeReader(field.shape)(value[field.query], `${name}.${field.query}`);
      if (read !== undefined) out[field.name] = read;
    }
    return out;
  };
}

function shapeReader(shape: DataShape): Reader<unknown> {
  if (shape === 'string') return str;
  if (shape === 'boolean') return bool;
  if (shape === 'integer') return int;
  return 'struct' in shape ? dataStruct(shape.struct) : list(shapeReader(shape.list));
}

const launchTemplateData = dataStruct(LAUNCH_TEMPLATE_DATA_FIELDS);
const templateReference = {
  LaunchTemplateId: ['LaunchTemplateId', str],
  LaunchTemplateName: ['LaunchTemplateName', str],
} satisfies Record<string, [string, Reader<unknown>]>;

/** Per action: SDK input field -> [wire name, reader]. */
const SPECS: Record<Ec2Action, Record<string, [string, Reader<unknown>]>> = {
  DescribeRegions: {
    RegionNames: ['RegionName', list(str)],
    AllRegions: ['AllRegions', bool],
    Filters: ['Filter', list(filter)],
    DryRun: ['DryRun', bool],
  },
  DescribeImages: {
    ImageIds: ['ImageId', list(str)],
    Owners: ['Owner', list(str)],
    ExecutableUsers: ['ExecutableBy', list(str)],
    Filters: ['Filter', list(filter)],
    IncludeDeprecated: ['IncludeDeprecated', bool],
    IncludeDisabled: ['IncludeDisabled', bool],
    MaxResults: ['MaxResults', int],
    NextToken: ['NextToken', str],
    DryRun: ['DryRun', bool],
  },
  CopyImage: {
    Name: ['Name', str],
    SourceImageId: ['SourceImageId', str],
    SourceRegion: ['SourceRegion', str],
    ClientToken: ['ClientToken', str],
    Description: ['Description', str],
    Encrypted: ['Encrypted', bool],
    KmsKeyId: ['KmsKeyId', str],
    DestinationOutpostArn: ['DestinationOutpostArn', str],
    CopyImageTags: ['CopyImageTags', bool],
    TagSpecifications: ['TagSpecification', list(tagSpecification)],
    SnapshotCopyCompletionDurationMinutes: ['SnapshotCopyCompletionDurationMinutes', int],
    DestinationAvailabilityZone: ['DestinationAvailabilityZone', str],
    DestinationAvailabilityZoneId: ['DestinationAvailabilityZoneId', str],
    DryRun: ['DryRun', bool],
  },
  CreateTags: {
    Resources: ['ResourceId', list(str)],
    Tags: ['Tag', list(tag)],
    DryRun: ['DryRun', bool],
  },
  DeleteTags: {
    Resources: ['ResourceId', list(str)],
    Tags: ['Tag', list(struct<{ Key: string; Value: string }>({ Key: ['Key', str], Value: ['Value', str] }))],
    DryRun: ['DryRun', bool],
  },
  DescribeSnapshots: {
    SnapshotIds: ['SnapshotId', list(str)],
    OwnerIds: ['Owner', list(str)],
    RestorableByUserIds: ['RestorableBy', list(str)],
    Filters: ['Filter', list(filter)],
    MaxResults: ['MaxResults', int],
    NextToken: ['NextToken', str],
    DryRun: ['DryRun', bool],
  },
  DeregisterImage: {
    ImageId: ['ImageId', str],
    DeleteAssociatedSnapshots: ['DeleteAssociatedSnapshots', bool],
    DryRun: ['DryRun', bool],
  },
  DeleteSnapshot: { SnapshotId: ['SnapshotId', str], DryRun: ['DryRun', bool] },
  ModifyImageAttribute: {
    ImageId: ['ImageId', str],
    Attribute: ['Attribute', str],
    Description: ['Description', attributeValue],
    LaunchPermission: [
      'LaunchPermission',
      struct({ Add: ['Add', list(launchPermission)], Remove: ['Remove', list(launchPermission)] }),
    ],
    OperationType: ['OperationType', str],
    ProductCodes: ['ProductCode', list(str)],
    UserGroups: ['UserGroup', list(str)],
    UserIds: ['UserId', list(str)],
    Value: ['Value', str],
    OrganizationArns: ['OrganizationArn', list(str)],
    OrganizationalUnitArns: ['OrganizationalUnitArn', list(str)],
    ImdsSupport: ['ImdsSupport', attributeValue],
    DryRun: ['DryRun', bool],
  },
  DescribeImageAttribute: {
    ImageId: ['ImageId', str],
    Attribute: ['Attribute', str],
    DryRun: ['DryRun', bool],
  },
  ModifySnapshotAttribute: {
    SnapshotId: ['SnapshotId', str],
    Attribute: ['Attribute', str],
    CreateVolumePermission: [
      'CreateVolumePermission',
      struct({ Add: ['Add', list(volumePermission)], Remove: ['Remove', list(volumePermission)] }),
    ],
    GroupNames: ['UserGroup', list(str)],
    OperationType: ['OperationType', str],
    UserIds: ['UserId', list(str)],
    DryRun: ['DryRun', bool],
  },
  DescribeSnapshotAttribute: {
    Attribute: ['Attribute', str],
    SnapshotId: ['SnapshotId', str],
    DryRun: ['DryRun', bool],
  },
  GetImageBlockPublicAccessState: { DryRun: ['DryRun', bool] },
  GetEbsDefaultKmsKeyId: { DryRun: ['DryRun', bool] },
  EnableImageDeprecation: {
    ImageId: ['ImageId', str],
    DeprecateAt: ['DeprecateAt', date],
    DryRun: ['DryRun', bool],
  },
  DisableImageDeprecation: { ImageId: ['ImageId', str], DryRun: ['DryRun', bool] },
  EnableImageDeregistrationProtection: {
    ImageId: ['ImageId', str],
    WithCooldown: ['WithCooldown', bool],
    DryRun: ['DryRun', bool],
  },
  DisableImageDeregistrationProtection: { ImageId: ['ImageId', str], DryRun: ['DryRun', bool] },
  CreateLaunchTemplate: {
    ClientToken: ['ClientToken', str],
    LaunchTemplateName: ['LaunchTemplateName', str],
    VersionDescription: ['VersionDescription', str],
    LaunchTemplateData: ['LaunchTemplateData', launchTemplateData],
    TagSpecifications: ['TagSpecification', list(tagSpecification)],
    DryRun: ['DryRun', bool],
  },
  CreateLaunchTemplateVersion: {
    ClientToken: ['ClientToken', str],
    ...templateReference,
    SourceVersion: ['SourceVersion', str],
    VersionDescription: ['VersionDescription', str],
    LaunchTemplateData: ['LaunchTemplateData', launchTemplateData],
    ResolveAlias: ['ResolveAlias', bool],
    DryRun: ['DryRun', bool],
  },
  DescribeLaunchTemplates: {
    LaunchTemplateIds: ['LaunchTemplateId', list(str)],
    LaunchTemplateNames: ['LaunchTemplateName', list(str)],
    Filters: ['Filter', list(filter)],
    NextToken: ['NextToken', str],
    MaxResults: ['MaxResults', int],
    IncludeManagedResources: ['IncludeManagedResources', bool],
    DryRun: ['DryRun', bool],
  },
  DescribeLaunchTemplateVersions: {
    ...templateReference,
    Versions: ['LaunchTemplateVersion', list(str)],
    MinVersion: ['MinVersion', str],
    MaxVersion: ['MaxVersion', str],
    NextToken: ['NextToken', str],
    MaxResults: ['MaxResults', int],
    Filters: ['Filter', list(filter)],
    ResolveAlias: ['ResolveAlias', bool],
    IncludeManagedResources: ['IncludeManagedResources', bool],
    DryRun: ['DryRun', bool],
  },
  // The SDK's DefaultVersion travels as SetDefaultVersion.
  ModifyLaunchTemplate: {
    ClientToken: ['ClientToken', str],
    ...templateReference,
    DefaultVersion: ['SetDefaultVersion', str],
    DryRun: ['DryRun', bool],
  },
  DeleteLaunchTemplate: { ...templateReference, DryRun: ['DryRun', bool] },
};

export function decodeEc2Input<A extends Ec2Action>(action: A, tree: QueryTree): Ec2Inputs[A] {
  const spec = SPECS[action];
  const known = new Set(Object.values(spec).map(([wire]) => wire));
  for (const key of Object.keys(tree)) {
    if (!known.has(key)) throw awsError('UnknownParameter', `The parameter ${key} is not recognized`);
  }
  const out: Record<string, unknown> = {};
  for (const [field, [wire, reader]] of Object.entries(spec)) {
    const value = reader(tree[wire], wire);
    if (value !== undefined) out[field] = value;
  }
  return out as unknown as Ec2Inputs[A];
}
