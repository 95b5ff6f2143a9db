import { parseBoolean } from '../../config/booleans.js';
import type { InputSpec } from '../../config/input-spec.js';
import type { InputProblem } from '../../config/problems.js';
import { quote } from '../../config/problems.js';
import { isRepository, sectionIdProblem, tagOfRef, tagProblem } from '../../rules/github-release.js';
import type { StepInputs } from '../step.js';

/** The GitHub release the run's region map is published to. */
export interface ReleaseSection {
  /** `owner/repo`. */
  readonly repository: string;
  readonly tag: string;
  /** Names the marked section of the body and the asset `<sectionId>.json`. */
  readonly sectionId: string;
  readonly token: string;
  /** GitHub's REST API (GITHUB_API_URL on GitHub Enterprise Server). */
  readonly apiUrl: string;
}

export const RELEASE_INPUTS = [
  {
    name: 'release',
    required: false,
    default: 'false',
    description:
      'Publish the region map to the GitHub release of release-tag: a region table in a marked section of the release body (replaced on rerun) and the map as the asset <release-section>.json (replaced). Creates the release when the tag has none. Needs permissions: contents: write; a refusal is reported after the copies, which it never costs.',
  },
  {
    name: 'release-tag',
    required: false,
    default: undefined,
    description: "The release's tag. Default: the tag the workflow runs on (a tag push or a release event).",
  },
  {
    name: 'release-section',
    required: false,
    default: 'ami-ids',
    description:
      "Id of this run's section of the release body and name of its asset (<id>.json). Give each image of a matrix its own (ami-ids-web, ami-ids-worker).",
  },
  {
    name: 'github-token',
    required: false,
    // A GitHub expression, which the runner evaluates; not a JavaScript template.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text is what action.yml holds
    default: '${{ github.token }}',
    description: "Token for the release (the job's GITHUB_TOKEN by default; it needs contents: write).",
  },
] as const satisfies readonly InputSpec[];

/** The default `${{ github.token }}` reaches a front end that evaluates no expressions (the command line) as it is. */
const UNEVALUATED = /^\$\{\{.*\}\}$/s;

export const releaseInputs: StepInputs<'release'> = {
  step: 'release',
  inputs: RELEASE_INPUTS,
  parse({ raw, env }) {
    const problems: InputProblem[] = [];
    const flag = parseBoolean(raw.release ?? 'false');
    if (!flag.ok)
      return {
        section: undefined,
        problems: [{ input: 'release', value: raw.release ?? '', message: flag.message }],
      };
    const sectionId = raw['release-section'] || 'ami-ids';
    const sectionProblem = sectionIdProblem(sectionId);
    if (sectionProblem)
      problems.push({
        input: 'release-section',
        value: sectionId,
        message: `${quote(sectionId)} ${sectionProblem}`,
      });
    if (!flag.value) return { section: undefined, problems };

    const given = raw['release-tag'] ?? '';
    const tag = given === '' ? tagOfRef(env.GITHUB_REF) : given;
    if (tag === undefined) {
      problems.push({
        input: 'release-tag',
        value: '',
        message: `release: true needs a tag, and this run is on ${env.GITHUB_REF ? quote(env.GITHUB_REF) : 'no ref'}: run the workflow on a tag push or a release event, or set release-tag`,
      });
    } else {
      const problem = tagProblem(tag);
      if (problem) problems.push({ input: 'release-tag', value: tag, message: `${quote(tag)} ${problem}` });
    }
    const repository = env.GITHUB_REPOSITORY;
    if (!isRepository(repository))
      problems.push({
        input: 'release',
        value: raw.release ?? '',
        message: `release: true needs the repository as owner/repo in GITHUB_REPOSITORY (the runner sets it; on the command line, export it), and it is ${repository === undefined ? 'unset' : quote(repository)}`,
      });
    const tokenText = raw['github-token'] ?? '';
    const token = tokenText === '' || UNEVALUATED.test(tokenText) ? (env.GITHUB_TOKEN ?? '') : tokenText;
    if (token === '')
      problems.push({
        input: 'github-token',
        value: '',
        message:
          'release: true needs a token: leave github-token at its default in a workflow, or export GITHUB_TOKEN on the command line',
      });
    if (problems.length > 0 || tag === undefined || !isRepository(repository))
      return { section: undefined, problems };
    return {
      section: Object.freeze({
        repository,
        tag,
        sectionId,
        token,
        apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
      }),
      problems,
    };
  },
};
