import { DEPRECATION_DURATION, parseDuration } from '../../config/duration.js';
import type { InputSpec } from '../../config/input-spec.js';
import type { InputProblem } from '../../config/problems.js';
import { checkDeprecateAfter, parseDeprecateAt } from '../../rules/deprecation.js';
import type { StepInputs } from '../step.js';

/** When every image is deprecated: a fixed time, or a delay counted from the source image's creation. */
export type DeprecateSection =
  | { readonly kind: 'at' /** epoch ms, a whole minute */; readonly at: number }
  | { readonly kind: 'after'; readonly afterMs: number };

export const DEPRECATE_INPUTS = [
  {
    name: 'deprecate-at',
    required: false,
    default: undefined,
    description:
      'Deprecate every image at this UTC time (ISO 8601, e.g. 2027-06-30T00:00Z), rounded up to the minute; in the future and at most 10 years ahead.',
  },
  {
    name: 'deprecate-after',
    required: false,
    default: undefined,
    description:
      'Deprecate every image this long after the source image was created, e.g. 180d or 90d12h (d, h, m; at most 3650d). Reruns give the same time. Not with deprecate-at.',
  },
] as const satisfies readonly InputSpec[];

export const deprecateInputs: StepInputs<'deprecate'> = {
  step: 'deprecate',
  inputs: DEPRECATE_INPUTS,
  parse({ raw, now }) {
    const atText = raw['deprecate-at'] ?? '';
    const afterText = raw['deprecate-after'] ?? '';
    const problems: InputProblem[] = [];
    if (atText !== '' && afterText !== '') {
      problems.push({
        input: 'deprecate-after',
        value: afterText,
        message:
          'set together with deprecate-at: give one of them (deprecate-at for a fixed time, deprecate-after for a delay)',
      });
      return { section: undefined, problems };
    }
    if (atText !== '') {
      const at = parseDeprecateAt(atText, now);
      if (!at.ok)
        return {
          section: undefined,
          problems: [{ input: 'deprecate-at', value: atText, message: at.message }],
        };
      return { section: Object.freeze({ kind: 'at', at: at.value }), problems };
    }
    if (afterText !== '') {
      const parsed = parseDuration(afterText, DEPRECATION_DURATION);
      const after = parsed.ok ? checkDeprecateAfter(parsed.value) : parsed;
      if (!after.ok)
        return {
          section: undefined,
          problems: [{ input: 'deprecate-after', value: afterText, message: after.message }],
        };
      return { section: Object.freeze({ kind: 'after', afterMs: after.value }), problems };
    }
    return { section: undefined, problems };
  },
};
