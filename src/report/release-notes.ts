/**
 * The release body's section for one run: the image, a table of region -> AMI id (the same map
 * as the `ami-ids` output and the asset), the regions without an image, and where it came
 * from. Strings from AWS go into code spans (markdown.ts). Deterministic for the same results,
 * so a rerun that changes nothing leaves the body as it is. Pure.
 */
import type { DistributionResult } from '../distribute/result-types.js';
import { endMarker, startMarker } from '../steps/release/release-body.js';
import { code, codeCell } from './markdown.js';

export interface ReleaseNotesInput {
  readonly sectionId: string;
  readonly assetName: string;
  /** The `ami-ids` output, region -> AMI id. */
  readonly amiIds: Readonly<Record<string, string>>;
  /** The `failed-regions` output. */
  readonly failedRegions: readonly string[];
  readonly result: DistributionResult;
  readonly runUrl: string | undefined;
}

export function formatReleaseSection(input: ReleaseNotesInput): string {
  const { source } = input.result;
  const states = new Map(input.result.regions.map((r) => [r.region, r.state]));
  const from = input.runUrl ? ` in [this workflow run](${input.runUrl})` : '';
  return [
    startMarker(input.sectionId),
    `### AMIs: ${code(source.name)}`,
    '',
    `Copied from ${code(source.imageId)} (${source.region}) by ami-distribute${from}.`,
    '',
    '| Region | AMI |',
    '| --- | --- |',
    ...Object.entries(input.amiIds).map(([region, ami]) => `| ${region} | ${codeCell(ami)} |`),
    '',
    ...(input.failedRegions.length > 0
      ? [
          `No image in: ${input.failedRegions.map((r) => `${r} (${states.get(r) ?? 'not copied'})`).join(', ')}.`,
          '',
        ]
      : []),
    `The same map is attached to this release as ${code(input.assetName)}.`,
    endMarker(input.sectionId),
  ].join('\n');
}

/** The asset: the `ami-ids` map, pretty-printed with a final newline. */
export function formatReleaseAsset(amiIds: Readonly<Record<string, string>>): string {
  return `${JSON.stringify(amiIds, null, 2)}\n`;
}
