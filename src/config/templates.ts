import {
  AMI_NAME_MAX_LENGTH,
  AMI_NAME_MIN_LENGTH,
  characterCount,
  DESCRIPTION_MAX_LENGTH,
  describeCharacters,
  expandParts,
  invalidNameCharacters,
  parseTemplate,
  type TemplatePart,
  type TemplateValues,
} from '../rules/names.js';
import { quote } from './problems.js';

/**
 * Checks of the `name` and `description` templates that can be made before the source image
 * is known: syntax, literal characters, and lengths that are certainly wrong whatever the
 * source name is. The plan checks every expanded name again once the source is known.
 */
export interface TemplateContext {
  readonly targetRegions: readonly string[];
  readonly sourceRegion: string | undefined;
  readonly sourceImageId: string | undefined;
}

/** The shortest values a token can take, where the real one is not known yet. */
const SHORTEST: TemplateValues = {
  name: 'abc',
  region: 'us-east-1',
  'source-region': 'us-east-1',
  'source-ami-id': 'ami-00000000',
  date: '2000-01-01',
  timestamp: '20000101000000',
};

function shortestExpansions(parts: readonly TemplatePart[], context: TemplateContext): [string, string][] {
  const regions = context.targetRegions.length > 0 ? context.targetRegions : [SHORTEST.region];
  return regions.map((region) => [
    region,
    expandParts(parts, {
      ...SHORTEST,
      region,
      'source-region': context.sourceRegion ?? SHORTEST['source-region'],
      'source-ami-id': context.sourceImageId ?? SHORTEST['source-ami-id'],
    }),
  ]);
}

function longest(expansions: readonly [string, string][]): [string, number] {
  let best: [string, number] = ['', -1];
  for (const [region, text] of expansions) {
    const length = characterCount(text);
    if (length > best[1]) best = [region, length];
  }
  return best;
}

export function checkNameTemplate(template: string, context: TemplateContext): string[] {
  const shown = quote(template);
  const parsed = parseTemplate(template);
  if (!parsed.ok) return [`the template ${shown} ${parsed.problem}`];
  const literals = parsed.parts.flatMap((part) => ('literal' in part ? [part.literal] : [])).join('');
  const bad = invalidNameCharacters(literals);
  const problems: string[] = [];
  if (bad.length > 0) {
    problems.push(
      `the template ${shown} contains ${describeCharacters(bad)}; AMI names may contain only letters, digits, spaces and ( ) [ ] . / - ' @ _`,
    );
  }
  const expansions = shortestExpansions(parsed.parts, context);
  const [region, length] = longest(expansions);
  if (length > AMI_NAME_MAX_LENGTH) {
    problems.push(
      `the template ${shown} gives names of at least ${length} characters (in ${region}, even for a 3-character source name); AMI names may have at most ${AMI_NAME_MAX_LENGTH}: shorten it`,
    );
  }
  const shortest = Math.min(...expansions.map(([, text]) => characterCount(text)));
  if (shortest < AMI_NAME_MIN_LENGTH) {
    problems.push(
      `the template ${shown} gives a name of ${shortest} characters; AMI names need at least ${AMI_NAME_MIN_LENGTH}: add {name} or more text`,
    );
  }
  return problems;
}

export function checkDescriptionTemplate(template: string, context: TemplateContext): string[] {
  const shown = quote(template);
  const parsed = parseTemplate(template);
  if (!parsed.ok) return [`the template ${shown} ${parsed.problem}`];
  const [region, length] = longest(shortestExpansions(parsed.parts, context));
  if (length > DESCRIPTION_MAX_LENGTH) {
    return [
      `the template ${shown} gives descriptions of at least ${length} characters (in ${region}); AWS allows at most ${DESCRIPTION_MAX_LENGTH}: shorten it`,
    ];
  }
  return [];
}
