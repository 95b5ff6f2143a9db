/**
 * Parameter Store names: the checks PutParameter applies before anything is stored, and the
 * parameter ARN. The reserved-prefix answers follow what AWS has been seen to say: a path under
 * `/aws…` is refused as AccessDeniedException naming the name without its leading slash, any
 * other `aws…` / `ssm…` name as ValidationException.
 */
import { awsError } from './errors.js';

/** What the ARN of a parameter may hold in all (AWS: 1011 characters, the ARN prefix included). */
export const MAX_PARAMETER_ARN_LENGTH = 1011;
export const MAX_HIERARCHY_LEVELS = 15;

const SEGMENT = /^[a-zA-Z0-9_.-]+$/;

const SSM_PATH_MESSAGE =
  'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';

/** `arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>`. */
export function parameterArn(region: string, accountId: string, name: string): string {
  return `arn:aws:ssm:${region}:${accountId}:parameter/${name.replace(/^\//, '')}`;
}

/** The ARN AWS names when it refuses a read of a parameter that does not exist. */
export const accountWideSsmArn = (region: string, accountId: string) =>
  `arn:aws:ssm:${region}:${accountId}:*`;

/** A name as PutParameter accepts it (surrounding spaces removed), or the error AWS gives. */
export function checkNewParameterName(raw: string, region: string, accountId: string): string {
  const name = raw.trim();
  if (name.length === 0) {
    throw awsError(
      'ValidationException',
      "1 validation error detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  if (name.includes('/') && !name.startsWith('/')) {
    throw awsError('ValidationException', 'Parameter name must be a fully qualified name.');
  }
  const bare = name.replace(/^\//, '');
  const lower = bare.toLowerCase();
  const isPath = bare.includes('/');
  if (lower.startsWith('aws') && isPath) {
    throw awsError('AccessDeniedException', `No access to reserved parameter name: ${bare}.`);
  }
  if (lower.startsWith('aws') || lower.startsWith('ssm')) {
    throw awsError(
      'ValidationException',
      isPath
        ? SSM_PATH_MESSAGE
        : 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
    );
  }
  const segments = bare.split('/');
  if (!segments.every((segment) => SEGMENT.test(segment))) {
    throw awsError('ValidationException', SSM_PATH_MESSAGE);
  }
  if (segments.length > MAX_HIERARCHY_LEVELS) {
    throw awsError('HierarchyLevelLimitExceededException', 'A hierarchy can have a maximum of 15 levels.');
  }
  const arnLength = parameterArn(region, accountId, name).length;
  if (arnLength > MAX_PARAMETER_ARN_LENGTH) {
    throw awsError(
      'ValidationException',
      `Parameter name is too long: its ARN has ${arnLength} characters, the maximum is ${MAX_PARAMETER_ARN_LENGTH}.`,
    );
  }
  return name;
}

/** `name:3` -> name and version 3; labels are not modelled (a non-numeric selector is kept as text). */
export function splitSelector(reference: string): { name: string; selector: string | undefined } {
  const colon = reference.lastIndexOf(':');
  if (colon <= 0) return { name: reference, selector: undefined };
  return { name: reference.slice(0, colon), selector: reference.slice(colon + 1) };
}
