/**
 * One image's copy progress from the snapshots DescribeSnapshots returned for it: the size-weighted
 * mean of its snapshots' percents, and whether they are all done or any has failed.
 */
import type { SnapshotInfo } from '../aws/types.js';

export interface ProgressReading {
  /** 0..100; 100 when every snapshot is completed. */
  readonly percent: number;
  readonly allCompleted: boolean;
  readonly anyError: boolean;
}

/** Groups snapshots by the image they were copied for; images with none are absent. */
export function readProgress(snapshots: readonly SnapshotInfo[]): Map<string, ProgressReading> {
  const byImage = new Map<string, SnapshotInfo[]>();
  for (const snapshot of snapshots) {
    const imageId = snapshot.destinationImageId;
    if (!imageId) continue;
    const list = byImage.get(imageId) ?? [];
    list.push(snapshot);
    byImage.set(imageId, list);
  }
  const readings = new Map<string, ProgressReading>();
  for (const [imageId, list] of byImage) readings.set(imageId, combine(list));
  return readings;
}

function combine(snapshots: readonly SnapshotInfo[]): ProgressReading {
  let weighted = 0;
  let weights = 0;
  for (const snapshot of snapshots) {
    const weight = snapshot.volumeSizeGiB && snapshot.volumeSizeGiB > 0 ? snapshot.volumeSizeGiB : 1;
    const percent = snapshot.state === 'completed' ? 100 : (snapshot.progressPercent ?? 0);
    weighted += weight * Math.min(100, Math.max(0, percent));
    weights += weight;
  }
  const allCompleted = snapshots.every((s) => s.state === 'completed');
  // Whole percents, as AWS reports them; never 100 before every snapshot is done.
  const mean = weights > 0 ? weighted / weights : 0;
  return {
    percent: allCompleted ? 100 : Math.min(99, Math.floor(mean)),
    allCompleted,
    anyError: snapshots.some((s) => s.state === 'error'),
  };
}
