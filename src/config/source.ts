import { parseAmiId } from '../rules/ami-id.js';
import { parseRegion, splitList } from '../rules/regions.js';
import { type InputProblem, quote } from './problems.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ResolvedSource {
  readonly sourceImageId: string | undefined;
  readonly sourceRegion: string | undefined;
  readonly problems: readonly InputProblem[];
}

interface Entry {
  readonly text: string;
  readonly region: string | undefined;
  readonly imageId: string;
}

const ID_INPUT = 'source-ami-id';
const REGION_INPUT = 'source-region';

/**
 * Resolves `source-ami-id` and `source-region` together. The id may be `ami-…`, `region:ami-…`
 * or Packer's artifact_id `us-east-1:ami-1,eu-west-1:ami-2` (the entry of the source region is
 * taken). The region is `source-region`, else the id's prefix, else AWS_REGION, else
 * AWS_DEFAULT_REGION.
 */
export function resolveSource(idText: string, regionText: string, env: Env): ResolvedSource {
  const problems: InputProblem[] = [];
  const explicitRegion = checkExplicitRegion(regionText, problems);
  const entries = parseEntries(idText, problems);
  if (entries === undefined || problems.length > 0) {
    // The id is wrong, but a missing region is a separate mistake worth reporting now too.
    const bareIds = splitList(idText).entries.every((entry) => !entry.includes(':'));
    const region = regionText === '' && bareIds ? regionFromEnv(env, problems) : explicitRegion;
    return { sourceImageId: undefined, sourceRegion: region, problems };
  }
  const chosen = chooseEntry(idText, entries, explicitRegion, env, problems);
  return { sourceImageId: chosen?.imageId, sourceRegion: chosen?.region, problems };
}

function checkExplicitRegion(regionText: string, problems: InputProblem[]): string | undefined {
  if (regionText === '') return undefined;
  const region = parseRegion(regionText);
  if (region.ok) return region.value;
  problems.push({ input: REGION_INPUT, value: regionText, message: region.message });
  return undefined;
}

function parseEntries(idText: string, problems: InputProblem[]): Entry[] | undefined {
  const list = splitList(idText);
  if (list.entries.length === 0) {
    problems.push({
      input: ID_INPUT,
      value: idText,
      message: `${idText === '' ? 'missing' : `${quote(idText)} names no image`}: give the id of the image to copy, e.g. ami-0123456789abcdef0 or us-east-1:ami-0123456789abcdef0${idText === '' ? ", or set packer-manifest to Packer's manifest file" : ''}`,
    });
    return undefined;
  }
  if (list.hasEmptyEntry) {
    problems.push({
      input: ID_INPUT,
      value: idText,
      message: `${quote(idText)} has an empty entry between commas: remove the extra comma`,
    });
  }
  const entries: Entry[] = [];
  for (const text of new Set(list.entries)) {
    const entry = parseEntry(text, problems);
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}

function parseEntry(text: string, problems: InputProblem[]): Entry | undefined {
  const colon = text.indexOf(':');
  const hasRegion = colon !== -1 && !text.startsWith('arn:');
  const regionPart = hasRegion ? text.slice(0, colon) : undefined;
  const idPart = hasRegion ? text.slice(colon + 1) : text;
  let valid = true;
  if (regionPart !== undefined) {
    const region = parseRegion(regionPart);
    if (!region.ok) {
      problems.push({
        input: ID_INPUT,
        value: text,
        message: `the region of ${quote(text)}: ${region.message}`,
      });
      valid = false;
    }
  }
  const id = parseAmiId(idPart);
  if (!id.ok) {
    problems.push({ input: ID_INPUT, value: text, message: id.message });
    valid = false;
  }
  return valid ? { text, region: regionPart, imageId: idPart } : undefined;
}

function chooseEntry(
  idText: string,
  entries: readonly Entry[],
  explicitRegion: string | undefined,
  env: Env,
  problems: InputProblem[],
): { imageId: string; region: string } | undefined {
  const only = entries.length === 1 ? entries[0] : undefined;
  if (only !== undefined && only.region === undefined) {
    const region = explicitRegion ?? regionFromEnv(env, problems);
    return region === undefined ? undefined : { imageId: only.imageId, region };
  }
  if (entries.some((entry) => entry.region === undefined)) {
    problems.push({
      input: ID_INPUT,
      value: idText,
      message: `${quote(idText)} lists several images but not every one names its region: write each as region:ami-…, e.g. us-east-1:ami-1234abcd,eu-west-1:ami-5678abcd`,
    });
    return undefined;
  }
  if (!checkDistinctRegions(idText, entries, problems)) return undefined;
  const regions = entries.map((entry) => entry.region as string);
  if (explicitRegion !== undefined) {
    const match = entries.find((entry) => entry.region === explicitRegion);
    if (match !== undefined) return { imageId: match.imageId, region: explicitRegion };
    problems.push(contradiction(idText, regions, explicitRegion));
    return undefined;
  }
  if (only !== undefined) return { imageId: only.imageId, region: only.region as string };
  const envRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
  const match = entries.find((entry) => entry.region === envRegion);
  if (match !== undefined) return { imageId: match.imageId, region: match.region as string };
  const envNote =
    envRegion === undefined
      ? 'nothing says'
      : `the environment's region ${envRegion} is none of them, so nothing says`;
  problems.push({
    input: REGION_INPUT,
    value: envRegion ?? '',
    message: `source-ami-id lists images in ${regions.join(', ')} and ${envNote} which one to copy: set source-region to one of them`,
  });
  return undefined;
}

function checkDistinctRegions(idText: string, entries: readonly Entry[], problems: InputProblem[]): boolean {
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const earlier = seen.get(entry.region as string);
    if (earlier !== undefined && earlier !== entry.imageId) {
      problems.push({
        input: ID_INPUT,
        value: idText,
        message: `${quote(idText)} gives two images for ${entry.region} (${earlier} and ${entry.imageId}): keep one entry per region`,
      });
      return false;
    }
    seen.set(entry.region as string, entry.imageId);
  }
  return true;
}

function contradiction(idText: string, regions: readonly string[], explicitRegion: string): InputProblem {
  const where = regions.length === 1 ? `is in ${regions[0]}` : `lists images in ${regions.join(', ')} only`;
  return {
    input: REGION_INPUT,
    value: explicitRegion,
    message: `source-region is ${explicitRegion} but source-ami-id ${quote(idText)} ${where}: make them agree, or leave source-region empty`,
  };
}

function regionFromEnv(env: Env, problems: InputProblem[]): string | undefined {
  for (const variable of ['AWS_REGION', 'AWS_DEFAULT_REGION'] as const) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    const region = parseRegion(value);
    if (region.ok) return region.value;
    problems.push({
      input: REGION_INPUT,
      value,
      message: `source-region is not set and the environment variable ${variable} is ${quote(value)}, which is not a region: set source-region`,
    });
    return undefined;
  }
  problems.push({
    input: REGION_INPUT,
    value: '',
    message:
      'cannot tell where the source image lives: set source-region, write the id as region:ami-…, or set AWS_REGION (aws-actions/configure-aws-credentials does)',
  });
  return undefined;
}
