import type { AwsCredentialIdentity } from '@smithy/types';
import type { RoleConfig } from '../config/config.js';
import type { Logger } from '../logger.js';
import { ACTION_VERSION } from '../version.js';
import { createEc2ClientFactory, createSsmClientFactory } from './client-factory.js';
import { roleCredentials } from './credentials.js';
import { createSdkEc2Access } from './ec2-gateway.js';
import { createSdkSsmAccess } from './ssm-gateway.js';
import type { AwsAccess } from './types.js';

export interface ConnectOptions {
  /** Assume this role (refreshable credentials); undefined: the SDK's default chain. */
  readonly role: RoleConfig | undefined;
  readonly sourceRegion: string;
  readonly getIdToken: (() => Promise<string>) | undefined;
  readonly onCredentials: (credentials: AwsCredentialIdentity) => void;
  readonly logger: Logger;
}

/** EC2 and SSM in every region, with one credential source shared by all regional clients. */
export function connectAws(options: ConnectOptions): AwsAccess {
  const credentials = options.role
    ? roleCredentials({
        role: options.role,
        region: options.sourceRegion,
        getIdToken: options.getIdToken,
        onCredentials: options.onCredentials,
        logger: options.logger,
      })
    : undefined;
  const factory = { credentials, userAgent: `ami-distribute/${ACTION_VERSION}` };
  return {
    ec2: createSdkEc2Access(createEc2ClientFactory(factory)),
    ssm: createSdkSsmAccess(createSsmClientFactory(factory)),
  };
}
