/**
 * What must hold after any run, whatever went wrong: read from the simulator's state and log
 * and the runs' own outputs.
 *
 * - Copies: at most one copy per target region was ever created (duplicates are a cost leak),
 *   and exactly one in the regions the scenario expects copies in. Where a copy may be made
 *   again (`remade`: runs raced, or a failed or vanished copy was replaced), the rule is about
 *   what is left: at most one copy per region survives, and every one that went was reported.
 * - Use: no image that a run reported as its result (in `ami-ids`) was removed, by whichever
 *   run: a run never removes an image another run is using.
 * - Accounting: every image the run(s) created is either still there and reported in the
 *   outputs (available, pending with `wait: false`, or kept), or was removed by the action
 *   and reported as removed. Every snapshot the run(s) created belongs to such a surviving
 *   image; a removed copy leaves no snapshot behind.
 *
 * "Created" = present now but not before, plus anything deregistered since (the model forgets
 * deregistered images; the request log remembers the calls).
 */
import { expect } from 'vitest';
import type { SimModel } from '../../sim/index.js';
import type { ActionRun } from './run-action.js';

export interface WorldMark {
  readonly images: ReadonlySet<string>;
  readonly snapshots: ReadonlySet<string>;
  /** Number of log entries at the mark. */
  readonly logLength: number;
}

/** Remembers what exists before a scenario starts. */
export function markWorld(model: SimModel): WorldMark {
  return {
    images: new Set(model.store.images.keys()),
    snapshots: new Set(model.store.snapshots.keys()),
    logLength: model.log.all().length,
  };
}

/** One entry of the `images` output. */
export interface ImageReport {
  readonly region: string;
  readonly imageId: string | null;
  readonly state: string;
  readonly origin: string;
  readonly disposition: string | null;
  readonly reason: string | null;
  readonly hint: string | null;
  readonly snapshotIds: readonly string[];
  readonly waitedForCapacitySeconds: number;
  readonly cleanedUp?: readonly string[];
  readonly notes?: readonly string[];
}

export function imagesOutput(run: Pick<ActionRun, 'outputs'>): ImageReport[] {
  return JSON.parse(run.outputs.images ?? '[]') as ImageReport[];
}

/** An `images` entry with the post-copy steps' parts, for tests that read them. */
export interface ImageEntry {
  readonly region: string;
  readonly imageId: string | null;
  readonly state: string;
  readonly origin: string;
  readonly seconds: number | null;
  readonly notes: readonly string[];
  readonly share?: Readonly<Record<string, unknown>> & { readonly status: string };
  readonly protect?: Readonly<Record<string, unknown>> & { readonly status: string };
  readonly deprecate?: Readonly<Record<string, unknown>> & { readonly status: string };
  readonly ssm?: Readonly<Record<string, unknown>> & { readonly status: string };
  readonly launchTemplates?: Readonly<Record<string, unknown>> & { readonly status: string };
}

export function entries(run: Pick<ActionRun, 'outputs'>): ImageEntry[] {
  return JSON.parse(run.outputs.images ?? '[]') as ImageEntry[];
}

export function amiIdsOutput(run: Pick<ActionRun, 'outputs'>): Record<string, string> {
  return JSON.parse(run.outputs['ami-ids'] ?? '{}') as Record<string, string>;
}

export interface InvariantOptions {
  /** Regions where exactly one copy must have been created; every other region: none. */
  readonly copiesIn: readonly string[];
  /** The runs of the scenario (main steps, reruns); their `images` outputs are the report. */
  readonly runs: readonly Pick<ActionRun, 'outputs'>[];
  /** Copies reported as kept elsewhere (a cancelled run's saved state, the post step's log). */
  readonly keptElsewhere?: readonly string[];
  /** Copies reported as removed elsewhere (the post step with `on-cancel: deregister`). */
  readonly removedElsewhere?: readonly string[];
  /** The `wait` input of the runs (pending copies are then a valid output). Default true. */
  readonly wait?: boolean;
  /** A region may have had several copies over time, of which at most one survives (see above). */
  readonly remade?: boolean;
  /** Images the test itself removed (someone else deregistering a copy). */
  readonly removedByTest?: readonly string[];
}

export interface CreatedImage {
  readonly imageId: string;
  readonly region: string;
  readonly present: boolean;
}

/** Images the scenario created (still present or deregistered since the mark). */
export function createdImages(model: SimModel, mark: WorldMark): CreatedImage[] {
  const created = new Map<string, CreatedImage>();
  for (const [imageId, record] of model.store.images) {
    if (!mark.images.has(imageId)) created.set(imageId, { imageId, region: record.region, present: true });
  }
  for (const entry of model.log.all().slice(mark.logLength)) {
    if (entry.action !== 'DeregisterImage' || entry.outcome !== 'ok') continue;
    const imageId = String(entry.params.ImageId ?? '');
    if (imageId && !mark.images.has(imageId) && !created.has(imageId)) {
      created.set(imageId, { imageId, region: entry.region, present: false });
    }
  }
  return [...created.values()];
}

/** Every broken invariant, as a sentence; empty when all hold. */
export function invariantViolations(model: SimModel, mark: WorldMark, options: InvariantOptions): string[] {
  const problems: string[] = [];
  const created = createdImages(model, mark);

  const reports = options.runs.flatMap(imagesOutput);
  const cleanedUp = new Set(reports.flatMap((r) => r.cleanedUp ?? []));
  const byTest = new Set(options.removedByTest ?? []);
  const perRegion = new Map<string, string[]>();
  for (const image of created) {
    // Gone again (and, checked below, reported): only the survivors count.
    if (options.remade && !image.present) continue;
    // A copy the test removed, and the copy made again in its place, count as one.
    if (byTest.has(image.imageId)) continue;
    perRegion.set(image.region, [...(perRegion.get(image.region) ?? []), image.imageId]);
  }
  for (const [region, ids] of perRegion) {
    if (!options.copiesIn.includes(region)) problems.push(`${region}: unexpected copies ${ids.join(', ')}`);
    else if (ids.length > 1)
      problems.push(`${region}: ${ids.length} copies (${ids.join(', ')}), expected one`);
  }
  for (const run of options.runs) {
    for (const [region, imageId] of Object.entries(amiIdsOutput(run))) {
      if (!model.store.images.has(imageId) && !byTest.has(imageId)) {
        problems.push(`${region}: ${imageId} was a run's result (ami-ids) but was removed`);
      }
    }
  }
  for (const region of options.copiesIn) {
    if (!perRegion.has(region)) problems.push(`${region}: no copy was created, expected one`);
  }

  const withImage = reports.filter((r) => r.imageId !== null);
  const kept = new Set(options.keptElsewhere ?? []);
  const removed = new Set(options.removedElsewhere ?? []);
  const wait = options.wait ?? true;
  const reportedAlive = (imageId: string) =>
    kept.has(imageId) ||
    withImage.some(
      (r) =>
        r.imageId === imageId &&
        (r.state === 'available' || r.disposition === 'kept' || (!wait && r.state === 'pending')),
    );
  const reportedRemoved = (imageId: string) =>
    removed.has(imageId) ||
    byTest.has(imageId) ||
    cleanedUp.has(imageId) ||
    withImage.some((r) => r.imageId === imageId && r.disposition === 'removed');

  for (const image of created) {
    if (image.present && !reportedAlive(image.imageId)) {
      problems.push(
        `${image.region}: ${image.imageId} exists but no run reported it as available or kept${reportedRemoved(image.imageId) ? ' (it was reported removed)' : ''}`,
      );
    }
    if (!image.present && !reportedRemoved(image.imageId)) {
      problems.push(`${image.region}: ${image.imageId} was deregistered but no run reported it removed`);
    }
  }

  // A snapshot of a surviving image is accounted with its image (checked above).
  for (const [snapshotId, snapshot] of model.store.snapshots) {
    if (mark.snapshots.has(snapshotId)) continue;
    const owner =
      [...model.store.images.values()].find((i) => i.blockDevices.some((d) => d.snapshotId === snapshotId))
        ?.imageId ?? /DestinationAmi (ami-[0-9a-f]+)/.exec(snapshot.description)?.[1];
    if (!owner || !model.store.images.has(owner)) {
      problems.push(
        `${snapshot.region}: snapshot ${snapshotId} was left behind (its image ${owner ?? '?'} is gone)`,
      );
    }
  }
  return problems;
}

/** Asserts every invariant, listing all violations at once. */
export function expectInvariants(model: SimModel, mark: WorldMark, options: InvariantOptions): void {
  expect(invariantViolations(model, mark, options)).toEqual([]);
}
