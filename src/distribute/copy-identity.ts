/**
 * Is this image really a copy of our source with our settings? Provenance tags find
 * candidates, but anyone who may tag images in the account can write them, so a candidate is
 * also checked against what AWS itself records: its ancestry (`SourceImageId` /
 * `SourceImageRegion`), its block devices (count and sizes) and its encryption. And when several
 * real copies exist (racing runs), which one every run keeps. Pure.
 */
import type { ImageInfo } from '../aws/types.js';

export interface ExpectedCopy {
  readonly sourceImageId: string;
  readonly sourceRegion: string;
  /** Sizes of the source's EBS volumes, GiB, in device order. */
  readonly volumeSizesGiB: readonly number[];
  readonly encrypted: boolean;
}

export function expectedCopyOf(source: ImageInfo, sourceRegion: string, encrypted: boolean): ExpectedCopy {
  return {
    sourceImageId: source.imageId,
    sourceRegion,
    volumeSizesGiB: volumeSizes(source),
    encrypted,
  };
}

/** Why `candidate` is not a copy of the expected source with the expected settings, or undefined. */
export function notACopyBecause(candidate: ImageInfo, expected: ExpectedCopy): string | undefined {
  if (
    candidate.sourceImageId !== expected.sourceImageId ||
    candidate.sourceImageRegion !== expected.sourceRegion
  ) {
    const recorded = candidate.sourceImageId
      ? `AWS records it as a copy of ${candidate.sourceImageId} from ${candidate.sourceImageRegion ?? 'an unknown region'}`
      : 'AWS records no source image for it (it is not a copy)';
    return `${recorded}, not of ${expected.sourceImageId} from ${expected.sourceRegion}`;
  }
  const sizes = volumeSizes(candidate);
  // A pending copy may not list its volumes yet; its ancestry alone is then the evidence.
  if (sizes.length > 0 && sizes.join(',') !== expected.volumeSizesGiB.join(',')) {
    return `its volumes (${sizes.join(', ')} GiB) differ from the source's (${expected.volumeSizesGiB.join(', ')} GiB)`;
  }
  if (candidate.blockDevices.length > 0 && candidate.encrypted !== expected.encrypted) {
    return `it is ${candidate.encrypted ? 'encrypted' : 'unencrypted'}, the copy asked for is ${expected.encrypted ? 'encrypted' : 'unencrypted'}`;
  }
  return undefined;
}

/**
 * Of several real copies, the one every run keeps: available before pending, then the oldest
 * (creation time, then image id). Runs that see the same copies choose the same one.
 */
export function survivorOf(copies: readonly ImageInfo[]): ImageInfo | undefined {
  return [...copies].filter((c) => c.state === 'available' || c.state === 'pending').sort(byPreference)[0];
}

function byPreference(a: ImageInfo, b: ImageInfo): number {
  const rank = (image: ImageInfo) => (image.state === 'available' ? 0 : 1);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const created = (image: ImageInfo) => Date.parse(image.creationDate ?? '') || Number.MAX_SAFE_INTEGER;
  if (created(a) !== created(b)) return created(a) - created(b);
  return a.imageId < b.imageId ? -1 : a.imageId > b.imageId ? 1 : 0;
}

function volumeSizes(image: ImageInfo): number[] {
  return image.blockDevices.flatMap((device) =>
    device.volumeSizeGiB !== undefined ? [device.volumeSizeGiB] : [],
  );
}
