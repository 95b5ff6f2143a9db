import { parseRegion, partitionOf, splitList } from '../rules/regions.js';
import { parseListInput } from './list-input.js';
import { type InputProblem, quote } from './problems.js';

const INPUT = 'target-regions';

/**
 * `target-regions`: a list separated by commas, spaces or newlines (a separator at either end is
 * fine); duplicates dropped keeping the first; every region in the source's partition (CopyImage
 * cannot cross partitions).
 */
export function parseTargetRegions(
  text: string,
  sourceRegion: string | undefined,
): { readonly regions: readonly string[]; readonly problems: readonly InputProblem[] } {
  const problems: InputProblem[] = [];
  const list = splitList(text);
  if (list.entries.length === 0) {
    problems.push({
      input: INPUT,
      value: text,
      message: `${text === '' ? 'missing' : `${quote(text)} lists no region`}: list the regions to copy to, e.g. "eu-west-1, ap-southeast-2"`,
    });
    return { regions: [], problems };
  }
  const entries = parseListInput(INPUT, text, parseRegion);
  problems.push(...entries.problems);
  const unique = entries.values;
  const sourcePartition = sourceRegion === undefined ? undefined : partitionOf(sourceRegion);
  if (sourcePartition !== undefined) {
    for (const region of unique) {
      const partition = partitionOf(region);
      if (partition !== sourcePartition) {
        problems.push({
          input: INPUT,
          value: region,
          message: `${region} is in the partition ${partition}, but the source region ${sourceRegion} is in ${sourcePartition}; an image cannot be copied across partitions: remove ${region}`,
        });
      }
    }
  }
  return { regions: unique, problems };
}
