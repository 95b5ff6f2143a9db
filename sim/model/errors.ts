/**
 * An AWS API error as the simulator raises it: the code AWS uses, the HTTP status it comes
 * with, and a message in AWS's words. `sim/http/answer.ts` renders it as AWS's error document,
 * which the SDK (over HTTP or the in-process transport) turns into its own error class.
 */
export class SimAwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export const awsError = (code: string, message: string, status = 400): SimAwsError =>
  new SimAwsError(code, message, status);

export function isSimAwsError(value: unknown): value is SimAwsError {
  return value instanceof SimAwsError;
}
