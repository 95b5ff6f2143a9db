/** A real SDK client on a test's simulator: a second view of what the action left in "AWS". */
import { EC2Client } from '@aws-sdk/client-ec2';
import type { World } from './sim-world.js';

export function ec2ClientOf(world: World, region: string): EC2Client {
  return new EC2Client({
    region,
    endpoint: world.sim.url,
    credentials: {
      accessKeyId: world.sim.model.defaultCredentials.accessKeyId,
      secretAccessKey: world.sim.model.defaultCredentials.secretAccessKey,
    },
    maxAttempts: 1,
  });
}
