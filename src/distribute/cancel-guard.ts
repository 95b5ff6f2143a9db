import type { Ec2Access, Ec2Region } from '../aws/types.js';

/** What a mutating call attempted after the cancel throws; callers treat it like any failure. */
export class CancelledError extends Error {
  constructor(action: string) {
    super(`The run was cancelled; ${action} was not sent.`);
    this.name = 'Cancelled';
  }
}

const MUTATING = [
  'copyImage',
  'dryRunCopyImage',
  'createTags',
  'deleteTags',
  'deregisterImage',
  'deleteSnapshot',
  'addLaunchPermissions',
  'addCreateVolumePermission',
  'enableDeregistrationProtection',
  'enableImageDeprecation',
  'createLaunchTemplateVersion',
  'setDefaultLaunchTemplateVersion',
] as const satisfies readonly (keyof Ec2Region)[];

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

/** Every method of the region, bound (a fake may be a class instance). */
function bindAll(region: Ec2Region): Ec2Region {
  const bound: Record<string, unknown> = { region: region.region };
  const source = region as unknown as Record<string, unknown>;
  for (
    let proto: object | null = region;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      const value = source[key];
      if (key !== 'constructor' && typeof value === 'function' && !(key in bound))
        bound[key] = (value as (...a: unknown[]) => unknown).bind(region);
    }
  }
  return bound as unknown as Ec2Region;
}
