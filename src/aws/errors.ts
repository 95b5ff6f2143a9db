/** Reading AWS SDK errors without depending on their classes. */

interface SdkErrorShape {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly Code?: unknown;
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown; readonly attempts?: unknown };
}

/** AWS's error code (`InvalidAMIID.NotFound`, `RequestLimitExceeded`, …), or the error's name. */
export function awsErrorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'Unknown';
  const e = error as SdkErrorShape;
  for (const candidate of [e.Code, e.code, e.name]) {
    if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error') return candidate;
  }
  return 'Unknown';
}

export function awsErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const message = (error as SdkErrorShape).message;
    if (typeof message === 'string') return message;
  }
  return String(error);
}

/** The attempts the SDK made for an answer or an error (its `$metadata.attempts`); 1 when it does not say. */
export function sdkAttempts(answerOrError: unknown): number {
  if (typeof answerOrError !== 'object' || answerOrError === null) return 1;
  const attempts = (answerOrError as SdkErrorShape).$metadata?.attempts;
  return typeof attempts === 'number' && attempts >= 1 ? attempts : 1;
}

export function httpStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as SdkErrorShape).$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

const THROTTLING_CODES = new Set([
  'RequestLimitExceeded',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
]);

export function isThrottlingError(error: unknown): boolean {
  return THROTTLING_CODES.has(awsErrorCode(error)) || httpStatus(error) === 429;
}

const CREDENTIAL_CODES = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'InvalidClientTokenId',
  'AuthFailure',
  'UnrecognizedClientException',
  'CredentialsProviderError',
]);

/** Credentials are missing, wrong or expired: retrying with the same ones will not help. */
export function isCredentialError(error: unknown): boolean {
  return CREDENTIAL_CODES.has(awsErrorCode(error));
}

/** Worth another try later: throttling, 5xx, or a network failure. */
export function isTransientError(error: unknown): boolean {
  if (isThrottlingError(error)) return true;
  const status = httpStatus(error);
  if (status !== undefined && status >= 500) return true;
  const code = awsErrorCode(error);
  return [
    'InternalError',
    'InternalFailure',
    'ServiceUnavailable',
    'Unavailable',
    'ECONNRESET',
    'ECONNREFUSED',
    'EPIPE',
    'ETIMEDOUT',
    'TimeoutError',
    'RequestTimeout',
    'RequestTimeoutException',
  ].includes(code);
}

/** "Code: message" for logs and reasons. */
export function describeAwsError(error: unknown): string {
  const code = awsErrorCode(error);
  const message = awsErrorMessage(error);
  return message.startsWith(code) ? message : `${code}: ${message}`;
}
