/**
 * The entry for `@github/local-action` (`npm run local-action`), which imports a module and
 * calls its `run()` with no arguments, with its own stand-in for @actions/core. Like the
 * bundle (index.ts), one entry serves both phases: local-action is given it as the main and
 * as the `--post` entry, and the state the main phase saves tells the second call it is the
 * post phase. local-action's stand-in for `setFailed` only records the failure (its process
 * still exits 0), so this entry sets the exit code of a main phase that did not succeed.
 */
import { run as runMain } from './main.js';
import { runPost } from './post.js';
import { githubRunner, runnerDeps } from './runner.js';
import { State } from './state-keys.js';

export async function run(): Promise<void> {
  const io = githubRunner();
  const deps = runnerDeps();
  if (io.getState(State.IsPost) !== 'true') {
    const ended = await runMain(io, deps);
    if (ended !== 'succeeded') process.exitCode = 1;
    return;
  }
  io.logger.info(
    io.getState(State.MainFinished) === 'true'
      ? 'Post phase: the main phase finished and reported; the post step looks after what it left, if anything.'
      : 'Post phase: the main phase ended before reporting; the post step looks after the copies it started, if any.',
  );
  await runPost(io, deps);
}
