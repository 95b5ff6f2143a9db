import type { InputSpec } from '../../config/input-spec.js';
import { quote } from '../../config/problems.js';
import type { StepInputs } from '../step.js';

export interface ProtectSection {
  /** With cooldown, turning protection off takes 24 hours to take effect. */
  readonly withCooldown: boolean;
}

export const PROTECT_INPUTS = [
  {
    name: 'deregistration-protection',
    required: false,
    default: 'false',
    description:
      'Protect every image from deregistration once it is available: true, with-cooldown (turning protection off then takes 24 hours) or false. A copy that failed is never protected.',
  },
] as const satisfies readonly InputSpec[];

const CHOICES: Readonly<Record<string, ProtectSection | undefined>> = {
  false: undefined,
  true: { withCooldown: false },
  'with-cooldown': { withCooldown: true },
};

export const protectInputs: StepInputs<'protect'> = {
  step: 'protect',
  inputs: PROTECT_INPUTS,
  parse({ raw }) {
    const text = raw['deregistration-protection'] ?? 'false';
    const normalized =
      text === 'True' || text === 'TRUE' ? 'true' : text === 'False' || text === 'FALSE' ? 'false' : text;
    if (!Object.hasOwn(CHOICES, normalized)) {
      return {
        section: undefined,
        problems: [
          {
            input: 'deregistration-protection',
            value: text,
            message: `${quote(text)} is not a choice: write true, with-cooldown or false`,
          },
        ],
      };
    }
    const section = CHOICES[normalized];
    return { section: section && Object.freeze({ ...section }), problems: [] };
  },
};
