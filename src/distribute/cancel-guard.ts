import type { Ec2Access, Ec2Region } from '../aws/types.js';

/** What a mutating call attempted after the cancel throws; callers treat it like any failure. */
export class CancelledError extends Error {
  constructor(action: string) {
    super(`The run was cancelled; ${action} was not sent.`);
    this.name = 'Cancelled';
  }
}

const MUTATING = ['copyImage', 'createTags', 'deleteTags', 'deregisterImage', 'deleteSnapshot'] as const;

/**
 * EC2 access that refuses every mutating call once `signal` has aborted: whatever the engine is
 * doing when the runner cancels (preflight cleanup, a CopyImage about to be sent, tagging), no
 * change reaches AWS after the cancel. Reads still go through (reporting needs them).
 */
export function stopMutationsOnCancel(access: Ec2Access, signal: AbortSignal | undefined): Ec2Access {
  if (!signal) return access;
  const regions = new Map<string, Ec2Region>();
  return {
    forRegion(region) {
      let guarded = regions.get(region);
      if (!guarded) {
        const inner = access.forRegion(region);
        const overrides = Object.fromEntries(
          MUTATING.map((name) => [
            name,
            (...args: unknown[]) => {
              if (signal.aborted)
                return Promise.reject(new CancelledError(`ec2:${name[0]?.toUpperCase()}${name.slice(1)}`));
              return (inner[name] as (...a: unknown[]) => Promise<unknown>)(...args);
            },
          ]),
        );
        guarded = { ...bindAll(inner), ...overrides } as Ec2Region;
        regions.set(region, guarded);
      }
      return guarded;
    },
  };
}

function bindAll(region: Ec2Region): Ec2Region {
  return {
    region: region.region,
    describeImages: (ids) => region.describeImages(ids),
    findOwnImages: (filter) => region.findOwnImages(filter),
    describeCopySnapshots: (ids) => region.describeCopySnapshots(ids),
    findOwnSnapshots: (tags) => region.findOwnSnapshots(tags),
    createTags: (ids, tags) => region.createTags(ids, tags),
    deleteTags: (ids, keys) => region.deleteTags(ids, keys),
    copyImage: (request) => region.copyImage(request),
    deregisterImage: (id) => region.deregisterImage(id),
    deleteSnapshot: (id) => region.deleteSnapshot(id),
    describeRegions: () => region.describeRegions(),
  };
}
