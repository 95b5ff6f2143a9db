/** The AWS simulator: EC2, STS and SSM Parameter Store (a dev tool; never imported by src/). */

export { clientEnvironment } from './client-env.js';
export {
  type ContentsPermission,
  type GitHubStubOptions,
  type RecordedGitHubRequest,
  type RunningGitHubStub,
  type StubAsset,
  type StubRelease,
  startGitHubStub,
} from './github/index.js';
export { type RunningSimulator, type SimulatorOptions, startSimulator } from './http/server.js';
export * from './model/index.js';
export type { LaunchTemplateData } from './model/launch-templates-records.js';
export type {
  LaunchTemplateSnapshot,
  SeededLaunchTemplate,
  SeedLaunchTemplateSpec,
} from './model/launch-templates-seed.js';
export { parameterArn } from './model/ssm-names.js';
export { isSsmAction, SSM_ACTIONS, type SsmAction, type SsmInputs } from './model/ssm-operations.js';
export type {
  ParameterView,
  PendingValidation,
  SsmChangeEvent,
  SsmDataType,
  SsmParameterType,
  SsmTier,
} from './model/ssm-parameters.js';
export { IMAGE_VALIDATION_FAILURE, SsmParameters } from './model/ssm-parameters.js';
export type { SeedParameterSpec } from './model/ssm-seed.js';
export { createModelAccess, createModelGateway, type ModelGatewayOptions } from './model-gateway.js';
export { parseSeedSpec, seedFromSpecs } from './seed-spec.js';
