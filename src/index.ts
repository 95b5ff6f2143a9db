import { run } from './main.js';
import { runPost } from './post.js';
import { githubRunner, runnerDeps } from './runner.js';
import { State } from './state-keys.js';

// Under Node < 22 the AWS SDK prints a NodeVersionSupportWarning (its own future requirement) at
// the start of every log; the action runs on node24, so the notice says nothing about this step.
// The SDK's switch silences that one notice only; a value set by the workflow is kept.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// One bundle serves both phases of the action; the main phase marks the post phase in state.
const io = githubRunner();
const deps = runnerDeps();
const phase = io.getState(State.IsPost) === 'true' ? runPost : run;
phase(io, deps).catch((error: unknown) => {
  io.setFailed(`ami-distribute failed unexpectedly: ${error instanceof Error ? error.stack : String(error)}`);
});
