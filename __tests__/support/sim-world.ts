/**
 * A simulator for one end-to-end test: an HTTP server on 127.0.0.1 over a fresh model on a
 * scaled clock, a seeded source image, and the environment a step needs to reach it.
 */
import {
  clientEnvironment,
  type ModelOptions,
  type RunningSimulator,
  type SeedImageSpec,
  scaledClock,
  startSimulator,
} from '../../sim/index.js';

export interface World {
  readonly sim: RunningSimulator;
  readonly sourceImageId: string;
  /** The step environment: endpoints, credentials, region. */
  readonly env: Record<string, string>;
  close(): Promise<void>;
}

export interface WorldOptions {
  /** Simulated seconds per real second (default 300: a 50 GiB copy takes a few seconds). */
  readonly scale?: number;
  readonly model?: Omit<ModelOptions, 'clock'>;
  readonly source?: Partial<SeedImageSpec>;
  readonly latencyMs?: number;
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const sim = await startSimulator({
    modelOptions: { seed: 7, ...options.model, clock: scaledClock(options.scale ?? 300) },
    latencyMs: options.latencyMs,
  });
  const seeded = sim.model.seedImage({
    region: 'us-east-1',
    name: 'web-base-2026.11.26',
    sizeGiB: 50,
    tags: { team: 'platform', os: 'debian-12' },
    description: 'Web base image built by Packer',
    ...options.source,
  });
  return {
    sim,
    sourceImageId: seeded.imageId,
    env: clientEnvironment(sim.url, sim.model.defaultCredentials, 'us-east-1'),
    close: () => sim.close(),
  };
}
