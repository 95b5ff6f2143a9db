import type { InputSpec } from '../../config/input-spec.js';
import { quote } from '../../config/problems.js';
import { parseTemplate } from '../../rules/names.js';
import { parameterNameProblem } from '../../rules/ssm-parameter-names.js';
import type { StepInputs } from '../step.js';

/** The Parameter Store parameter each region's image is published to. */
export interface SsmSection {
  /** A template with the name tokens; expanded per region. */
  readonly nameTemplate: string;
}

export const SSM_INPUTS = [
  {
    name: 'ssm-parameter',
    required: false,
    default: undefined,
    description:
      "Publish each region's image to this SSM parameter in that region (data type aws:ec2:image, overwritten, the previous value reported), e.g. /images/web/latest; a template with the name tokens ({name}, {region}, …).",
  },
] as const satisfies readonly InputSpec[];

/** Token values that are valid parameter-name text, to check a template's literal parts at input time. */
const SAMPLE = {
  name: 'n',
  region: 'us-east-1',
  'source-region': 'us-east-1',
  'source-ami-id': 'ami-0',
  date: '2000-01-01',
  timestamp: '20000101000000',
} as const;

export const ssmInputs: StepInputs<'ssm'> = {
  step: 'ssm',
  inputs: SSM_INPUTS,
  parse({ raw }) {
    const text = raw['ssm-parameter'] ?? '';
    if (text === '') return { section: undefined, problems: [] };
    const parsed = parseTemplate(text);
    if (!parsed.ok)
      return {
        section: undefined,
        problems: [{ input: 'ssm-parameter', value: text, message: `${quote(text)} ${parsed.problem}` }],
      };
    const sample = parsed.parts.map((part) => ('token' in part ? SAMPLE[part.token] : part.literal)).join('');
    const problem = parameterNameProblem(sample);
    if (problem)
      return {
        section: undefined,
        problems: [{ input: 'ssm-parameter', value: text, message: `${quote(text)} ${problem}` }],
      };
    return { section: Object.freeze({ nameTemplate: text }), problems: [] };
  },
};
