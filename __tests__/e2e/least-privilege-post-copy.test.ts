/**
 * Least privilege for the post-copy steps: docs/iam-policy.json plus
 * docs/iam-policy-post-copy.json (share, protect, deprecate) and docs/iam-policy-publish.json
 * (SSM parameters, launch templates) is exactly enough (the simulator denies anything else),
 * and every action those files allow is needed: without it, the run that uses it fails.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { Policy } from '../../sim/index.js';
import { amiIdsOutput, entries } from '../support/invariants.js';
import { startScenario } from '../support/scenario.js';

vi.setConfig({ maxConcurrency: 12 });

const docs = (file: string) =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../../docs', file), 'utf8')) as Policy;
const BASE = docs('iam-policy.json');
const POST_COPY: Policy = {
  Statement: [...docs('iam-policy-post-copy.json').Statement, ...docs('iam-policy-publish.json').Statement],
};

type Scenario =
  | 'share, protect, deprecate'
  | 'share encrypted copies'
  | 'launch templates'
  | 'publish to Parameter Store';

const INPUTS: Record<Scenario, Record<string, string>> = {
  'share, protect, deprecate': {
    'share-accounts': '111122223333',
    'share-public': 'true',
    'share-snapshots': 'true',
    'deregistration-protection': 'true',
    'deprecate-after': '365d',
  },
  // No key named and copies encrypted: preflight asks which key the region encrypts with.
  'share encrypted copies': {
    'share-accounts': '111122223333',
    encrypted: 'true',
    'include-source': 'false',
  },
  'launch templates': {
    'launch-templates': 'web',
    'launch-template-default': 'true',
    'include-source': 'false',
  },
  'publish to Parameter Store': { 'ssm-parameter': '/images/web/latest', 'include-source': 'false' },
};

const NEEDED_BY: Record<string, Scenario> = {
  'ec2:DescribeImageAttribute': 'share, protect, deprecate',
  'ec2:ModifyImageAttribute': 'share, protect, deprecate',
  'ec2:ModifySnapshotAttribute': 'share, protect, deprecate',
  'ec2:GetImageBlockPublicAccessState': 'share, protect, deprecate',
  'ec2:EnableImageDeregistrationProtection': 'share, protect, deprecate',
  'ec2:EnableImageDeprecation': 'share, protect, deprecate',
  'ec2:GetEbsDefaultKmsKeyId': 'share encrypted copies',
  'ec2:DescribeLaunchTemplates': 'launch templates',
  'ec2:DescribeLaunchTemplateVersions': 'launch templates',
  'ec2:CreateLaunchTemplateVersion': 'launch templates',
  'ec2:ModifyLaunchTemplate': 'launch templates',
  'ssm:GetParameter': 'publish to Parameter Store',
  'ssm:PutParameter': 'publish to Parameter Store',
  'ssm:AddTagsToResource': 'publish to Parameter Store',
};

function allowed(policy: Policy): string[] {
  return [
    ...new Set(
      policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) =>
        typeof s.Action === 'string' ? [s.Action] : [...s.Action],
      ),
    ),
  ];
}

function without(policy: Policy, action: string): Policy {
  return {
    Statement: policy.Statement.map((s) => ({
      ...s,
      Action: (typeof s.Action === 'string' ? [s.Action] : s.Action).filter((a) => a !== action),
    })).filter((s) => s.Action.length > 0),
  };
}

async function runUnder(name: Scenario, postCopy: Policy) {
  const s = await startScenario({
    targetRegions: ['eu-west-1'],
    model: {
      policy: { Statement: [...BASE.Statement, ...postCopy.Statement] },
      imageBlockPublicAccess: 'unblocked',
    },
  });
  // The account encrypts with a customer-managed key by default, which may be shared.
  const key = s.model.createKmsKey('eu-west-1', { aliases: ['alias/shared-default'] });
  s.model.setEbsDefaultKmsKey('eu-west-1', key.arn);
  s.model.seedLaunchTemplate({ region: 'eu-west-1', name: 'web', imageId: 'ami-0fedcba9876543210' });
  const run = await s.run({ inputs: s.inputs(INPUTS[name]) });
  const denied = s.model.log
    .all()
    .filter((e) => e.errorCode === 'UnauthorizedOperation' || e.errorCode === 'AccessDeniedException')
    .map((e) => `${e.service}:${e.action}`);
  return { s, run, denied };
}

describe.concurrent('least privilege: docs/iam-policy-post-copy.json', () => {
  it('names a proving scenario for every action it allows, and allows nothing else', () => {
    expect(allowed(POST_COPY).sort()).toEqual(Object.keys(NEEDED_BY).sort());
  });

  it.for(Object.keys(INPUTS) as Scenario[])('%s runs clean under both policies', async (name) => {
    const { s, run, denied } = await runUnder(name, POST_COPY);
    try {
      expect(denied).toEqual([]);
      expect(run.errorMessage).toBeUndefined();
      expect(run.exitCode).toBe(0);
      expect(Object.keys(amiIdsOutput(run))).toContain('eu-west-1');
      for (const entry of entries(run)) {
        const step =
          name === 'launch templates'
            ? entry.launchTemplates
            : name === 'publish to Parameter Store'
              ? entry.ssm
              : entry.share;
        expect(step?.status, entry.region).toBe('applied');
      }
    } finally {
      await s.close();
    }
  });

  it.for(Object.entries(NEEDED_BY))('without %s, "%s" fails', async ([action, name]) => {
    const { s, run, denied } = await runUnder(name, without(POST_COPY, action));
    try {
      // Tagging at creation is refused as the PutParameter call; the message names the permission.
      expect(denied, run.errorMessage).toContain(
        action === 'ssm:AddTagsToResource' ? 'ssm:PutParameter' : action,
      );
      expect(run.exitCode).toBe(1);
      expect(run.errorMessage).toContain(action);
    } finally {
      await s.close();
    }
  });
});
