/**
 * `Ec2Access` straight over the model, no HTTP: what the benchmark and fast tests drive the
 * distribution logic with. Calls go through the model's request pipeline (logged, faults and
 * policy applied) and fail the way the AWS SDK fails: an Error whose `name` is the AWS error
 * code, with `$metadata.httpStatusCode` and `$fault`. A lost response surfaces as a network error.
 */
import type { Image, Snapshot } from '@aws-sdk/client-ec2';
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
} from '../src/aws/ec2-shapes.js';
import type { Ec2Access, Ec2Region, ImageInfo, RegionInfo } from '../src/aws/types.js';
import { isSimAwsError, type SimAwsError } from './model/errors.js';
import type { SimModel } from './model/model.js';
import type { Ec2Action, Ec2Inputs } from './model/operations.js';

export interface ModelGatewayOptions {
  /** Credentials to call with (default: the model's default user). */
  readonly accessKeyId?: string;
  /** Attempts per call for retryable errors (throttling, 5xx, lost responses), like the SDK's retry. Default 1. */
  readonly maxAttempts?: number;
  /** Delay before retry `attempt` (1-based), in model ms; slept on the model clock. Default 100·2^attempt. */
  readonly retryDelayMs?: (attempt: number) => number;
}

export type SdkLikeError = Error & {
  readonly $fault: 'client' | 'server';
  readonly $metadata: {
    httpStatusCode?: number;
    requestId?: string;
    attempts: number;
    totalRetryDelay: number;
  };
  readonly Code?: string;
  readonly code?: string;
};

const RETRYABLE = new Set([
  'RequestLimitExceeded',
  'InternalError',
  'Unavailable',
  'ServiceUnavailable',
  'ECONNRESET',
]);

export function createModelGateway(model: SimModel, options: ModelGatewayOptions = {}): Ec2Access {
  const regions = new Map<string, Ec2Region>();
  return {
    forRegion(region) {
      let gateway = regions.get(region);
      if (!gateway) {
        gateway = regionGateway(model, region, options);
        regions.set(region, gateway);
      }
      return gateway;
    },
  };
}

function regionGateway(model: SimModel, region: string, options: ModelGatewayOptions): Ec2Region {
  const accessKeyId = options.accessKeyId ?? model.defaultCredentials.accessKeyId;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 1);
  const delay = options.retryDelayMs ?? ((attempt: number) => 100 * 2 ** attempt);

  async function call<A extends Ec2Action>(action: A, input: Ec2Inputs[A]): Promise<object> {
    let totalDelay = 0;
    for (let attempt = 1; ; attempt++) {
      let failure: SdkLikeError;
      try {
        const sessionToken = model.accounts.lookup(accessKeyId)?.sessionToken;
        const { result, lost } = model.invokeEc2(
          action,
          { region, accessKeyId, sessionToken, via: 'gateway' },
          input,
        );
        if (!lost) return result;
        failure = networkError(attempt, totalDelay);
      } catch (error) {
        if (!isSimAwsError(error)) throw error;
        failure = sdkError(error, attempt, totalDelay);
      }
      const code = failure.Code ?? failure.code ?? '';
      if (attempt >= maxAttempts || !RETRYABLE.has(code)) throw failure;
      const wait = delay(attempt);
      totalDelay += wait;
      await model.clock.sleep(wait);
    }
  }

  return {
    region,
    async describeImages(imageIds) {
      if (imageIds.length === 0) return [];
      const out = (await call('DescribeImages', imagesByIdQuery(imageIds))) as { Images?: Image[] };
      return (out.Images ?? []).map(toImageInfo);
    },
    async findOwnImages(filter) {
      const images: ImageInfo[] = [];
      let token: string | undefined;
      do {
        const page = (await call('DescribeImages', {
          ...ownImagesQuery(filter),
          ...(token ? { NextToken: token } : {}),
        })) as { Images?: Image[]; NextToken?: string };
        images.push(...(page.Images ?? []).map(toImageInfo));
        token = page.NextToken;
      } while (token);
      return images;
    },
    async describeCopySnapshots(imageIds) {
      if (imageIds.length === 0) return [];
      const out = (await call('DescribeSnapshots', copySnapshotsQuery(imageIds))) as {
        Snapshots?: Snapshot[];
      };
      return (out.Snapshots ?? []).map(toSnapshotInfo);
    },
    async findOwnSnapshots(tags) {
      const snapshots: Snapshot[] = [];
      let token: string | undefined;
      do {
        const page = (await call('DescribeSnapshots', {
          ...ownSnapshotsQuery(tags),
          ...(token ? { NextToken: token } : {}),
        })) as { Snapshots?: Snapshot[]; NextToken?: string };
        snapshots.push(...(page.Snapshots ?? []));
        token = page.NextToken;
      } while (token);
      return snapshots.map(toSnapshotInfo);
    },
    async createTags(resourceIds, tags) {
      if (resourceIds.length === 0 || Object.keys(tags).length === 0) return;
      await call('CreateTags', createTagsInput(resourceIds, tags));
    },
    async deleteTags(resourceIds, keys) {
      if (resourceIds.length === 0 || keys.length === 0) return;
      await call('DeleteTags', deleteTagsInput(resourceIds, keys));
    },
    async copyImage(request) {
      const out = (await call('CopyImage', copyImageInput(request))) as { ImageId?: string };
      if (!out.ImageId) throw new Error('CopyImage returned no ImageId');
      return out.ImageId;
    },
    async deregisterImage(imageId) {
      await call('DeregisterImage', { ImageId: imageId });
    },
    async deleteSnapshot(snapshotId) {
      await call('DeleteSnapshot', { SnapshotId: snapshotId });
    },
    async describeRegions() {
      const out = (await call('DescribeRegions', { AllRegions: true })) as {
        Regions?: { RegionName?: string; OptInStatus?: string }[];
      };
      return (out.Regions ?? []).map(
        (r): RegionInfo => ({ regionName: r.RegionName ?? '', optInStatus: r.OptInStatus ?? '' }),
      );
    },
  };
}

function sdkError(error: SimAwsError, attempts: number, totalRetryDelay: number): SdkLikeError {
  const out = new Error(error.message) as Error & Record<string, unknown>;
  out.name = error.code;
  out.Code = error.code;
  out.$fault = error.status >= 500 ? 'server' : 'client';
  out.$metadata = {
    httpStatusCode: error.status,
    requestId: (error as SimAwsError & { requestId?: string }).requestId,
    attempts,
    totalRetryDelay,
  };
  return out as unknown as SdkLikeError;
}

function networkError(attempts: number, totalRetryDelay: number): SdkLikeError {
  const out = new Error('socket hang up') as Error & Record<string, unknown>;
  out.name = 'Error';
  out.code = 'ECONNRESET';
  out.$fault = 'client';
  out.$metadata = { attempts, totalRetryDelay };
  return out as unknown as SdkLikeError;
}
