/**
 * Credentials never reach the log, the outputs, the summary or the saved state, even with debug
 * logging on and errors flying; every credential the action obtains itself (assumed-role secret
 * keys and session tokens, GitHub OIDC tokens) is masked with core.setSecret.
 * (Every fault scenario also scans its own runs with expectNoLeaks.)
 */
import { describe, expect, it } from 'vitest';
import { exportedSession, reportExpirationsInRealTime, startOidcStub } from '../support/credentials-world.js';
import type { ActionRun } from '../support/run-action.js';
import { startScenario } from '../support/scenario.js';
import {
  issuedAccessKeyIds,
  issuedSecrets,
  leaks,
  maskedValues,
  type Secret,
  simulatorSecrets,
} from '../support/secrets.js';

const ROLE = 'arn:aws:iam::123456789012:role/image-publisher';
const DEBUG = { RUNNER_DEBUG: '1', ACTIONS_STEP_DEBUG: 'true' };

/** The run told the runner to mask the value (`::add-mask::`), so no later log line can show it. */
function expectMasked(run: ActionRun, secret: Secret): void {
  expect(maskedValues(run).has(secret.value), `${secret.kind} from ${secret.source} is masked`).toBe(true);
}

describe.concurrent('secrets', () => {
  it('OIDC role, debug on, a failing region: no secret or token leaks; every issued one is masked', async () => {
    const s = await startScenario();
    const oidc = await startOidcStub();
    try {
      reportExpirationsInRealTime(s.model, s.scale);
      s.model.faults.failCopies('us-west-2');
      const run = await s.run({
        inputs: s.inputs({ 'role-to-assume': ROLE, 'role-duration-seconds': '900' }),
        env: { ...oidc.env, ...DEBUG },
      });
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toContain('::debug::');
      const tokens: Secret[] = oidc.issued.map((value) => ({
        kind: 'session token',
        value,
        source: 'GitHub OIDC',
      }));
      expect(leaks(run, [...simulatorSecrets(s.model), ...tokens])).toEqual([]);
      const issued = issuedSecrets(s.model);
      expect(issued.length).toBeGreaterThanOrEqual(4);
      for (const secret of [...issued, ...tokens]) expectMasked(run, secret);
      // The access key id of every issued session is masked like its secret.
      const keyIds = issuedAccessKeyIds(s.model);
      expect(keyIds.length).toBeGreaterThanOrEqual(2);
      for (const keyId of keyIds) expect(maskedValues(run).has(keyId), keyId).toBe(true);
    } finally {
      await Promise.all([s.close(), oidc.close()]);
    }
  });

  it('role chaining, debug on, copies deregistered at the timeout: nothing leaks, issued sessions are masked', async () => {
    const s = await startScenario({ source: { sizeGiB: 200 } });
    try {
      reportExpirationsInRealTime(s.model, s.scale);
      const run = await s.run({
        inputs: s.inputs({ 'role-to-assume': ROLE, timeout: '6s', 'on-timeout': 'deregister' }),
        env: DEBUG,
      });
      expect(run.exitCode).toBe(1);
      expect(leaks(run, simulatorSecrets(s.model))).toEqual([]);
      for (const secret of issuedSecrets(s.model)) expectMasked(run, secret);
      // The ambient key is not the action's to mask (configure-aws-credentials does), but it never shows.
      expect(run.stdout).not.toContain(s.model.defaultCredentials.secretAccessKey);
    } finally {
      await s.close();
    }
  });

  it('an exported session that expires, debug on: the error names the problem, never the token', async () => {
    const s = await startScenario();
    try {
      const exported = exportedSession(s.model, ROLE);
      const { session } = exported;
      const run = await s.run({ env: { ...DEBUG, ...exported.env } });
      expect(run.exitCode).toBe(1);
      expect(run.errorMessage).toContain('RequestExpired');
      expect(leaks(run, simulatorSecrets(s.model))).toEqual([]);
      // The scan itself works: it finds a secret planted in a copy of the run.
      const planted = { ...run, summary: `${run.summary}\n${session.sessionToken}` };
      expect(leaks(planted, simulatorSecrets(s.model))).toEqual(['session token (AssumeRole) in summary']);
    } finally {
      await s.close();
    }
  });
});
