/**
 * Least privilege, proven on the simulator, which denies every action a policy does not allow
 * (and, like AWS, wants ec2:CreateTags for a CopyImage that tags at creation):
 * - the default run, and the default run with one failing region (cleanup), both run clean under
 *   exactly docs/iam-policy.json;
 * - every action that policy allows is needed: without it, the scenario that uses it fails in a
 *   way a user sees (exit code, outputs, a warning, or something left behind);
 * - role-to-assume works with the role holding that policy and the caller holding nothing but
 *   docs/iam-policy-role-chaining.json (or nothing at all, with OIDC).
 * The simulator evaluates Action, Resource and Condition (sim/README.md says which operators and
 * keys): the provenance-tag conditions on removal and tagging, and tag on create, are enforced.
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
  const actions = policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) =>
    typeof s.Action === 'string' ? [s.Action] : [...s.Action],
  );
  return [...new Set(actions)];
}

function withoutStatement(policy: Policy, sid: string): Policy {
  return { Statement: policy.Statement.filter((s) => (s as { Sid?: string }).Sid !== sid) };
}

function without(policy: Policy, action: string): Policy {
  return {
    Statement: policy.Statement.map((s) => ({
      ...s,
      Action: (typeof s.Action === 'string' ? [s.Action] : s.Action).filter((a) => a !== action),
    })).filter((s) => s.Action.length > 0),
  };
}

type ScenarioName =
  | 'default run'
  | 'default run, one region fails'
  | 'one region fails, snapshots without user tags'
  | 'a rerun adopts pending copies and tags them';

/** What a clean run of each scenario looks like. */
const EXPECTED: Record<ScenarioName, { exitCode: number; usable: string[]; warnings: RegExp | undefined }> = {
  'default run': { exitCode: 0, usable: ['eu-west-1', 'us-east-1', 'us-west-2'], warnings: undefined },
  'default run, one region fails': {
    exitCode: 1,
    usable: ['eu-west-1', 'us-east-1'],
    // The poller reports the failure it saw; nothing else may warn.
    warnings: /^::warning::us-west-2: ami-\w+ failed after/,
  },
  // tag-snapshots: false: the snapshots still carry the provenance tags cleanup is allowed by.
  'one region fails, snapshots without user tags': {
    exitCode: 1,
    usable: ['eu-west-1', 'us-east-1'],
    warnings: /^::warning::us-west-2: ami-\w+ failed after/,
  },
  // A first run starts the copies (wait: false); a second, with other tags, adopts them while
  // pending: it tags them (and leaves its lease), waits, and takes its lease off at the end.
  'a rerun adopts pending copies and tags them': {
    exitCode: 0,
    usable: ['eu-west-1', 'us-east-1', 'us-west-2'],
    warnings: undefined,
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
  'ec2:DeleteTags': 'a rerun adopts pending copies and tags them',
};

async function runUnder(name: ScenarioName, policy: Policy): Promise<{ s: Scenario; run: ActionRun }> {
  const adopts = name === 'a rerun adopts pending copies and tags them';
  const s = await startScenario({
    targetRegions: ['eu-west-1', 'us-west-2'],
    model: { policy },
    ...(adopts ? { source: { sizeGiB: 150 } } : {}),
  });
  if (name.includes('one region fails')) s.model.faults.failCopies('us-west-2', KMS_REASON, 0.4);
  if (name === 'one region fails, snapshots without user tags') {
    return { s, run: await s.run({ inputs: s.inputs({ 'tag-snapshots': 'false' }) }) };
  }
  if (adopts) {
    const first = await s.run({ inputs: s.inputs({ wait: 'false' }) });
    if (first.exitCode !== 0) throw new Error(`the first run failed: ${first.errorMessage}`);
    return {
      s,
      run: await s.run({ inputs: s.inputs({ tags: 'release=v2' }), env: { GITHUB_RUN_ATTEMPT: '2' } }),
    };
  }
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
  if (name.includes('one region fails')) {
    const failed = imagesOutput(run).find((r) => r.region === 'us-west-2');
    if (failed?.disposition !== 'removed') found.push(`failed copy ${failed?.disposition ?? 'not reported'}`);
  }
  if (name === 'a rerun adopts pending copies and tags them') {
    for (const report of imagesOutput(run)) {
      if (!report.imageId || report.region === 'us-east-1') continue;
      const tags = s.model.tagsOf(report.imageId);
      if (tags.release !== 'v2') found.push(`${report.region}: the reused copy lacks release=v2`);
      const leases = Object.keys(tags).filter((key) => key.startsWith('ami-distribute:waiter:'));
      if (leases.length > 0)
        found.push(`${report.region}: lease tags left on the copy: ${leases.join(', ')}`);
    }
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

  it('without the TagAndUntagOwnCopies statement, a rerun cannot tag the copies it reuses, and says so', async () => {
    const { s, run } = await runUnder(
      'a rerun adopts pending copies and tags them',
      withoutStatement(POLICY, 'TagAndUntagOwnCopies'),
    );
    try {
      expect(denials(s)).toContain('ec2:CreateTags');
      expect(run.stdout).toMatch(
        /^::warning::eu-west-1: could not tag the reused copy ami-\w+: .*ec2:CreateTags/m,
      );
      expect(deviations('a rerun adopts pending copies and tags them', s, run)).not.toEqual([]);
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
