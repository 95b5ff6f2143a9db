import type { Config } from '../../src/config/config.js';

/**
 * The one Config literal of the tests: every field at the default of the action's inputs
 * (us-east-1 -> eu-west-1, no steps), overridden where a test says so.
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    sourceImageId: 'ami-0123456789abcdef0',
    sourceRegion: 'us-east-1',
    targetRegions: ['eu-west-1'],
    nameTemplate: undefined,
    descriptionTemplate: undefined,
    encrypted: false,
    kmsKeyId: undefined,
    kmsKeyIds: {},
    copyTags: true,
    tags: {},
    tagSnapshots: true,
    wait: true,
    timeoutMs: 7_200_000,
    reuseExisting: true,
    includeSource: true,
    cleanupFailed: true,
    onTimeout: 'keep',
    onCancel: 'keep',
    role: undefined,
    copyCompletionMinutes: undefined,
    dryRun: false,
    resultsFile: undefined,
    steps: {
      share: undefined,
      protect: undefined,
      deprecate: undefined,
      ssm: undefined,
      launchTemplates: undefined,
      release: undefined,
    },
    ...overrides,
  };
}
