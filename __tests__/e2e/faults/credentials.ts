/**
 * Fault suite, part 5: credentials that expire mid-wait. With `role-to-assume` the action assumes
 * the role itself (GitHub OIDC + AssumeRoleWithWebIdentity, or role chaining with AssumeRole) and
 * renews the session before it expires, so the run outlives several sessions. Without it, an
 * exported session that expires ends the run with a message that says how to fix it.
 *
 * Sessions here last 900 model seconds (the shortest STS allows): 4.5 real seconds at scale 200,
 * renewed 1.1 s before they end. The real-time Expiration adapter (credentials-world.ts) tells
 * the action so, as AWS would.
 */
import { expect, it } from 'vitest';
import {
  exportedSession,
  reportExpirationsInRealTime,
  startOidcStub,
} from '../../support/credentials-world.js';
import { amiIdsOutput, expectInvariants, imagesOutput } from '../../support/invariants.js';
import { figures, logFigures, type Scenario, startScenario } from '../../support/scenario.js';
import { expectNoLeaks, issuedSecrets, maskedValues } from '../../support/secrets.js';

const ROLE = 'arn:aws:iam::123456789012:role/image-publisher';

/**
 * A run whose calls are spread over time, so that it needs several sessions: the copies to
 * us-west-2 and ap-southeast-2 start at once and are seen done at the first poll (15 s); the one
 * to eu-west-1 waits for copy capacity (retried after 20 s) and is polled 15 s after that.
 * Calls at about 0.5, 15, 20 and 35 s: usually four 4.5-second sessions (at least three, as the
 * first poll's jitter may bring two of them within one session), each expired before the next.
 */
async function spreadOutRun(): Promise<Scenario> {
  const s = await startScenario({ scale: 200, model: { copyQuota: { 'eu-west-1': 1 } } });
  s.model.seedForeignCopies('eu-west-1', 1, { completesAt: s.model.clock.now() + 1_500_000 });
  reportExpirationsInRealTime(s.model, s.scale);
  return s;
}

/** Sessions (access keys) the EC2 calls were signed with, in order of first use. */
function sessionsUsed(s: Scenario): string[] {
  const keys = s.model.log
    .find({ service: 'ec2' })
    .map((e) => e.accessKeyId ?? '')
    .filter((key) => key.startsWith('ASIA'));
  return [...new Set(keys)];
}

/** Each used session had expired (model time) before the run's last call: the run outlived it. */
function expectOutlivedSessions(s: Scenario, atLeast: number): void {
  const used = sessionsUsed(s);
  expect(used.length).toBeGreaterThanOrEqual(atLeast);
  const lastCall = s.model.log.all().at(-1)?.clockTime ?? 0;
  const expiredBeforeEnd = used.filter(
    (key) => (s.model.accounts.lookup(key)?.expiresAt ?? Infinity) < lastCall,
  );
  expect(expiredBeforeEnd.length).toBeGreaterThanOrEqual(atLeast - 1);
  // No call was ever refused for an expired session.
  expect(s.model.log.find({ errorCode: 'RequestExpired' })).toEqual([]);
  expect(s.model.log.find({ errorCode: 'ExpiredToken' })).toEqual([]);
}

/** Registers the scenarios (inside the suite's concurrent describe). */
export function expiringCredentials(): void {
  it('role-to-assume with GitHub OIDC: renews through AssumeRoleWithWebIdentity and survives several expiries', async () => {
    const s = await spreadOutRun();
    const oidc = await startOidcStub();
    try {
      const run = await s.run({
        inputs: s.inputs({ 'role-to-assume': ROLE, 'role-duration-seconds': '900' }),
        env: {
          ...oidc.env,
          // No ambient credentials at all: the OIDC token is the only way in.
          AWS_ACCESS_KEY_ID: '',
          AWS_SECRET_ACCESS_KEY: '',
        },
      });
      const f = figures(s.model);
      logFigures('OIDC role, 4.5 s sessions', run, f);

      expect(run.exitCode).toBe(0);
      expect(run.errorMessage).toBeUndefined();
      expect(Object.keys(amiIdsOutput(run))).toHaveLength(4);
      const assumed = s.model.log.find({ action: 'AssumeRoleWithWebIdentity', outcome: 'ok' });
      expect(assumed.length).toBeGreaterThanOrEqual(3);
      expect(f.byAction.AssumeRole).toBeUndefined();
      // Each renewal minted a fresh GitHub token, and STS saw exactly those.
      expect(oidc.issued.length).toBe(assumed.length);
      expect(oidc.refused).toBe(0);
      expect(s.model.accounts.webIdentityTokens.map((t) => t.token)).toEqual(oidc.issued);
      expect(new Set(s.model.accounts.webIdentityTokens.map((t) => t.roleArn))).toEqual(new Set([ROLE]));
      expectOutlivedSessions(s, 3);
      // Every issued secret key and session token (and each OIDC token) was masked.
      const masked = maskedValues(run);
      for (const secret of issuedSecrets(s.model)) expect(masked).toContain(secret.value);
      for (const token of oidc.issued) expect(masked).toContain(token);
      expectInvariants(s.model, s.mark, { copiesIn: s.targetRegions, runs: [run] });
      expectNoLeaks(run, s.model);
    } finally {
      await Promise.all([s.close(), oidc.close()]);
    }
  });

  it('role-to-assume without OIDC: chains from the ambient credentials with AssumeRole and survives several expiries', async () => {
    const s = await spreadOutRun();
    try {
      const run = await s.run({
        inputs: s.inputs({ 'role-to-assume': ROLE, 'role-duration-seconds': '900' }),
      });
      const f = figures(s.model);
      logFigures('chained role, 4.5 s sessions', run, f);

      expect(run.exitCode).toBe(0);
      const assumed = s.model.log.find({ action: 'AssumeRole', outcome: 'ok' });
      expect(assumed.length).toBeGreaterThanOrEqual(3);
      // Signed with the ambient (IAM user) key; the EC2 calls with the role's sessions only.
      expect(new Set(assumed.map((e) => e.accessKeyId))).toEqual(
        new Set([s.model.defaultCredentials.accessKeyId]),
      );
      expect(s.model.log.find({ service: 'ec2' }).every((e) => e.accessKeyId?.startsWith('ASIA'))).toBe(true);
      expect(f.byAction.AssumeRoleWithWebIdentity).toBeUndefined();
      expectOutlivedSessions(s, 3);
      const masked = maskedValues(run);
      for (const secret of issuedSecrets(s.model)) expect(masked).toContain(secret.value);
      expectInvariants(s.model, s.mark, { copiesIn: s.targetRegions, runs: [run] });
      expectNoLeaks(run, s.model);
    } finally {
      await s.close();
    }
  });

  it('without role-to-assume an exported session that expires ends the run, explains the fix, and keeps the copies', async () => {
    // 100 GiB copies take about 2,600 s: the session ends mid-wait with 6 real seconds for the
    // bundle to start and copy, ample on a loaded machine (900 s left too little: 3 s).
    const s = await startScenario({ source: { sizeGiB: 100 } });
    try {
      // What configure-aws-credentials would export: a 30-minute session (6 real seconds at scale 300).
      const run = await s.run({ env: exportedSession(s.model, ROLE, 1800).env });
      const f = figures(s.model);
      logFigures('exported session expires', run, f);

      expect(run.exitCode).toBe(1);
      const message = run.errorMessage ?? '';
      expect(message).toContain('RequestExpired');
      expect(message).toContain('Set `role-to-assume` (and `permissions: id-token: write`)');
      expect(message).toContain('it may still be copying; a rerun picks it up');
      for (const region of s.targetRegions) expect(message).toContain(`${region}: failed`);
      // Nothing was deregistered: the copies are healthy, only the run lost its credentials.
      expect(f.byAction.DeregisterImage).toBeUndefined();
      const reports = imagesOutput(run);
      expect(reports.map((r) => r.disposition)).toEqual(['kept', 'kept', 'kept']);
      // They complete in AWS meanwhile: keeping them was right.
      const done = () => reports.every((r) => s.model.imageState(r.region, r.imageId ?? '') === 'available');
      for (let waited = 0; !done() && waited < 20_000; waited += 100)
        await new Promise((r) => setTimeout(r, 100));
      for (const report of reports)
        expect(s.model.imageState(report.region, report.imageId ?? '')).toBe('available');
      expect(run.summary).toContain('copy kept (may still be running in AWS)');
      expectInvariants(s.model, s.mark, { copiesIn: s.targetRegions, runs: [run] });
      expectNoLeaks(run, s.model);
    } finally {
      await s.close();
    }
  });
}
