/**
 * Least privilege, proven on the simulator, which denies every action a policy does not allow
 * (and, like AWS, wants ec2:CreateTags for a CopyImage that tags at creation):
 * - the default run, and the default run with one failing region (cleanup), both run clean under
 *   exactly docs/iam-policy.json;
 * - every action that policy allows is needed: without it, the scenario that uses it fails in a
 *   way a user sees (exit code, outputs, a warning, or something left behind);
 * - role-to-assume works with the role holding that policy and the caller holding nothing but
 *   docs/iam-policy-role-chaining.json (or nothing at all, with OIDC).
 * The simulator evaluates actions only: Resource and Condition elements are documentation here.
 * KMS permissions (docs/iam-policy-kms.json) cannot be exercised: the simulator has no KMS API.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Policy } from '../../sim/index.js';
import { reportExpirationsInRealTime, startOidcStub } from '../support/credentials-world.js';
import { amiIdsOutput, imagesOutput, invariantViolations } from '../support/invariants.js';
import type { ActionRun } from '../support/run-action.js';
import { type Scenario, startScenario } from '../support/scenario.js';

// The runs wait on real time and hardly use the CPU: let them all run at once.
vi.setConfig({ maxConcurrency: 12 });

const docs = (file: string) =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../../docs', file), 'utf8')) as Policy;
const POLICY = docs('iam-policy.json');
const CHAINING = docs('iam-policy-role-chaining.json');
const ROLE = 'arn:aws:iam::123456789012:role/image-publisher';

const KMS_REASON = { code: 'Client.InvalidKMSKey.InvalidState', message: 'The KMS key is disabled' };

function allowedActions(policy: Policy): string[] {
  return policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) =>
    typeof s.Action === 'string' ? [s.Action] : [...s.Action],
  );
}

function without(policy: Policy, action: string): Policy {
  return {
    Statement: policy.Statement.map((s) => ({
      ...s,
      Action: (typeof s.Action === 'string' ? [s.Action] : s.Action).filter((a) => a !== action),
    })).filter((s) => s.Action.length > 0),
  };
}

type ScenarioName = 'default run' | 'default run, one region fails';

/** What a clean run of each scenario looks like. */
const EXPECTED: Record<ScenarioName, { exitCode: number; usable: string[]; warnings: RegExp | undefined }> = {
  'default run': { exitCode: 0, usable: ['eu-west-1', 'us-east-1', 'us-west-2'], warnings: undefined },
  'default run, one region fails': {
    exitCode: 1,
    usable: ['eu-west-1', 'us-east-1'],
    // The poller reports the failure it saw; nothing else may warn.
    warnings: /^::warning::us-west-2: ami-\w+ failed after/,
  },
};

/** Which scenario shows that each allowed action is needed. */
const NEEDED_BY: Record<string, ScenarioName> = {
  'ec2:DescribeImages': 'default run',
  'ec2:DescribeRegions': 'default run',
  'ec2:CopyImage': 'default run',
  'ec2:CreateTags': 'default run',
  'ec2:DescribeSnapshots': 'default run, one region fails',
  'ec2:DeregisterImage': 'default run, one region fails',
  'ec2:DeleteSnapshot': 'default run, one region fails',
};

async function runUnder(name: ScenarioName, policy: Policy): Promise<{ s: Scenario; run: ActionRun }> {
  const s = await startScenario({ targetRegions: ['eu-west-1', 'us-west-2'], model: { policy } });
  if (name === 'default run, one region fails') s.model.faults.failCopies('us-west-2', KMS_REASON, 0.4);
  return { s, run: await s.run() };
}

/** How the run differs from a clean run of its scenario, in ways a user sees. */
function deviations(name: ScenarioName, s: Scenario, run: ActionRun): string[] {
  const expected = EXPECTED[name];
  const found: string[] = [];
  if (run.exitCode !== expected.exitCode) found.push(`exit code ${run.exitCode}`);
  const usable = Object.keys(amiIdsOutput(run)).sort();
  if (usable.join() !== expected.usable.join()) found.push(`usable regions ${usable.join()}`);
  for (const line of run.stdout.split('\n').filter((l) => l.startsWith('::warning'))) {
    if (!expected.warnings?.test(line)) found.push(`warning: ${line}`);
  }
  if (name === 'default run, one region fails') {
    const failed = imagesOutput(run).find((r) => r.region === 'us-west-2');
    if (failed?.disposition !== 'removed') found.push(`failed copy ${failed?.disposition ?? 'not reported'}`);
  }
  const copiesIn = run.exitCode === expected.exitCode ? ['eu-west-1', 'us-west-2'] : [];
  found.push(
    ...invariantViolations(s.model, s.mark, { copiesIn, runs: [run] }).map((v) => `invariant: ${v}`),
  );
  return found;
}

function denials(s: Scenario): string[] {
  return s.model.log
    .all()
    .filter((e) => e.errorCode === 'UnauthorizedOperation' || e.errorCode === 'AccessDenied')
    .map((e) => `${e.service}:${e.action}`);
}

describe.concurrent('least privilege: docs/iam-policy.json', () => {
  it('names a proving scenario for every action it allows, and allows nothing else', () => {
    expect(allowedActions(POLICY).sort()).toEqual(Object.keys(NEEDED_BY).sort());
  });

  it.for(Object.keys(EXPECTED) as ScenarioName[])('%s runs clean under exactly the policy', async (name) => {
    const { s, run } = await runUnder(name, POLICY);
    try {
      expect(denials(s)).toEqual([]);
      expect(deviations(name, s, run)).toEqual([]);
      if (name === 'default run') expect(run.stdout).not.toMatch(/^::(warning|error)/m);
    } finally {
      await s.close();
    }
  });

  it.for(Object.entries(NEEDED_BY))('without %s, "%s" fails', async ([action, name]) => {
    const { s, run } = await runUnder(name, without(POLICY, action));
    try {
      // The run did ask for it, was refused, and the user can tell.
      expect(denials(s)).toContain(action === 'ec2:CreateTags' ? 'ec2:CopyImage' : action);
      expect(deviations(name, s, run)).not.toEqual([]);
      if (action === 'ec2:CreateTags') {
        expect(run.errorMessage).toContain('is not authorized to perform: ec2:CreateTags');
      }
    } finally {
      await s.close();
    }
  });
});

describe.concurrent('least privilege: role-to-assume', () => {
  it('role chaining: the caller may only assume the role; the role holds docs/iam-policy.json', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1'], model: { policy: CHAINING } });
    try {
      s.model.defineRole(ROLE, { policy: POLICY });
      reportExpirationsInRealTime(s.model, s.scale);
      const run = await s.run({ inputs: s.inputs({ 'role-to-assume': ROLE }) });
      expect(run.exitCode).toBe(0);
      expect(denials(s)).toEqual([]);
      expect(s.model.log.count({ action: 'AssumeRole', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    } finally {
      await s.close();
    }
  });

  it('role chaining without sts:AssumeRole fails, naming role-to-assume and quoting STS, not blaming source-region', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1'], model: { policy: { Statement: [] } } });
    try {
      s.model.defineRole(ROLE, { policy: POLICY });
      const run = await s.run({ inputs: s.inputs({ 'role-to-assume': ROLE }) });
      expect(run.exitCode).toBe(1);
      const message = run.errorMessage ?? '';
      expect(message).toContain(`Could not assume role-to-assume ${ROLE} from the ambient credentials`);
      expect(message).toContain(`AccessDenied: User: `);
      expect(message).toContain(`is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`);
      expect(message).toContain('docs/iam-policy-role-chaining.json');
      expect(message).not.toMatch(/source-region|Could not describe the source image/);
      expect(run.summary).toContain('Could not assume role-to-assume');
      expect(denials(s)).toEqual(['sts:AssumeRole']);
      expect(s.model.log.count({ service: 'ec2', outcome: 'ok' })).toBe(0);
    } finally {
      await s.close();
    }
  });

  it('OIDC: the caller needs no permissions at all; the role holds docs/iam-policy.json', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1'], model: { policy: { Statement: [] } } });
    const oidc = await startOidcStub();
    try {
      s.model.defineRole(ROLE, { policy: POLICY });
      reportExpirationsInRealTime(s.model, s.scale);
      const run = await s.run({
        inputs: s.inputs({ 'role-to-assume': ROLE }),
        env: { ...oidc.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' },
      });
      expect(run.exitCode).toBe(0);
      expect(denials(s)).toEqual([]);
      expect(
        s.model.log.count({ action: 'AssumeRoleWithWebIdentity', outcome: 'ok' }),
      ).toBeGreaterThanOrEqual(1);
    } finally {
      await Promise.all([s.close(), oidc.close()]);
    }
  });
});
