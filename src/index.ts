import { getState, setFailed } from '@actions/core';
import { run } from './main.js';
import { runPost } from './post.js';

// One bundle serves both phases of the action; the main phase marks the post phase in state.
const phase = getState('isPost') === 'true' ? runPost : run;
phase().catch((error: unknown) => {
  setFailed(`ami-distribute failed unexpectedly: ${error instanceof Error ? error.stack : String(error)}`);
});
