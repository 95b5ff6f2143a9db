/**
 * The single list of the action's outputs. `action.yml` and the README's output table are held
 * to it by __tests__/metadata.test.ts. Every value is a compact JSON string.
 */
export interface OutputSpec {
  readonly name: string;
  readonly description: string;
}

export const OUTPUT_SPECS = [
  {
    name: 'ami-ids',
    description:
      'JSON object, region -> AMI id, for every region whose image is available (pending too when wait is false), plus the source region when include-source is true; {} when the run stopped before any copy.',
  },
  {
    name: 'matrix',
    description:
      'JSON {"include":[{"region":…,"ami":…},…]} of the same regions, ready for a job strategy.matrix through fromJSON.',
  },
  {
    name: 'images',
    description:
      'JSON array, one object per target region: region, image id, name, state, reused or new, snapshot ids, seconds taken, failure reason, and what sharing, protection and deprecation did.',
  },
  {
    name: 'failed-regions',
    description:
      'JSON array of the target regions without an entry in ami-ids: their image did not end available (failed, timed out, cancelled), or the run stopped before any copy.',
  },
  {
    name: 'release',
    description:
      'JSON object of what the release step did (status created, updated, unchanged, would-create, would-update, skipped or failed; repository, tag, url, section, asset, error), or null without release: true.',
  },
] as const satisfies readonly OutputSpec[];

export type OutputName = (typeof OUTPUT_SPECS)[number]['name'];
