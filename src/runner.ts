import * as core from '@actions/core';
import type { AwsCredentialIdentity } from '@smithy/types';
import { connectAws } from './aws/connect.js';
import type { AwsAccess } from './aws/types.js';
import { systemClock } from './clock.js';
import type { Config } from './config/config.js';
import { gitHubConnector } from './github/connect.js';
import { type Logger, logLine } from './logger.js';
import type { PhaseDeps } from './main.js';
import type { RunnerIo } from './runner-io.js';
import { waitForImages } from './waiter/index.js';
import { readWorkspaceFile, writeWorkspaceFile } from './workspace-files.js';

/**
 * The run log, through @actions/core. `core.info` writes its text to stdout as it is, so it gets
 * one line (`logLine`); `core.warning`, `core.debug` and group titles are workflow commands whose
 * data @actions/core already escapes (`%0A` for a line break).
 */
export const runnerLogger: Logger = {
  info: (message) => core.info(logLine(message)),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(message),
  group: (title, fn) => core.group(title, fn),
};

/** Keeps assumed credentials out of the log, whatever prints them: the key id too, like the secret. */
export function maskCredentials(credentials: AwsCredentialIdentity): void {
  core.setSecret(credentials.accessKeyId);
  core.setSecret(credentials.secretAccessKey);
  if (credentials.sessionToken) core.setSecret(credentials.sessionToken);
}

/** A GitHub OIDC token minter for STS, when the job may mint one (`permissions: id-token: write`). */
export function githubIdTokenSource(env: NodeJS.ProcessEnv): (() => Promise<string>) | undefined {
  if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) return undefined;
  return () => core.getIDToken('sts.amazonaws.com');
}

/** What both phases of the action run on under the runner (the bundle and local-action): real AWS, GitHub, time. */
export function runnerDeps(): PhaseDeps {
  return {
    connect: connectFromRunner,
    clock: systemClock,
    waitForImages,
    connectGitHub: gitHubConnector(systemClock),
  };
}

/** EC2 for a phase of the action: the configured role (or the default chain), masked, logged. */
export function connectFromRunner(config: Config): AwsAccess {
  return connectAws({
    role: config.role,
    sourceRegion: config.sourceRegion,
    getIdToken: githubIdTokenSource(process.env),
    onCredentials: maskCredentials,
    logger: runnerLogger,
  });
}

/** The GitHub runner as the front end sees it: @actions/core and this process. */
export function githubRunner(): RunnerIo {
  return {
    getInput: (name) => core.getInput(name),
    env: process.env,
    setOutput: (name, value) => core.setOutput(name, value),
    getState: (key) => core.getState(key),
    saveState: (key, value) => core.saveState(key, value),
    writeSummary: async (markdown) => {
      try {
        await core.summary.addRaw(markdown).write();
      } catch (error) {
        core.summary.emptyBuffer();
        throw error;
      }
    },
    setFailed: (message) => core.setFailed(message),
    annotate: (message, title) => core.error(message, { title }),
    logger: runnerLogger,
    onCancelSignal: (listener) => {
      process.on('SIGINT', () => listener('SIGINT'));
      process.on('SIGTERM', () => listener('SIGTERM'));
    },
    exit: (code) => process.exit(code),
    readFile: readWorkspaceFile,
    writeFile: writeWorkspaceFile,
  };
}
