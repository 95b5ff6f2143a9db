import { parseBoolean } from '../../config/booleans.js';
import type { InputSpec } from '../../config/input-spec.js';
import { parseMapping } from '../../config/maps.js';
import type { InputProblem } from '../../config/problems.js';
import { quote } from '../../config/problems.js';
import { parseRegion } from '../../rules/regions.js';
import type { StepInputs } from '../step.js';

/** Which launch template gets a new version in which region. */
export interface LaunchTemplateSection {
  /** One template (id or name) for every region, or undefined when `byRegion` is used. */
  readonly everywhere: string | undefined;
  /** Per region; regions not listed get no new version. */
  readonly byRegion: Readonly<Record<string, string>>;
  /** `$Default` or `$Latest`: what the new version starts from. */
  readonly sourceVersion: '$Default' | '$Latest';
  readonly makeDefault: boolean;
}

export const LAUNCH_TEMPLATE_INPUTS = [
  {
    name: 'launch-templates',
    required: false,
    default: undefined,
    description:
      'Give each region a new launch template version whose ImageId is its image: one template name or lt- id for every region, or a mapping region -> template (YAML, JSON or region=template lines). A template missing in a region stops the run in preflight.',
  },
  {
    name: 'launch-template-source-version',
    required: false,
    default: '$Default',
    description: 'What each new launch template version starts from: $Default or $Latest.',
  },
  {
    name: 'launch-template-default',
    required: false,
    default: 'false',
    description: 'Make the new launch template version the default version.',
  },
] as const satisfies readonly InputSpec[];

const INPUT = 'launch-templates';
const ID = /^lt-[0-9a-f]{17}$/;
const NAME = /^[a-zA-Z0-9().\-/_]{3,128}$/;

function templateProblem(ref: string): string | undefined {
  if (ref.startsWith('lt-') && !ID.test(ref))
    return `${quote(ref)} is not a launch template id: an id is lt- and 17 hexadecimal digits`;
  if (!ID.test(ref) && !NAME.test(ref))
    return `${quote(ref)} is not a launch template name: 3 to 128 letters, digits and ( ) . - / _`;
  return undefined;
}

export const launchTemplateInputs: StepInputs<'launchTemplates'> = {
  step: 'launchTemplates',
  inputs: LAUNCH_TEMPLATE_INPUTS,
  parse({ raw }) {
    const text = raw[INPUT] ?? '';
    const problems: InputProblem[] = [];
    const source = raw['launch-template-source-version'] ?? '$Default';
    if (source !== '$Default' && source !== '$Latest') {
      problems.push({
        input: 'launch-template-source-version',
        value: source,
        message: `${quote(source)} is not a choice: write $Default or $Latest (a version number would be the same in no two regions)`,
      });
    }
    const makeDefault = parseBoolean(raw['launch-template-default'] ?? 'false');
    if (!makeDefault.ok)
      problems.push({
        input: 'launch-template-default',
        value: raw['launch-template-default'] ?? '',
        message: makeDefault.message,
      });
    if (text === '') return { section: undefined, problems };
    let everywhere: string | undefined;
    const byRegion: Record<string, string> = {};
    if (!/[:=\n{]/.test(text)) {
      const problem = templateProblem(text);
      if (problem) problems.push({ input: INPUT, value: text, message: problem });
      everywhere = text;
    } else {
      const mapping = parseMapping(text);
      problems.push(...mapping.problems.map((p) => ({ input: INPUT, value: p.value, message: p.message })));
      for (const [region, ref] of mapping.entries) {
        const checked = parseRegion(region);
        if (!checked.ok) problems.push({ input: INPUT, value: region, message: checked.message });
        const problem = templateProblem(ref);
        if (problem) problems.push({ input: INPUT, value: ref, message: problem });
        byRegion[region] = ref;
      }
    }
    const section =
      problems.length === 0 && makeDefault.ok
        ? Object.freeze({
            everywhere,
            byRegion: Object.freeze(byRegion),
            sourceVersion: source as '$Default' | '$Latest',
            makeDefault: makeDefault.value,
          })
        : undefined;
    return { section, problems };
  },
};
