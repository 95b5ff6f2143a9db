/**
 * Credentials must never reach the log, the outputs, the summary or the saved state. The only
 * place a secret may appear is the `::add-mask::` command that tells the runner to mask it.
 */
import { expect } from 'vitest';
import type { SimModel } from '../../sim/index.js';
import type { ActionRun } from './run-action.js';

export interface Secret {
  readonly kind: 'secret key' | 'session token';
  readonly value: string;
  /** Who holds it: the IAM user, or the STS call that issued it. */
  readonly source: string;
}

/** Every secret the simulator knows: the IAM users' keys and every STS-issued session. */
export function simulatorSecrets(model: SimModel): Secret[] {
  return model.accounts
    .allCredentials()
    .flatMap((record) => [
      { kind: 'secret key' as const, value: record.secretAccessKey, source: record.source },
      ...(record.sessionToken
        ? [{ kind: 'session token' as const, value: record.sessionToken, source: record.source }]
        : []),
    ]);
}

/** The access key ids STS issued during the scenario (masked too, like their secrets). */
export function issuedAccessKeyIds(model: SimModel): string[] {
  return model.accounts
    .allCredentials()
    .filter((record) => record.source !== 'iam-user')
    .map((record) => record.accessKeyId);
}

/** The secrets issued by STS during the scenario (assumed-role sessions). */
export function issuedSecrets(model: SimModel): Secret[] {
  return simulatorSecrets(model).filter((s) => s.source !== 'iam-user');
}

/** The lines that must not hold a secret: all of stdout except the mask commands, and the rest. */
function exposedText(run: ActionRun): Record<string, string> {
  return {
    stdout: run.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n'),
    stderr: run.stderr,
    outputs: JSON.stringify(run.outputs),
    summary: run.summary,
    state: JSON.stringify(run.state),
  };
}

/** Where each secret leaked, as `kind (source) in channel`; empty when nothing leaked. */
export function leaks(run: ActionRun, secrets: readonly Secret[]): string[] {
  const found: string[] = [];
  for (const [channel, text] of Object.entries(exposedText(run))) {
    for (const secret of secrets) {
      if (secret.value.length >= 8 && text.includes(secret.value)) {
        found.push(`${secret.kind} (${secret.source}) in ${channel}`);
      }
    }
  }
  return found;
}

export function expectNoLeaks(run: ActionRun, model: SimModel): void {
  expect(leaks(run, simulatorSecrets(model))).toEqual([]);
}

/** The values the run asked the runner to mask. */
export function maskedValues(run: ActionRun): Set<string> {
  return new Set(
    run.stdout
      .split('\n')
      .filter((line) => line.startsWith('::add-mask::'))
      .map((line) => line.slice('::add-mask::'.length).trim()),
  );
}
