/** The EC2 simulator (a dev tool; never imported by src/). */

export { clientEnvironment } from './client-env.js';
export { type RunningSimulator, type SimulatorOptions, startSimulator } from './http/server.js';
export * from './model/index.js';
export type { LaunchTemplateData } from './model/launch-templates-records.js';
export type {
  LaunchTemplateSnapshot,
  SeededLaunchTemplate,
  SeedLaunchTemplateSpec,
} from './model/launch-templates-seed.js';
export { createModelAccess, createModelGateway, type ModelGatewayOptions } from './model-gateway.js';
export { parseSeedSpec, seedFromSpecs } from './seed-spec.js';
