/**
 * Leases: how concurrent runs tell each other "I am waiting for this copy". A run that creates
 * a copy (tagged at creation) or adopts another run's pending copy (CreateTags) puts a tag
 * `ami-distribute:waiter:<its invocation id>` on the image, valued with the end of its wait.
 * Before removing a copy, a run looks for live leases of other invocations and keeps the copy
 * if there is one. Leases expire on their own, so a run killed with -9 blocks nobody for long.
 * Pure: parsing and deciding; the calls are made by the callers.
 */
import { type Tags, WAITER_TAG_PREFIX } from '../rules/tags.js';

/** Beyond the run's own deadline: the outputs are written and the post step has run by then. */
export const LEASE_MARGIN_MS = 15 * 60_000;

export interface Lease {
  readonly invocationId: string;
  /** Clock ms; NaN when the value does not parse (treated as live: keep rather than remove). */
  readonly until: number;
  readonly holder: string;
}

/** This run's lease tag: key and value. */
export function leaseTag(invocationId: string, until: number, holder: string): Record<string, string> {
  // Tag values allow letters, digits, spaces and + - = . _ : / @.
  const who = holder.replace(/[^A-Za-z0-9 +\-=._:/@]/g, '_').slice(0, 200);
  return { [`${WAITER_TAG_PREFIX}${invocationId}`]: `${new Date(until).toISOString()} ${who}`.trim() };
}

export function leaseKey(invocationId: string): string {
  return `${WAITER_TAG_PREFIX}${invocationId}`;
}

export function leasesOn(tags: Tags): Lease[] {
  return Object.entries(tags).flatMap(([key, value]) => {
    if (!key.startsWith(WAITER_TAG_PREFIX)) return [];
    const [until = '', ...rest] = value.split(' ');
    return [
      {
        invocationId: key.slice(WAITER_TAG_PREFIX.length),
        until: Date.parse(until),
        holder: rest.join(' '),
      },
    ];
  });
}

/** Leases of other invocations that have not ended: the copy is in use. */
export function liveLeasesOfOthers(tags: Tags, self: string, now: number): Lease[] {
  return leasesOn(tags).filter(
    (lease) => lease.invocationId !== self && (Number.isNaN(lease.until) || lease.until > now),
  );
}

/** Keys to delete when this run lets go of a copy: its own lease and any that ran out. */
export function leaseKeysToDrop(tags: Tags, self: string, now: number): string[] {
  return leasesOn(tags)
    .filter((lease) => lease.invocationId === self || lease.until <= now)
    .map((lease) => leaseKey(lease.invocationId));
}

export function describeLease(lease: Lease): string {
  const until = Number.isNaN(lease.until) ? 'an unreadable time' : new Date(lease.until).toISOString();
  return `${lease.holder || `invocation ${lease.invocationId}`} (waiting until ${until})`;
}
