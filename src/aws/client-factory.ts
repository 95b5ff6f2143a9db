import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { perRegion } from './per-region.js';

export interface ClientFactoryOptions {
  /** Undefined: the SDK's default chain (what configure-aws-credentials exports). */
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider | undefined;
  /** Appended to the SDK's user agent, e.g. `ami-distribute/0.1.0`. */
  readonly userAgent: string;
  /** Attempts per call including the first; the SDK retries throttling, 5xx and network errors only. */
  readonly maxAttempts?: number;
  /**
   * What carries the signed HTTP requests; default: the SDK's Node HTTP handler (10 s to
   * connect, 60 s per request). The simulator passes its in-process transport here, so fast
   * tests and the benchmark run these very clients, retry policy included.
   */
  readonly requestHandler?: EC2ClientConfig['requestHandler'];
}

/**
 * One EC2 client per region, created on first use. Retry mode `adaptive`: besides backoff
 * with jitter, the client rate-limits itself once it sees throttling, so a throttled account
 * is not stormed. Endpoint resolution is left to the SDK, so `AWS_ENDPOINT_URL_EC2` and
 * `AWS_ENDPOINT_URL` work as documented.
 */
export function createEc2ClientFactory(options: ClientFactoryOptions): (region: string) => EC2Client {
  return perRegion((region) => new EC2Client(clientConfig(region, options)));
}

/** One SSM client per region, configured as the EC2 clients are (credentials, retries, transport). */
export function createSsmClientFactory(options: ClientFactoryOptions): (region: string) => SSMClient {
  return perRegion((region) => new SSMClient(clientConfig(region, options)));
}

function clientConfig(region: string, options: ClientFactoryOptions) {
  return {
    region,
    credentials: options.credentials,
    retryMode: 'adaptive',
    maxAttempts: options.maxAttempts ?? 8,
    customUserAgent: options.userAgent,
    requestHandler: options.requestHandler ?? { connectionTimeout: 10_000, requestTimeout: 60_000 },
  } satisfies EC2ClientConfig;
}
