/**
 * The inputs of every post-copy step, for the one input spec and the config parser. A new step
 * adds its `inputs.ts` here (and its definition to `pipeline-steps.ts`).
 */
import type { InputProblem } from '../config/problems.js';
import { DEPRECATE_INPUTS, deprecateInputs } from './deprecate/inputs.js';
import { LAUNCH_TEMPLATE_INPUTS, launchTemplateInputs } from './launch-templates/inputs.js';
import { PROTECT_INPUTS, protectInputs } from './protect/inputs.js';
import { RELEASE_INPUTS, releaseInputs } from './release/inputs.js';
import type { StepSections } from './sections.js';
import { SHARE_INPUTS, shareInputs } from './share/inputs.js';
import { SSM_INPUTS, ssmInputs } from './ssm/inputs.js';
import type { StepInputContext } from './step.js';

export const STEP_INPUT_SPECS = [
  ...SHARE_INPUTS,
  ...PROTECT_INPUTS,
  ...DEPRECATE_INPUTS,
  ...SSM_INPUTS,
  ...LAUNCH_TEMPLATE_INPUTS,
  ...RELEASE_INPUTS,
] as const;

/** Every step's section of the config, and every problem with its inputs. */
export function parseStepInputs(context: StepInputContext): {
  readonly sections: StepSections;
  readonly problems: readonly InputProblem[];
} {
  const share = shareInputs.parse(context);
  const protect = protectInputs.parse(context);
  const deprecate = deprecateInputs.parse(context);
  const ssm = ssmInputs.parse(context);
  const launchTemplates = launchTemplateInputs.parse(context);
  const release = releaseInputs.parse(context);
  return {
    sections: Object.freeze({
      share: share.section,
      protect: protect.section,
      deprecate: deprecate.section,
      ssm: ssm.section,
      launchTemplates: launchTemplates.section,
      release: release.section,
    }),
    problems: [
      ...share.problems,
      ...protect.problems,
      ...deprecate.problems,
      ...ssm.problems,
      ...launchTemplates.problems,
      ...release.problems,
    ],
  };
}
