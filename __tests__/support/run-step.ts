/**
 * One `uses:` step as the runner executes it: the main phase, then (because action.yml says
 * `post-if: always()`) the post phase with the state the main phase saved.
 */
import { type ActionRun, type RunOptions, runAction } from './run-action.js';

export interface StepRun {
  readonly main: ActionRun;
  readonly post: ActionRun;
}

export async function runStep(options: Omit<RunOptions, 'phase' | 'state'>): Promise<StepRun> {
  const main = await runAction(options);
  const post = await runAction({ ...options, phase: 'post', state: main.state });
  return { main, post };
}
