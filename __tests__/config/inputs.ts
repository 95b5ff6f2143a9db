import { type ParseConfigResult, parseConfig } from '../../src/config/parse-config.js';

/** A valid set of inputs; each test overrides what it is about. */
export const BASE_INPUTS: Readonly<Record<string, string>> = {
  'source-ami-id': 'ami-0123456789abcdef0',
  'source-region': 'us-east-1',
  'target-regions': 'eu-west-1, ap-southeast-2',
};

export type Inputs = Readonly<Record<string, string>>;

/** parseConfig over BASE_INPUTS + overrides (an override of '' unsets an input), like core.getInput. */
export function parseWith(
  overrides: Inputs = {},
  env: Readonly<Record<string, string | undefined>> = {},
): ParseConfigResult {
  const inputs = { ...BASE_INPUTS, ...overrides };
  return parseConfig((name) => (inputs[name] ?? '').trim(), env);
}

export function problemsOf(result: ParseConfigResult) {
  return result.ok ? [] : result.problems;
}

export const UUID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const MRK = 'mrk-1234abcd12ab34cd56ef1234567890ab';
export const keyArn = (region: string, partition = 'aws') =>
  `arn:${partition}:kms:${region}:123456789012:key/${UUID}`;
