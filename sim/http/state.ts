/** `GET /_sim/state`: a read-only JSON picture of the model, for people debugging a run. */
import type { SimModel } from '../model/model.js';

export function stateSnapshot(model: SimModel): object {
  const now = model.clock.now();
  const regions = [...new Set([...model.store.images.values()].map((i) => i.region))];
  return {
    clock: { kind: model.clock.kind, now: new Date(now).toISOString() },
    images: model.images().map((image) => ({
      ...image,
      region: model.imageRecord(image.ImageId ?? '')?.region,
      completesAt: completion(model, image.ImageId ?? ''),
    })),
    snapshots: model.snapshots(),
    pendingCopies: Object.fromEntries(regions.map((r) => [r, model.pendingCopies(r)])),
    kmsKeys: model.kms.list(),
    counters: model.log.counters(),
    requests: model.log.all().slice(-200),
  };
}

function completion(model: SimModel, imageId: string): string | undefined {
  const record = model.imageRecord(imageId);
  const at = record ? model.completionTime(record.region, imageId) : undefined;
  return at === undefined ? undefined : new Date(at).toISOString();
}
