import { dropDuplicates, parseRegion, partitionOf, splitList } from '../rules/regions.js';
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
  if (list.hasEmptyEntry) {
    problems.push({
      input: INPUT,
      value: text,
      message: `${quote(text)} has an empty entry between commas: remove the extra comma`,
    });
  }
  const regions: string[] = [];
  for (const entry of list.entries) {
    const region = parseRegion(entry);
    if (region.ok) regions.push(region.value);
    else problems.push({ input: INPUT, value: entry, message: region.message });
  }
  const unique = dropDuplicates(regions);
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
