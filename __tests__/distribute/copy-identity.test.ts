import { describe, expect, it } from 'vitest';
import type { ImageInfo } from '../../src/aws/types.js';
import { expectedCopyOf, notACopyBecause, survivorOf } from '../../src/distribute/copy-identity.js';

function image(overrides: Partial<ImageInfo> = {}): ImageInfo {
  return {
    imageId: 'ami-0000000000000000a',
    name: 'web',
    description: undefined,
    state: 'available',
    stateReason: undefined,
    ownerId: '123456789012',
    creationDate: '2026-12-01T10:00:00.000Z',
    encrypted: false,
    tags: {},
    blockDevices: [
      { deviceName: '/dev/xvda', snapshotId: 'snap-1', volumeSizeGiB: 8, encrypted: false },
      { deviceName: '/dev/xvdb', snapshotId: 'snap-2', volumeSizeGiB: 100, encrypted: false },
    ],
    sourceImageId: 'ami-0123456789abcdef0',
    sourceImageRegion: 'us-east-1',
    ...overrides,
  };
}

const SOURCE = image({
  imageId: 'ami-0123456789abcdef0',
  sourceImageId: undefined,
  sourceImageRegion: undefined,
});
const EXPECTED = expectedCopyOf(SOURCE, 'us-east-1', false);

describe('notACopyBecause', () => {
  it('accepts a copy whose ancestry, volumes and encryption match', () => {
    expect(notACopyBecause(image(), EXPECTED)).toBeUndefined();
  });

  it('refuses an image AWS records no source for (tags alone prove nothing)', () => {
    expect(
      notACopyBecause(image({ sourceImageId: undefined, sourceImageRegion: undefined }), EXPECTED),
    ).toContain('AWS records no source image for it');
  });

  it('refuses a copy of another image, or of the same id from another region', () => {
    expect(notACopyBecause(image({ sourceImageId: 'ami-0fffffffffffffff0' }), EXPECTED)).toContain(
      'a copy of ami-0fffffffffffffff0 from us-east-1',
    );
    expect(notACopyBecause(image({ sourceImageRegion: 'eu-west-1' }), EXPECTED)).toContain('from eu-west-1');
  });

  it('refuses different volumes, in count or size', () => {
    const one = image({
      blockDevices: [{ deviceName: '/dev/xvda', snapshotId: 's', volumeSizeGiB: 8, encrypted: false }],
    });
    expect(notACopyBecause(one, EXPECTED)).toContain('its volumes (8 GiB) differ');
    const bigger = image({
      blockDevices: [
        { deviceName: '/dev/xvda', snapshotId: 's', volumeSizeGiB: 8, encrypted: false },
        { deviceName: '/dev/xvdb', snapshotId: 't', volumeSizeGiB: 200, encrypted: false },
      ],
    });
    expect(notACopyBecause(bigger, EXPECTED)).toContain("(8, 200 GiB) differ from the source's (8, 100 GiB)");
  });

  it('refuses an unencrypted image where an encrypted copy is asked for', () => {
    expect(notACopyBecause(image(), expectedCopyOf(SOURCE, 'us-east-1', true))).toContain(
      'it is unencrypted',
    );
  });

  it('accepts a pending copy that lists no volumes yet on its ancestry alone', () => {
    expect(notACopyBecause(image({ state: 'pending', blockDevices: [] }), EXPECTED)).toBeUndefined();
  });
});

describe('survivorOf', () => {
  const a = image({
    imageId: 'ami-000000000000000a1',
    state: 'pending',
    creationDate: '2026-12-01T10:00:00.000Z',
  });
  const b = image({
    imageId: 'ami-000000000000000b1',
    state: 'pending',
    creationDate: '2026-12-01T10:00:01.000Z',
  });
  const c = image({
    imageId: 'ami-000000000000000c1',
    state: 'available',
    creationDate: '2026-12-01T11:00:00.000Z',
  });

  it('keeps an available copy before any pending one, then the oldest, whatever the order seen', () => {
    expect(survivorOf([b, a, c])?.imageId).toBe(c.imageId);
    expect(survivorOf([b, a])?.imageId).toBe(a.imageId);
    expect(survivorOf([a, b])?.imageId).toBe(a.imageId);
  });

  it('breaks a tie in creation time by image id, so racing runs agree', () => {
    const twin = image({ imageId: 'ami-000000000000000f1', state: 'pending', creationDate: a.creationDate });
    expect(survivorOf([twin, a])?.imageId).toBe(a.imageId);
    expect(survivorOf([a, twin])?.imageId).toBe(a.imageId);
  });

  it('never keeps a failed copy', () => {
    expect(survivorOf([image({ state: 'failed' })])).toBeUndefined();
  });
});
