/**
 * The post-copy steps, in the order they run for each region. Sharing comes first (deploy jobs
 * wait for it), protection before deprecation (both change only the image's own attributes).
 */
import type { Config } from '../config/config.js';
import { deprecateStep } from './deprecate/deprecate.js';
import { protectStep } from './protect/protect.js';
import { shareStep } from './share/share.js';
import type { ActiveStep } from './step.js';

/** The steps this run does, with their sections bound. */
export function activeSteps(config: Pick<Config, 'steps'>): ActiveStep[] {
  return [
    shareStep.activate(config.steps.share),
    protectStep.activate(config.steps.protect),
    deprecateStep.activate(config.steps.deprecate),
  ].flatMap((step) => (step ? [step] : []));
}
