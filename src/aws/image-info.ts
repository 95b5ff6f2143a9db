import type { ImageInfo } from './types.js';

/** The EBS snapshots an image's block devices name (none for a pending copy that lists none yet). */
export function snapshotIdsOf(image: ImageInfo | undefined): string[] {
  return (image?.blockDevices ?? []).flatMap((device) => (device.snapshotId ? [device.snapshotId] : []));
}
