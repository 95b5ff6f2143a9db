/**
 * The members of LaunchTemplateData the simulator carries over the wire, each with its SDK
 * name, its EC2 Query name in requests (`LaunchTemplateData.BlockDeviceMapping.1.Ebs.VolumeSize`)
 * and its XML element in answers (`blockDeviceMappingSet/item/ebs/volumeSize`), as in the SDK's
 * and botocore's EC2 models. sim/http reads requests and writes answers through this one table;
 * a request member missing from it answers UnknownParameter. The model stores data as given,
 * so data seeded directly with other members is kept, but not rendered.
 */

export type DataShape =
  | 'string'
  | 'boolean'
  | 'integer'
  | { readonly struct: readonly DataField[] }
  /** A list: `Query.N` in requests; `<xml><item>…</item></xml>` in answers (`item` unless named). */
  | { readonly list: DataShape; readonly item: string };

export interface DataField {
  /** SDK member name. */
  readonly name: string;
  /** Query name in requests. */
  readonly query: string;
  /** Element name in answers. */
  readonly xml: string;
  readonly shape: DataShape;
}

const lowerFirst = (name: string) => `${name.charAt(0).toLowerCase()}${name.slice(1)}`;

/** A member whose Query name is its SDK name and whose element is that name, lower-cased first. */
const member = (name: string, shape: DataShape = 'string'): DataField => ({
  name,
  query: name,
  xml: lowerFirst(name),
  shape,
});
const struct = (name: string, fields: readonly DataField[]) => member(name, { struct: fields });
/** A list member: Query name and answer element differ (`BlockDeviceMapping` / `blockDeviceMappingSet`). */
const list = (
  name: string,
  query: string,
  xml: string,
  item: DataShape,
  itemElement = 'item',
): DataField => ({
  name,
  query,
  xml,
  shape: { list: item, item: itemElement },
});

const ebs = struct('Ebs', [
  member('Encrypted', 'boolean'),
  member('DeleteOnTermination', 'boolean'),
  member('Iops', 'integer'),
  member('KmsKeyId'),
  member('SnapshotId'),
  member('VolumeSize', 'integer'),
  member('VolumeType'),
  member('Throughput', 'integer'),
  member('VolumeInitializationRate', 'integer'),
]);

const networkInterface: DataShape = {
  struct: [
    member('AssociateCarrierIpAddress', 'boolean'),
    member('AssociatePublicIpAddress', 'boolean'),
    member('DeleteOnTermination', 'boolean'),
    member('Description'),
    member('DeviceIndex', 'integer'),
    list('Groups', 'SecurityGroupId', 'groupSet', 'string', 'groupId'),
    member('InterfaceType'),
    member('Ipv6AddressCount', 'integer'),
    list('Ipv6Addresses', 'Ipv6Addresses', 'ipv6AddressesSet', { struct: [member('Ipv6Address')] }),
    member('NetworkInterfaceId'),
    member('PrivateIpAddress'),
    list('PrivateIpAddresses', 'PrivateIpAddresses', 'privateIpAddressesSet', {
      struct: [member('Primary', 'boolean'), member('PrivateIpAddress')],
    }),
    member('SecondaryPrivateIpAddressCount', 'integer'),
    member('SubnetId'),
    member('NetworkCardIndex', 'integer'),
    member('Ipv4PrefixCount', 'integer'),
    member('Ipv6PrefixCount', 'integer'),
    member('PrimaryIpv6', 'boolean'),
  ],
};

const tag: DataShape = { struct: [member('Key'), member('Value')] };

export const LAUNCH_TEMPLATE_DATA_FIELDS: readonly DataField[] = [
  member('KernelId'),
  member('EbsOptimized', 'boolean'),
  struct('IamInstanceProfile', [member('Arn'), member('Name')]),
  list('BlockDeviceMappings', 'BlockDeviceMapping', 'blockDeviceMappingSet', {
    struct: [member('DeviceName'), member('VirtualName'), ebs, member('NoDevice')],
  }),
  list('NetworkInterfaces', 'NetworkInterface', 'networkInterfaceSet', networkInterface),
  member('ImageId'),
  member('InstanceType'),
  member('KeyName'),
  struct('Monitoring', [member('Enabled', 'boolean')]),
  struct('Placement', [
    member('AvailabilityZone'),
    member('AvailabilityZoneId'),
    member('Affinity'),
    member('GroupName'),
    member('HostId'),
    member('Tenancy'),
    member('SpreadDomain'),
    member('HostResourceGroupArn'),
    member('PartitionNumber', 'integer'),
    member('GroupId'),
  ]),
  member('RamDiskId'),
  member('DisableApiTermination', 'boolean'),
  member('InstanceInitiatedShutdownBehavior'),
  member('UserData'),
  list('TagSpecifications', 'TagSpecification', 'tagSpecificationSet', {
    struct: [member('ResourceType'), list('Tags', 'Tag', 'tagSet', tag)],
  }),
  list('SecurityGroupIds', 'SecurityGroupId', 'securityGroupIdSet', 'string'),
  list('SecurityGroups', 'SecurityGroup', 'securityGroupSet', 'string'),
  struct('CreditSpecification', [member('CpuCredits')]),
  struct('CpuOptions', [
    member('CoreCount', 'integer'),
    member('ThreadsPerCore', 'integer'),
    member('AmdSevSnp'),
  ]),
  struct('CapacityReservationSpecification', [
    member('CapacityReservationPreference'),
    struct('CapacityReservationTarget', [
      member('CapacityReservationId'),
      member('CapacityReservationResourceGroupArn'),
    ]),
  ]),
  list('LicenseSpecifications', 'LicenseSpecification', 'licenseSet', {
    struct: [member('LicenseConfigurationArn')],
  }),
  struct('HibernationOptions', [member('Configured', 'boolean')]),
  struct('MetadataOptions', [
    member('HttpTokens'),
    member('HttpPutResponseHopLimit', 'integer'),
    member('HttpEndpoint'),
    member('HttpProtocolIpv6'),
    member('InstanceMetadataTags'),
  ]),
  struct('EnclaveOptions', [member('Enabled', 'boolean')]),
  struct('PrivateDnsNameOptions', [
    member('HostnameType'),
    member('EnableResourceNameDnsARecord', 'boolean'),
    member('EnableResourceNameDnsAAAARecord', 'boolean'),
  ]),
  struct('MaintenanceOptions', [member('AutoRecovery')]),
  member('DisableApiStop', 'boolean'),
];
