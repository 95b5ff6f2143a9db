import type { RoleConfig } from './config.js';
import type { InputProblem } from './problems.js';
import { quote } from './problems.js';

/** `arn:<partition>:iam::<account>:role/<optional path/><name>` */
const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/((?:[\x21-\x7e]+\/)*)([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
export const MIN_ROLE_DURATION_SECONDS = 900;
export const MAX_ROLE_DURATION_SECONDS = 43_200;

export interface RoleInputs {
  readonly arn: string;
  readonly sessionName: string;
  readonly durationSeconds: string;
}

/**
 * role-to-assume, role-session-name and role-duration-seconds. The session name and
 * duration are checked even without a role, so a typo never waits for the day a role is set.
 */
export function parseRoleInputs(
  inputs: RoleInputs,
  sourcePartition: string | undefined,
): { readonly role: RoleConfig | undefined; readonly problems: readonly InputProblem[] } {
  const problems: InputProblem[] = [];
  const arnProblem = inputs.arn === '' ? undefined : checkRoleArn(inputs.arn, sourcePartition);
  if (arnProblem !== undefined)
    problems.push({ input: 'role-to-assume', value: inputs.arn, message: arnProblem });
  if (!SESSION_NAME.test(inputs.sessionName)) {
    problems.push({
      input: 'role-session-name',
      value: inputs.sessionName,
      message: `${quote(inputs.sessionName)} is not a session name: use 2 to 64 letters, digits or + = , . @ _ -`,
    });
  }
  const duration = parseDurationSeconds(inputs.durationSeconds);
  if (typeof duration === 'string') {
    problems.push({ input: 'role-duration-seconds', value: inputs.durationSeconds, message: duration });
  }
  if (problems.length > 0 || inputs.arn === '' || typeof duration === 'string')
    return { role: undefined, problems };
  return { role: { arn: inputs.arn, sessionName: inputs.sessionName, durationSeconds: duration }, problems };
}

function checkRoleArn(arn: string, sourcePartition: string | undefined): string | undefined {
  const match = ROLE_ARN.exec(arn);
  if (match === null) {
    return `${quote(arn)} is not an IAM role ARN: write arn:aws:iam::<12-digit account>:role/<name>, e.g. arn:aws:iam::123456789012:role/ami-copier`;
  }
  const partition = match[1];
  if (sourcePartition !== undefined && partition !== sourcePartition) {
    return `${quote(arn)} is a role in the partition ${partition}, but the images are in ${sourcePartition}: use a role of that partition`;
  }
  return undefined;
}

/** A whole number of seconds in range, or the problem text. Strict: no `1e4`, `0x384`, `900.0`. */
function parseDurationSeconds(text: string): number | string {
  const range = `${MIN_ROLE_DURATION_SECONDS} to ${MAX_ROLE_DURATION_SECONDS}`;
  if (!/^\d+$/.test(text)) {
    return `${quote(text)} is not a whole number of seconds: give ${range}, e.g. 3600`;
  }
  const seconds = Number(text);
  if (
    !Number.isSafeInteger(seconds) ||
    seconds < MIN_ROLE_DURATION_SECONDS ||
    seconds > MAX_ROLE_DURATION_SECONDS
  ) {
    return `${quote(text)} is out of range: give ${range} seconds (15 minutes to 12 hours)`;
  }
  return seconds;
}
