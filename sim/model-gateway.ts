/**
 * The production EC2 gateway over the simulator's model: `createSdkEc2Access` over EC2 clients
 * from the action's own factory (adaptive retries, 8 attempts), whose transport is the model
 * (`model-transport.ts`) instead of a socket. Fast tests and the benchmark thereby run the
 * action's pagination, request shapes, SDK retry policy and error classes, not a look-alike.
 *
 * The SDK sleeps between retries (and in its adaptive rate limiter) with the global
 * `setTimeout` and reads `Date.now()`; on a model with a virtual clock those are wall time.
 * The benchmark therefore runs on fake timers (see bench/fake-time.ts), where the model clock,
 * the waiter and the SDK share one timeline; a test on a virtual clock that provokes retries
 * either accepts their few real milliseconds to seconds or asks for `maxAttempts: 1`.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import {
  type ClientFactoryOptions,
  createEc2ClientFactory,
  createSsmClientFactory,
} from '../src/aws/client-factory.js';
import { createSdkEc2Access } from '../src/aws/ec2-gateway.js';
import { createSdkSsmAccess } from '../src/aws/ssm-gateway.js';
import type { AwsAccess, Ec2Access } from '../src/aws/types.js';
import type { SimModel } from './model/model.js';
import { modelRequestHandler } from './model-transport.js';

export interface ModelGatewayOptions {
  /** Credentials to call with (default: the model's default user); the secret comes from the model. */
  readonly accessKeyId?: string;
  /** Attempts per call including the first (default 8, as in production). */
  readonly maxAttempts?: number;
}

export function createModelGateway(model: SimModel, options: ModelGatewayOptions = {}): Ec2Access {
  return createSdkEc2Access(modelEc2Clients(model, options));
}

/** EC2 and SSM over the model: what a phase of the action connects to, in-process. */
export function createModelAccess(model: SimModel, options: ModelGatewayOptions = {}): AwsAccess {
  return {
    ec2: createModelGateway(model, options),
    ssm: createSdkSsmAccess(createSsmClientFactory(clientOptions(model, options))),
  };
}

/** The action's EC2 clients, one per region, talking to `model` in-process. */
export function modelEc2Clients(
  model: SimModel,
  options: ModelGatewayOptions = {},
): (region: string) => EC2Client {
  return createEc2ClientFactory(clientOptions(model, options));
}

function clientOptions(model: SimModel, options: ModelGatewayOptions): ClientFactoryOptions {
  const accessKeyId = options.accessKeyId ?? model.defaultCredentials.accessKeyId;
  return {
    credentials: async () => {
      const record = model.accounts.lookup(accessKeyId);
      if (!record) throw new Error(`the model knows no access key ${accessKeyId}`);
      return {
        accessKeyId,
        secretAccessKey: record.secretAccessKey,
        ...(record.sessionToken ? { sessionToken: record.sessionToken } : {}),
      };
    },
    userAgent: 'ami-distribute-sim',
    maxAttempts: options.maxAttempts,
    requestHandler: modelRequestHandler(model),
  };
}
