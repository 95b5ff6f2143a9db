/** The environment a client (AWS CLI, SDK, the action) needs to talk to a running simulator. */
import type { CredentialRecord } from './model/accounts.js';

export function clientEnvironment(
  url: string,
  credentials: CredentialRecord,
  region = 'us-east-1',
): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_EC2: url,
    AWS_ENDPOINT_URL_STS: url,
    AWS_ENDPOINT_URL_SSM: url,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { AWS_SESSION_TOKEN: credentials.sessionToken } : {}),
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
