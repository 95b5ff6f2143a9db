import { accept, type Checked, quote, reject } from '../config/problems.js';

/** `ami-` and 8 (older) or 17 lowercase hex digits. */
const AMI_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

export function isAmiId(text: string): boolean {
  return AMI_ID.test(text);
}

export function parseAmiId(text: string): Checked<string> {
  const shown = quote(text);
  if (AMI_ID.test(text)) return accept(text);
  if (AMI_ID.test(text.toLowerCase())) {
    return reject(`${shown} has capital letters: AMI ids are lowercase, write ${text.toLowerCase()}`);
  }
  if (text.startsWith('arn:')) {
    return reject(`${shown} is an ARN: give the image id (ami-…), or region:ami-… to name its region`);
  }
  const digits = /^ami-([0-9a-fA-F]*)$/.exec(text);
  if (digits !== null) {
    return reject(
      `${shown} has ${digits[1]?.length ?? 0} hex digits after "ami-"; an AMI id has 8 or 17, e.g. ami-0123456789abcdef0`,
    );
  }
  return reject(
    `${shown} is not an AMI id: write ami- followed by 8 or 17 hex digits, e.g. ami-0123456789abcdef0`,
  );
}
