/** Links for the job summary: an image's page in the EC2 console of its region (and partition), and the workflow run. Pure. */
import { partitionOf } from '../rules/regions.js';

const CONSOLE_HOST: Readonly<Record<string, string>> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

const IMAGE_ID = /^ami-[0-9a-f]{8,17}$/;

/** The console URL of the image, or undefined where there is no public console to link (ISO partitions) or the id is odd. */
export function imageConsoleUrl(region: string, imageId: string): string | undefined {
  const partition = partitionOf(region);
  const host = partition === undefined ? undefined : CONSOLE_HOST[partition];
  if (!host || !IMAGE_ID.test(imageId)) return undefined;
  const prefix = partition === 'aws' ? `${region}.` : '';
  return `https://${prefix}${host}/ec2/home?region=${region}#ImageDetails:imageId=${imageId}`;
}

/**
 * The workflow run's page, from the runner's GITHUB_SERVER_URL, GITHUB_REPOSITORY and
 * GITHUB_RUN_ID; undefined unless all three have the form the runner gives them.
 */
export function runUrl(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const server = env.GITHUB_SERVER_URL;
  const repository = env.GITHUB_REPOSITORY;
  const runId = env.GITHUB_RUN_ID;
  if (!server || !/^https:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(server)) return undefined;
  if (!repository || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) return undefined;
  if (!runId || !/^\d+$/.test(runId)) return undefined;
  return `${server}/${repository}/actions/runs/${runId}`;
}
