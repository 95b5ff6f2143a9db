#!/usr/bin/env node
/**
 * `ami-distribute` on the command line (GitLab CI, Jenkins, a terminal during an incident):
 * the same engine, the same inputs and checks as the GitHub Action. After a cancel (Ctrl-C) it
 * looks after the copies it started the way the action's post step does.
 */
import { connectAws } from '../aws/connect.js';
import { systemClock } from '../clock.js';
import type { Config } from '../config/config.js';
import { gitHubConnector } from '../github/connect.js';
import { run } from '../main.js';
import { runPost } from '../post.js';
import { waitForImages } from '../waiter/index.js';
import { commandLineIo, EXIT, helpText, parseCommand } from './command-line.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function main(): Promise<number> {
  const command = parseCommand(process.argv.slice(2));
  if (command.kind === 'help') {
    process.stdout.write(helpText());
    return EXIT.ok;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${(await import('../version.js')).ACTION_VERSION}\n`);
    return EXIT.ok;
  }
  if (command.kind === 'bad') {
    process.stderr.write(`error: ${command.message}\n`);
    return EXIT.badInput;
  }
  let cancelled = false;
  const io = commandLineIo(command.inputs, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    onSignal: (listener) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.on(signal, () => {
          cancelled = true;
          listener(signal);
        });
      }
    },
    // The engine asks to exit after a cancel; the command line first does the post step's work.
    exit: () => {},
  });
  const connect = (config: Config) =>
    connectAws({
      role: config.role,
      sourceRegion: config.sourceRegion,
      getIdToken: undefined,
      onCredentials: () => {},
      logger: io.logger,
    });
  const deps = { connect, clock: systemClock, waitForImages, connectGitHub: gitHubConnector(systemClock) };
  const ended = await run(io, deps);
  if (ended === 'invalid-inputs') return EXIT.badInput;
  process.stdout.write(`${JSON.stringify(io.results())}\n`);
  if (cancelled) await runPost(io, deps);
  return ended === 'succeeded' ? EXIT.ok : EXIT.failed;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `error: ami-distribute failed unexpectedly: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(EXIT.failed);
  },
);
