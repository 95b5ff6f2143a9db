import {
  CopyImageCommand,
  CreateLaunchTemplateVersionCommand,
  CreateTagsCommand,
  DeleteSnapshotCommand,
  DeleteTagsCommand,
  DeregisterImageCommand,
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  type DescribeImagesRequest,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeRegionsCommand,
  DescribeSnapshotsCommand,
  type DescribeSnapshotsRequest,
  type EC2Client,
  EnableImageDeprecationCommand,
  EnableImageDeregistrationProtectionCommand,
  GetEbsDefaultKmsKeyIdCommand,
  GetImageBlockPublicAccessStateCommand,
  ModifyImageAttributeCommand,
  ModifyLaunchTemplateCommand,
  ModifySnapshotAttributeCommand,
} from '@aws-sdk/client-ec2';
import {
  copyImageInput,
  copySnapshotsQuery,
  createTagsInput,
  deleteTagsInput,
  fromLaunchPermissionEntry,
  imagesByIdQuery,
  ownImagesQuery,
  ownSnapshotsQuery,
  toImageInfo,
  toLaunchPermissionEntry,
  toSnapshotInfo,
} from './ec2-shapes.js';
import { awsErrorCode, sdkAttempts } from './errors.js';
import { perRegion } from './per-region.js';
import type {
  Ec2Access,
  Ec2Region,
  ImageInfo,
  LaunchPermission,
  MutationOptions,
  RegionInfo,
  SnapshotInfo,
} from './types.js';

/** `Ec2Access` over the AWS SDK: one client per region from `clientFor`. */
export function createSdkEc2Access(clientFor: (region: string) => EC2Client): Ec2Access {
  return { forRegion: perRegion((region) => sdkRegion(region, clientFor(region))) };
}

function sdkRegion(region: string, client: EC2Client): Ec2Region {
  const retries = retryCounter();
  return {
    region,

    async describeImages(imageIds) {
      if (imageIds.length === 0) return [];
      return describeAllImages(client, imagesByIdQuery(imageIds), retries);
    },

    async findOwnImages(filter) {
      return describeAllImages(client, ownImagesQuery(filter), retries);
    },

    async describeCopySnapshots(imageIds) {
      if (imageIds.length === 0) return [];
      return describeAllSnapshots(client, copySnapshotsQuery(imageIds), retries);
    },

    async findOwnSnapshots(tags) {
      return describeAllSnapshots(client, ownSnapshotsQuery(tags), retries);
    },

    describeRetries: retries.count,

    async createTags(resourceIds, tags, options) {
      if (resourceIds.length === 0 || Object.keys(tags).length === 0) return;
      await mutate(options, (DryRun) =>
        client.send(new CreateTagsCommand({ ...createTagsInput(resourceIds, tags), DryRun })),
      );
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

    async dryRunCopyImage(request) {
      await mutate({ dryRun: true }, (DryRun) =>
        client.send(new CopyImageCommand({ ...copyImageInput(request), DryRun })),
      );
    },

    async deregisterImage(imageId, options) {
      await mutate(options, (DryRun) =>
        client.send(new DeregisterImageCommand({ ImageId: imageId, DryRun })),
      );
    },

    async deleteSnapshot(snapshotId, options) {
      await mutate(options, (DryRun) =>
        client.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId, DryRun })),
      );
    },

    async describeLaunchPermissions(imageId) {
      const answer = await client.send(
        new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' }),
      );
      return (answer.LaunchPermissions ?? []).flatMap((entry): LaunchPermission[] => {
        const permission = fromLaunchPermissionEntry(entry);
        return permission ? [permission] : [];
      });
    },

    async addLaunchPermissions(imageId, permissions, options) {
      if (permissions.length === 0) return;
      await mutate(options, (DryRun) =>
        client.send(
          new ModifyImageAttributeCommand({
            ImageId: imageId,
            LaunchPermission: { Add: permissions.map(toLaunchPermissionEntry) },
            DryRun,
          }),
        ),
      );
    },

    async addCreateVolumePermission(snapshotId, accountIds, options) {
      if (accountIds.length === 0) return;
      await mutate(options, (DryRun) =>
        client.send(
          new ModifySnapshotAttributeCommand({
            SnapshotId: snapshotId,
            Attribute: 'createVolumePermission',
            CreateVolumePermission: { Add: accountIds.map((UserId) => ({ UserId })) },
            DryRun,
          }),
        ),
      );
    },

    async enableDeregistrationProtection(imageId, withCooldown, options) {
      await mutate(options, (DryRun) =>
        client.send(
          new EnableImageDeregistrationProtectionCommand({
            ImageId: imageId,
            WithCooldown: withCooldown,
            DryRun,
          }),
        ),
      );
    },

    async enableImageDeprecation(imageId, at, options) {
      await mutate(options, (DryRun) =>
        client.send(
          new EnableImageDeprecationCommand({ ImageId: imageId, DeprecateAt: new Date(at), DryRun }),
        ),
      );
    },

    async imageBlockPublicAccessState() {
      const answer = await client.send(new GetImageBlockPublicAccessStateCommand({}));
      return answer.ImageBlockPublicAccessState ?? 'unblocked';
    },

    async describeLaunchTemplate(idOrName) {
      const byId = /^lt-[0-9a-f]{17}$/.test(idOrName);
      try {
        const answer = await client.send(
          new DescribeLaunchTemplatesCommand(
            byId ? { LaunchTemplateIds: [idOrName] } : { LaunchTemplateNames: [idOrName] },
          ),
        );
        const template = answer.LaunchTemplates?.[0];
        if (!template?.LaunchTemplateId) return undefined;
        return {
          launchTemplateId: template.LaunchTemplateId,
          name: template.LaunchTemplateName ?? idOrName,
          defaultVersion: template.DefaultVersionNumber ?? 1,
          latestVersion: template.LatestVersionNumber ?? 1,
        };
      } catch (error) {
        if (
          /^InvalidLaunchTemplate(Id|Name)\.(NotFound|NotFoundException|Malformed)/.test(awsErrorCode(error))
        )
          return undefined;
        throw error;
      }
    },

    async launchTemplateImageId(launchTemplateId, version) {
      const answer = await client.send(
        new DescribeLaunchTemplateVersionsCommand({
          LaunchTemplateId: launchTemplateId,
          Versions: [version],
        }),
      );
      return answer.LaunchTemplateVersions?.[0]?.LaunchTemplateData?.ImageId;
    },

    async createLaunchTemplateVersion(request, options) {
      let version = 0;
      await mutate(options, async (DryRun) => {
        const answer = await client.send(
          new CreateLaunchTemplateVersionCommand({
            LaunchTemplateId: request.launchTemplateId,
            SourceVersion: request.sourceVersion,
            VersionDescription: request.description,
            LaunchTemplateData: { ImageId: request.imageId },
            DryRun,
          }),
        );
        version = answer.LaunchTemplateVersion?.VersionNumber ?? 0;
      });
      return version;
    },

    async setDefaultLaunchTemplateVersion(launchTemplateId, version, options) {
      await mutate(options, (DryRun) =>
        client.send(
          new ModifyLaunchTemplateCommand({
            LaunchTemplateId: launchTemplateId,
            DefaultVersion: String(version),
            DryRun,
          }),
        ),
      );
    },

    async ebsDefaultKmsKeyId() {
      const answer = await client.send(new GetEbsDefaultKmsKeyIdCommand({}));
      return answer.KmsKeyId ?? 'alias/aws/ebs';
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
  retries: RetryCounter,
): Promise<SnapshotInfo[]> {
  const snapshots: SnapshotInfo[] = [];
  let nextToken: string | undefined;
  do {
    const page = await retries.watch(
      client.send(new DescribeSnapshotsCommand({ ...query, NextToken: nextToken })),
    );
    for (const snapshot of page.Snapshots ?? []) snapshots.push(toSnapshotInfo(snapshot));
    nextToken = page.NextToken;
  } while (nextToken);
  return snapshots;
}

async function describeAllImages(
  client: EC2Client,
  query: DescribeImagesRequest,
  retries: RetryCounter,
): Promise<ImageInfo[]> {
  const images: ImageInfo[] = [];
  let nextToken: string | undefined;
  do {
    const page = await retries.watch(
      client.send(new DescribeImagesCommand({ ...query, NextToken: nextToken })),
    );
    for (const image of page.Images ?? []) images.push(toImageInfo(image));
    nextToken = page.NextToken;
  } while (nextToken);
  return images;
}

/**
 * Counts the attempts the SDK's retry strategy made beyond the first (throttling, 5xx, lost
 * connections) on the calls it watches, from the `$metadata.attempts` the SDK puts on every
 * answer and every error. The count is the only sign of a region whose request budget is nearly
 * spent while each call still gets through in the end.
 */
interface RetryCounter {
  watch<T>(call: Promise<T>): Promise<T>;
  count(): number;
}

function retryCounter(): RetryCounter {
  let retried = 0;
  const note = (answer: unknown) => {
    retried += Math.max(0, sdkAttempts(answer) - 1);
  };
  return {
    async watch(call) {
      try {
        const answer = await call;
        note(answer);
        return answer;
      } catch (error) {
        note(error);
        throw error;
      }
    },
    count: () => retried,
  };
}

/**
 * Sends a mutating call, or with `dryRun` its DryRun form: then AWS's `DryRunOperation` answer
 * means it would have succeeded (resolve), and any other answer is the reason it would not.
 */
async function mutate(
  options: MutationOptions | undefined,
  send: (dryRun: boolean | undefined) => Promise<unknown>,
): Promise<void> {
  if (!options?.dryRun) {
    await send(undefined);
    return;
  }
  try {
    await send(true);
  } catch (error) {
    if (awsErrorCode(error) === 'DryRunOperation') return;
    throw error;
  }
  throw new Error('AWS answered a DryRun request without DryRunOperation; nothing is known about the call');
}
