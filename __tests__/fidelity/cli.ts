/**
 * The AWS CLIs the fidelity suites drive against the simulator: the Debian package's CLI v2
 * (botocore's serializers, parsers, signer and waiters, as .ci/run installs it), and for the
 * EC2 actions that CLI predates, a newer CLI found on the machine (the pip AWS CLI v1, whose
 * botocore knows deregistration protection, block public access and time-based copies).
 */
import { execFile, execFileSync } from 'node:child_process';

/** The Debian package's CLI v2 (the `aws` first on PATH may be another one); overridable for checks. */
export const AWS_CLI_V2 = process.env.AWS_CLI_V2 ?? '/usr/bin/aws';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const quietEnv = { ...process.env, AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null' };

export function cliVersion(cli: string): string | undefined {
  try {
    return execFileSync(cli, ['--version'], { encoding: 'utf8', env: quietEnv, stdio: 'pipe' }).trim();
  } catch {
    return undefined;
  }
}

/** Whether `cli`'s EC2 model has `command` (and, if given, `member` in its input). */
function knows(cli: string, command: string, member?: string): boolean {
  try {
    const skeleton = execFileSync(cli, ['ec2', command, '--generate-cli-skeleton'], {
      encoding: 'utf8',
      env: quietEnv,
      stdio: 'pipe',
    });
    return member === undefined || skeleton.includes(`"${member}"`);
  } catch {
    return false;
  }
}

/**
 * A CLI whose EC2 model has the post-copy actions: `AWS_CLI_RECENT`, else the CLI v2 if it is new
 * enough, else the `aws` first on PATH.
 */
export function findRecentCli(): string | undefined {
  const candidates = [process.env.AWS_CLI_RECENT, AWS_CLI_V2, 'aws'].filter((c): c is string => !!c);
  return candidates.find(
    (cli) =>
      knows(cli, 'get-image-block-public-access-state') &&
      knows(cli, 'enable-image-deregistration-protection') &&
      knows(cli, 'copy-image', 'SnapshotCopyCompletionDurationMinutes'),
  );
}

export interface CliTarget {
  readonly url: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** Runs `cli` against the simulator with nothing from the machine's AWS configuration. */
export function runCli(
  cli: string,
  target: CliTarget,
  region: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      cli,
      ['--endpoint-url', target.url, '--region', region, '--output', 'json', ...args],
      {
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? '/tmp',
          AWS_ACCESS_KEY_ID: target.accessKeyId,
          AWS_SECRET_ACCESS_KEY: target.secretAccessKey,
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_PAGER: '',
          ...env,
        },
        timeout: 45_000,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: stdout.trim(), stderr: stderr.trim() });
      },
    );
  });
}
