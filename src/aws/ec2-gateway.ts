import {
  CopyImageCommand,
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeRegionsCommand,
  DescribeSnapshotsCommand,
  type EC2Client,
  type Filter,
  type Image,
  type Snapshot,
  type Tag,
  type TagSpecification,
} from '@aws-sdk/client-ec2';
import type {
  CopyImageRequest,
  Ec2Access,
  Ec2Region,
  ImageInfo,
  RegionInfo,
  SnapshotInfo,
  TagSet,
} from './types.js';

/** `Ec2Access` over the AWS SDK: one client per region from `clientFor`. */
export function createSdkEc2Access(clientFor: (region: string) => EC2Client): Ec2Access {
  const regions = new Map<string, Ec2Region>();
  return {
    forRegion(region) {
      let gateway = regions.get(region);
      if (!gateway) {
        gateway = sdkRegion(region, clientFor(region));
        regions.set(region, gateway);
      }
      return gateway;
    },
  };
}

function sdkRegion(region: string, client: EC2Client): Ec2Region {
  return {
    region,

    async describeImages(imageIds) {
      if (imageIds.length === 0) return [];
      // A filter, not ImageIds: unknown ids (a copy not yet visible, an image deregistered by
      // someone else) are then absent from the answer instead of failing the whole batch.
      return describeAllImages(client, {
        Filters: [{ Name: 'image-id', Values: [...imageIds] }],
        IncludeDeprecated: true,
      });
    },

    async findOwnImages(filter) {
      const filters: Filter[] = [];
      if (filter.name !== undefined) filters.push({ Name: 'name', Values: [filter.name] });
      for (const [key, value] of Object.entries(filter.tags ?? {})) {
        filters.push({ Name: `tag:${key}`, Values: [value] });
      }
      return describeAllImages(client, { Owners: ['self'], Filters: filters, IncludeDeprecated: true });
    },

    async describeCopySnapshots(imageIds) {
      if (imageIds.length === 0) return [];
      const snapshots: SnapshotInfo[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new DescribeSnapshotsCommand({
            OwnerIds: ['self'],
            Filters: [
              { Name: 'description', Values: imageIds.map((id) => `Copied for DestinationAmi ${id} *`) },
            ],
            NextToken: nextToken,
          }),
        );
        for (const snapshot of page.Snapshots ?? []) snapshots.push(toSnapshotInfo(snapshot));
        nextToken = page.NextToken;
      } while (nextToken);
      return snapshots;
    },

    async copyImage(request: CopyImageRequest) {
      const tagSpecifications: TagSpecification[] = [
        { ResourceType: 'image', Tags: toTags(request.imageTags) },
      ];
      if (request.snapshotTags) {
        tagSpecifications.push({ ResourceType: 'snapshot', Tags: toTags(request.snapshotTags) });
      }
      const answer = await client.send(
        new CopyImageCommand({
          SourceImageId: request.sourceImageId,
          SourceRegion: request.sourceRegion,
          Name: request.name,
          Description: request.description,
          Encrypted: request.encrypted || undefined,
          KmsKeyId: request.kmsKeyId,
          ClientToken: request.clientToken,
          TagSpecifications: tagSpecifications,
        }),
      );
      if (!answer.ImageId) throw new Error(`CopyImage in ${region} answered without an ImageId`);
      return answer.ImageId;
    },

    async deregisterImage(imageId) {
      await client.send(new DeregisterImageCommand({ ImageId: imageId }));
    },

    async deleteSnapshot(snapshotId) {
      await client.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }));
    },

    async describeRegions() {
      const answer = await client.send(new DescribeRegionsCommand({ AllRegions: true }));
      return (answer.Regions ?? []).flatMap((r): RegionInfo[] =>
        r.RegionName
          ? [{ regionName: r.RegionName, optInStatus: r.OptInStatus ?? 'opt-in-not-required' }]
          : [],
      );
    },
  };
}

async function describeAllImages(
  client: EC2Client,
  input: { Filters: Filter[]; Owners?: string[]; IncludeDeprecated?: boolean },
): Promise<ImageInfo[]> {
  const images: ImageInfo[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new DescribeImagesCommand({ ...input, NextToken: nextToken }));
    for (const image of page.Images ?? []) images.push(toImageInfo(image));
    nextToken = page.NextToken;
  } while (nextToken);
  return images;
}

function toImageInfo(image: Image): ImageInfo {
  const blockDevices = (image.BlockDeviceMappings ?? []).map((mapping) => ({
    deviceName: mapping.DeviceName ?? '',
    snapshotId: mapping.Ebs?.SnapshotId,
    volumeSizeGiB: mapping.Ebs?.VolumeSize,
    encrypted: mapping.Ebs?.Encrypted,
  }));
  return {
    imageId: image.ImageId ?? '',
    name: image.Name ?? '',
    description: image.Description,
    state: image.State ?? 'unknown',
    stateReason: image.StateReason
      ? { code: image.StateReason.Code ?? 'Unknown', message: image.StateReason.Message ?? '' }
      : undefined,
    ownerId: image.OwnerId,
    creationDate: image.CreationDate,
    encrypted: blockDevices.some((device) => device.encrypted === true),
    tags: fromTags(image.Tags),
    blockDevices,
  };
}

const COPY_DESCRIPTION = /Copied for DestinationAmi (ami-[0-9a-f]+)/;

function toSnapshotInfo(snapshot: Snapshot): SnapshotInfo {
  const description = snapshot.Description ?? '';
  const progress = snapshot.Progress ? Number.parseFloat(snapshot.Progress) : Number.NaN;
  return {
    snapshotId: snapshot.SnapshotId ?? '',
    state: snapshot.State ?? 'unknown',
    progressPercent: Number.isFinite(progress) ? progress : undefined,
    description,
    volumeSizeGiB: snapshot.VolumeSize,
    destinationImageId: COPY_DESCRIPTION.exec(description)?.[1],
  };
}

function toTags(tags: TagSet): Tag[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

function fromTags(tags: Tag[] | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) result[tag.Key] = tag.Value ?? '';
  return result;
}
