/**
 * The post-copy steps, in the order they run for each region. Sharing comes first (deploy jobs
 * wait for it), protection before deprecation (both change only the image's own attributes),
 * then publishing (a parameter points at an image that is ready to launch).
 */
import type { Config } from '../config/config.js';
import { deprecateStep } from './deprecate/deprecate.js';
import { launchTemplateStep } from './launch-templates/new-version.js';
import { protectStep } from './protect/protect.js';
import { shareStep } from './share/share.js';
import { ssmStep } from './ssm/publish-parameter.js';
import type { ActiveStep } from './step.js';

/** The steps this run does, with their sections bound. */
export function activeSteps(config: Pick<Config, 'steps'>): ActiveStep[] {
  return [
    shareStep.activate(config.steps.share),
    protectStep.activate(config.steps.protect),
    deprecateStep.activate(config.steps.deprecate),
    ssmStep.activate(config.steps.ssm),
    launchTemplateStep.activate(config.steps.launchTemplates),
  ].flatMap((step) => (step ? [step] : []));
}
