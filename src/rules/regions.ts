import { accept, type Checked, quote, reject } from '../config/problems.js';

/**
 * AWS region names and partitions. A region is `<area>[-<sub-area>]-<direction>-<number>`,
 * lowercase; the area (and sub-area) decide the partition. CopyImage cannot cross partitions.
 * The table follows the partitions published with the AWS SDK; a new area code needs a line here.
 */
const PARTITION_BY_AREA: Readonly<Record<string, string>> = {
  us: 'aws',
  eu: 'aws',
  ap: 'aws',
  sa: 'aws',
  ca: 'aws',
  me: 'aws',
  af: 'aws',
  il: 'aws',
  mx: 'aws',
  cn: 'aws-cn',
  'us-gov': 'aws-us-gov',
  'us-iso': 'aws-iso',
  'us-isob': 'aws-iso-b',
  'us-isof': 'aws-iso-f',
  'eu-isoe': 'aws-iso-e',
  'eusc-de': 'aws-eusc',
};

const DIRECTIONS = 'north|south|east|west|central|northeast|northwest|southeast|southwest';
const REGION = new RegExp(`^([a-z]{2,4}(?:-[a-z]{2,5})?)-(?:${DIRECTIONS})-[1-9][0-9]?$`);
const EXAMPLE = 'e.g. us-east-1, eu-central-1 or us-gov-west-1';

/** The partition (`aws`, `aws-cn`, `aws-us-gov`, …) of a well-formed region, else undefined. */
export function partitionOf(region: string): string | undefined {
  const match = REGION.exec(region);
  if (match === null) return undefined;
  return PARTITION_BY_AREA[match[1] as string];
}

export function parseRegion(text: string): Checked<string> {
  const shown = quote(text);
  if (text === '') return reject(`empty: give a region, ${EXAMPLE}`);
  if (text !== text.toLowerCase() && partitionOf(text.toLowerCase()) !== undefined) {
    return reject(`${shown} has capital letters: region names are lowercase, write ${text.toLowerCase()}`);
  }
  if (text.includes('_') && partitionOf(text.replaceAll('_', '-')) !== undefined) {
    return reject(`${shown} uses underscores: write ${text.replaceAll('_', '-')}`);
  }
  const zone = /^(.*-[1-9][0-9]?)[a-f]$/.exec(text);
  if (zone !== null && partitionOf(zone[1] as string) !== undefined) {
    return reject(`${shown} is an Availability Zone, not a region: write ${zone[1]}`);
  }
  if (partitionOf(text) === undefined) {
    return reject(`${shown} is not an AWS region name: write a region such as ${EXAMPLE.slice(5)}`);
  }
  return accept(text);
}

export interface SplitList {
  readonly entries: readonly string[];
  /**
   * True when two commas between entries enclose nothing (`a,,b`: perhaps a value that went
   * missing). A comma at either end (`a,`, as generated lists often have) is not one.
   */
  readonly hasEmptyEntry: boolean;
}

/** Splits a list written with commas, spaces or newlines (in any mix). */
export function splitList(text: string): SplitList {
  if (text.trim() === '') return { entries: [], hasEmptyEntry: false };
  const pieces = text.split(',').map((piece) => piece.trim());
  const first = pieces.findIndex((piece) => piece !== '');
  const last = pieces.findLastIndex((piece) => piece !== '');
  return {
    entries: pieces.flatMap((piece) => (piece === '' ? [] : piece.split(/\s+/))),
    hasEmptyEntry: pieces.slice(first, last + 1).some((piece) => piece === ''),
  };
}

/** Removes repeated entries, keeping the first occurrence of each. */
export function dropDuplicates(entries: readonly string[]): string[] {
  return [...new Set(entries)];
}
