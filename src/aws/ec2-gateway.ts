import {
  CopyImageCommand,
  CreateTagsCommand,
  DeleteSnapshotCommand,
  DeleteTagsCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  type DescribeImagesRequest,
  DescribeRegionsCommand,
  DescribeSnapshotsCommand,
  type DescribeSnapshotsRequest,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  copyImageInput,
  copySnapshotsQuery,
  createTagsInput,
  deleteTagsInput,
  imagesByIdQuery,
  ownImagesQuery,
  ownSnapshotsQuery,
  toImageInfo,
  toSnapshotInfo,
} from './ec2-shapes.js';
import type { Ec2Access, Ec2Region, ImageInfo, RegionInfo, SnapshotInfo } from './types.js';

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
      return describeAllImages(client, imagesByIdQuery(imageIds));
    },

    async findOwnImages(filter) {
      return describeAllImages(client, ownImagesQuery(filter));
    },

    async describeCopySnapshots(imageIds) {
      if (imageIds.length === 0) return [];
      return describeAllSnapshots(client, copySnapshotsQuery(imageIds));
    },

    async findOwnSnapshots(tags) {
      return describeAllSnapshots(client, ownSnapshotsQuery(tags));
    },

    async createTags(resourceIds, tags) {
      if (resourceIds.length === 0 || Object.keys(tags).length === 0) return;
      await client.send(new CreateTagsCommand(createTagsInput(resourceIds, tags)));
    },

    async deleteTags(resourceIds, keys) {
      if (resourceIds.length === 0 || keys.length === 0) return;
      await client.send(new DeleteTagsCommand(deleteTagsInput(resourceIds, keys)));
    },

    async copyImage(request) {
      const answer = await client.send(new CopyImageCommand(copyImageInput(request)));
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

async function describeAllSnapshots(
  client: EC2Client,
  query: DescribeSnapshotsRequest,
): Promise<SnapshotInfo[]> {
  const snapshots: SnapshotInfo[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new DescribeSnapshotsCommand({ ...query, NextToken: nextToken }));
    for (const snapshot of page.Snapshots ?? []) snapshots.push(toSnapshotInfo(snapshot));
    nextToken = page.NextToken;
  } while (nextToken);
  return snapshots;
}

async function describeAllImages(client: EC2Client, query: DescribeImagesRequest): Promise<ImageInfo[]> {
  const images: ImageInfo[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new DescribeImagesCommand({ ...query, NextToken: nextToken }));
    for (const image of page.Images ?? []) images.push(toImageInfo(image));
    nextToken = page.NextToken;
  } while (nextToken);
  return images;
}
