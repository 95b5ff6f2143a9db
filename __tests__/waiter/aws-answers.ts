/** What DescribeImages and DescribeSnapshots return for one copy, as the gateway hands it on. */
import type { ImageInfo, SnapshotInfo } from '../../src/aws/types.js';

export function copiedImage(
  imageId: string,
  state: string,
  stateReason?: ImageInfo['stateReason'],
): ImageInfo {
  return {
    imageId,
    name: `copy-${imageId}`,
    description: undefined,
    state,
    stateReason,
    ownerId: '123456789012',
    creationDate: undefined,
    encrypted: false,
    tags: {},
    blockDevices: [],
  };
}

/** The snapshot CopyImage made for `imageId` (found by AWS's description format). */
export function copiedSnapshot(
  imageId: string,
  state: SnapshotInfo['state'],
  progressPercent: number,
  volumeSizeGiB = 50,
): SnapshotInfo {
  return {
    snapshotId: `snap-${imageId.slice(4)}`,
    state,
    progressPercent,
    description: `Copied for DestinationAmi ${imageId} from SourceAmi ami-source for SourceSnapshot snap-source`,
    volumeSizeGiB,
    destinationImageId: imageId,
  };
}
