/**
 * The post-copy steps' inputs, through parseConfig: each becomes its step's section, and each
 * problem names its input. (The rules behind them are tested in __tests__/rules.)
 */
import { describe, expect, it } from 'vitest';
import { INPUT_SPECS } from '../../src/config/input-spec.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { deprecateInputs } from '../../src/steps/deprecate/inputs.js';
import { launchTemplateInputs } from '../../src/steps/launch-templates/inputs.js';
import { protectInputs } from '../../src/steps/protect/inputs.js';
import { releaseInputs } from '../../src/steps/release/inputs.js';
import { shareInputs } from '../../src/steps/share/inputs.js';
import { ssmInputs } from '../../src/steps/ssm/inputs.js';
import { BASE_INPUTS, type Inputs, problemsOf } from '../config/inputs.js';

const NOW = Date.parse('2026-12-02T10:00:30Z');
const ORG = 'arn:aws:organizations::123456789012:organization/o-abcdefghij';
const OU = 'arn:aws:organizations::123456789012:ou/o-abcdefghij/ou-ab12-cdefgh34';

function parse(overrides: Inputs) {
  const inputs = { ...BASE_INPUTS, ...overrides };
  return parseConfig((name) => (inputs[name] ?? '').trim(), {}, { now: NOW });
}

function steps(overrides: Inputs) {
  const result = parse(overrides);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config.steps;
}

describe('post-copy step inputs', () => {
  it('every step input is in the one input spec (and so in action.yml and the README)', () => {
    const names = new Set<string>(INPUT_SPECS.map((spec) => spec.name));
    for (const step of [
      shareInputs,
      protectInputs,
      deprecateInputs,
      ssmInputs,
      launchTemplateInputs,
      releaseInputs,
    ])
      for (const input of step.inputs)
        expect(names.has(input.name), `${step.step}: ${input.name}`).toBe(true);
  });

  it('without any, no step has a section', () => {
    expect(steps({})).toEqual({
      share: undefined,
      protect: undefined,
      deprecate: undefined,
      ssm: undefined,
      launchTemplates: undefined,
      release: undefined,
    });
  });

  it('share-*: lists split on commas, spaces and newlines, duplicates dropped', () => {
    expect(
      steps({
        'share-accounts': '111122223333, 444455556666\n111122223333',
        'share-organizations': ORG,
        'share-organizational-units': OU,
        'share-public': 'false',
        'share-snapshots': 'true',
      }).share,
    ).toEqual({
      accounts: ['111122223333', '444455556666'],
      organizations: [ORG],
      organizationalUnits: [OU],
      public: false,
      snapshots: true,
    });
  });

  it('share-public alone is a share section', () => {
    expect(steps({ 'share-public': 'true' }).share).toMatchObject({ public: true, accounts: [] });
  });

  it('deregistration-protection: true, with-cooldown, false', () => {
    expect(steps({ 'deregistration-protection': 'true' }).protect).toEqual({ withCooldown: false });
    expect(steps({ 'deregistration-protection': 'with-cooldown' }).protect).toEqual({ withCooldown: true });
    expect(steps({ 'deregistration-protection': 'false' }).protect).toBeUndefined();
  });

  it('deprecate-at is rounded up to the next minute; deprecate-after keeps its delay', () => {
    expect(steps({ 'deprecate-at': '2027-06-30T12:00:10Z' }).deprecate).toEqual({
      kind: 'at',
      at: Date.parse('2027-06-30T12:01:00Z'),
    });
    expect(steps({ 'deprecate-after': '180d' }).deprecate).toEqual({
      kind: 'after',
      afterMs: 180 * 86_400_000,
    });
  });

  it('copy-completion-duration becomes minutes; dry-run a boolean', () => {
    const result = parse({ 'copy-completion-duration': '2h15m', 'dry-run': 'true' });
    expect(result.ok && [result.config.copyCompletionMinutes, result.config.dryRun]).toEqual([135, true]);
  });

  it('reports every problem at once, each naming its input', () => {
    const problems = problemsOf(
      parse({
        'share-accounts': '1234-5678-9012',
        'share-organizations': 'o-abcdefghij',
        'deregistration-protection': 'yes',
        'deprecate-at': '2020-01-01T00:00Z',
        'copy-completion-duration': '20m',
      }),
    );
    expect(problems.map((p) => p.input)).toEqual([
      'copy-completion-duration',
      'share-accounts',
      'share-organizations',
      'deregistration-protection',
      'deprecate-at',
    ]);
    expect(problems[1]?.message).toContain('drop them');
    expect(problems[2]?.message).toContain('organization ARN');
  });

  it('share-snapshots needs share-accounts', () => {
    expect(problemsOf(parse({ 'share-snapshots': 'true', 'share-organizations': ORG }))).toEqual([
      expect.objectContaining({
        input: 'share-snapshots',
        message: expect.stringContaining('share-accounts'),
      }),
    ]);
  });

  it('deprecate-at and deprecate-after together are refused', () => {
    expect(
      problemsOf(parse({ 'deprecate-at': '2027-01-01T00:00Z', 'deprecate-after': '90d' })).map(
        (p) => p.input,
      ),
    ).toEqual(['deprecate-after']);
  });
});
