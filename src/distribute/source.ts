import { awsErrorCode, awsErrorMessage, describeAwsError } from '../aws/errors.js';
import type { Ec2Region, ImageInfo } from '../aws/types.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { DistributionCancelled, DistributionStopped } from './result-types.js';

const SOURCE_POLL_MS = 15_000;

export interface SourceDeps {
  readonly ec2: Ec2Region;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly deadline: number;
  readonly signal?: AbortSignal;
}

/**
 * Describes the source image; a `pending` source (a build that just finished) is waited for
 * until `deadline`. Missing, failed or unreadable sources stop the run with a clear error.
 */
export async function resolveSource(imageId: string, deps: SourceDeps): Promise<ImageInfo> {
  const region = deps.ec2.region;
  for (;;) {
    let image: ImageInfo | undefined;
    try {
      [image] = await deps.ec2.describeImages([imageId]);
    } catch (error) {
      // No credentials to describe it with: the role, not the source, is the problem.
      if (awsErrorCode(error) === 'RoleAssumptionError')
        throw new DistributionStopped([awsErrorMessage(error)]);
      throw new DistributionStopped([
        `Could not describe the source image ${imageId} in ${region}: ${describeAwsError(error)}. Check that ${region} is the right source-region, and that the credentials are valid and allow ec2:DescribeImages there.`,
      ]);
    }
    if (!image) {
      throw new DistributionStopped([
        `Source image ${imageId} was not found in ${region}. Check source-ami-id and source-region, and that this account owns the image or has launch permission for it.`,
      ]);
    }
    if (image.state === 'available') return image;
    if (image.state !== 'pending') {
      const why = image.stateReason ? ` (${image.stateReason.code}: ${image.stateReason.message})` : '';
      throw new DistributionStopped([
        `Source image ${imageId} in ${region} is ${image.state}${why}; only an available image can be copied.`,
      ]);
    }
    if (deps.clock.now() + SOURCE_POLL_MS > deps.deadline) {
      throw new DistributionStopped([
        `Source image ${imageId} in ${region} was still pending when the timeout ran out; raise \`timeout\` or start this step after the image is available.`,
      ]);
    }
    deps.logger.info(`Source image ${imageId} is still pending; waiting for it to become available.`);
    try {
      await deps.clock.sleep(SOURCE_POLL_MS, deps.signal);
    } catch (error) {
      if (deps.signal?.aborted) throw new DistributionCancelled('source');
      throw error;
    }
  }
}

/** Sum of the EBS volume sizes, GiB. */
export function imageSizeGiB(image: ImageInfo): number {
  return image.blockDevices.reduce((sum, device) => sum + (device.volumeSizeGiB ?? 0), 0);
}
