/**
 * The plan: for every target region, exactly what will be asked of EC2 (name, description,
 * encryption, key, tags, ClientToken) and how an earlier copy is recognised. Pure; the source
 * image has been described, nothing has been created.
 */
import { createHash } from 'node:crypto';
import type { ImageInfo } from './aws/types.js';
import type { Config } from './config/config.js';
import { nameFix, tagCountFix } from './plan-fixes.js';
import {
  checkAmiName,
  checkImageDescription,
  expandTemplate,
  type TemplateValues,
  utcDate,
  utcTimestamp,
} from './rules/names.js';
import { checkTagCount, mergeTags, provenanceTags, type ReuseSettings } from './rules/tags.js';

export interface RunContext {
  readonly startedAt: Date;
  readonly runId: string | undefined;
  readonly runAttempt: string | undefined;
  readonly repository: string | undefined;
  /**
   * Unique per process (sibling jobs of one workflow run share run id and attempt, and a
   * second step in one job shares everything else): keeps their ClientTokens apart, names leases.
   */
  readonly invocationId: string;
}

export interface RegionPlan {
  readonly region: string;
  /** 'source': the region maps to the source image, nothing is copied. */
  readonly kind: 'source' | 'copy';
  readonly name: string;
  readonly description: string;
  readonly encrypted: boolean;
  readonly kmsKeyId: string | undefined;
  /** For 'source' plans: the source's tags as they are (nothing is written). */
  readonly imageTags: Readonly<Record<string, string>>;
  /** All image tags with tag-snapshots, else the provenance tags alone (cleanup relies on them); undefined for 'source' plans. */
  readonly snapshotTags: Readonly<Record<string, string>> | undefined;
  /** ≤ 64 ASCII chars, deterministic over every CopyImage parameter and the invocation */
  readonly clientToken: string;
  /** Time-based copy (SnapshotCopyCompletionDurationMinutes); undefined = standard. */
  readonly completionDurationMinutes: number | undefined;
  /** Tag filter that finds an earlier copy of the same source with the same settings (provenance tags). Empty for 'source' plans. */
  readonly reuseTags: Readonly<Record<string, string>>;
}

/** Suffix that makes an encrypted copy in the source region differ from the source's name. */
export const ENCRYPTED_NAME_SUFFIX = ' (encrypted)';
const CLIENT_TOKEN_PREFIX = 'ami-distribute-';

export function planDistribution(
  config: Config,
  source: ImageInfo,
  run: RunContext,
): { plans: RegionPlan[]; problems: string[] } {
  const plans = config.targetRegions.map((region) => planRegion(config, source, run, region));
  const problems = plans.flatMap((plan) => checkPlan(config, plan, source));
  return { plans, problems };
}

function planRegion(config: Config, source: ImageInfo, run: RunContext, region: string): RegionPlan {
  const sameRegion = region === config.sourceRegion;
  const encrypted = source.encrypted || config.encrypted;
  if (sameRegion && !(config.encrypted && !source.encrypted)) return sourcePlan(config, source, run, region);

  const values = templateValues(config, source, run, region);
  let name = config.nameTemplate === undefined ? source.name : expandTemplate(config.nameTemplate, values);
  if (sameRegion && name === source.name) name = `${name}${ENCRYPTED_NAME_SUFFIX}`;
  const description =
    config.descriptionTemplate === undefined
      ? source.description || `Copy of ${config.sourceImageId} from ${config.sourceRegion} by ami-distribute`
      : expandTemplate(config.descriptionTemplate, values);
  const kmsKeyId = encrypted ? (config.kmsKeyIds[region] ?? config.kmsKeyId) : undefined;
  const settings: ReuseSettings = {
    sourceImageId: config.sourceImageId,
    sourceRegion: config.sourceRegion,
    targetRegion: region,
    encrypted,
    kmsKeyId,
  };
  const provenance = provenanceTags(settings);
  const imageTags = mergeTags({
    sourceTags: source.tags,
    copySourceTags: config.copyTags,
    userTags: config.tags,
    provenance,
  });
  const snapshotTags = config.tagSnapshots ? imageTags : provenance;
  const plan = {
    region,
    kind: 'copy' as const,
    name,
    description,
    encrypted,
    kmsKeyId,
    imageTags,
    snapshotTags,
    completionDurationMinutes: config.copyCompletionMinutes,
  };
  return { ...plan, clientToken: clientToken(config, plan, run), reuseTags: provenance };
}

function sourcePlan(config: Config, source: ImageInfo, run: RunContext, region: string): RegionPlan {
  const plan = {
    region,
    kind: 'source' as const,
    name: source.name,
    description: source.description ?? '',
    encrypted: source.encrypted,
    kmsKeyId: undefined,
    imageTags: source.tags,
    snapshotTags: undefined,
    completionDurationMinutes: undefined,
  };
  return { ...plan, clientToken: clientToken(config, plan, run), reuseTags: {} };
}

function templateValues(config: Config, source: ImageInfo, run: RunContext, region: string): TemplateValues {
  return {
    name: source.name,
    region,
    'source-region': config.sourceRegion,
    'source-ami-id': config.sourceImageId,
    date: utcDate(run.startedAt),
    timestamp: utcTimestamp(run.startedAt),
  };
}

type TokenParameters = Omit<RegionPlan, 'clientToken' | 'reuseTags'>;

/**
 * A hash of every CopyImage parameter and the invocation: a call retried by this process reuses
 * the token (AWS returns the same image), anything else gets a new one. Another run or a second
 * step never shares it: they find an existing copy by looking, not through the token.
 */
function clientToken(config: Config, plan: TokenParameters, run: RunContext): string {
  const material = JSON.stringify([
    config.sourceImageId,
    config.sourceRegion,
    plan.region,
    plan.kind,
    plan.name,
    plan.description,
    plan.encrypted,
    plan.kmsKeyId ?? null,
    sortedEntries(plan.imageTags),
    plan.snapshotTags === undefined ? null : sortedEntries(plan.snapshotTags),
    plan.completionDurationMinutes ?? null,
    run.repository ?? null,
    run.runId ?? null,
    run.runAttempt ?? null,
    run.invocationId,
  ]);
  return tokenFrom(material);
}

/** The token of a fresh CopyImage after the copy made with `token` vanished (`attempt` ≥ 1). */
export function retryToken(token: string, attempt: number): string {
  return attempt === 0 ? token : tokenFrom(JSON.stringify([token, attempt]));
}

function tokenFrom(material: string): string {
  const digest = createHash('sha256').update(material).digest('hex');
  return `${CLIENT_TOKEN_PREFIX}${digest.slice(0, 64 - CLIENT_TOKEN_PREFIX.length - 1)}`;
}

function sortedEntries(tags: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function checkPlan(config: Config, plan: RegionPlan, source: ImageInfo): string[] {
  if (plan.kind === 'source') return [];
  const problems: string[] = [];
  const nameProblem = checkAmiName(plan.name);
  if (nameProblem !== undefined) {
    const origin =
      config.nameTemplate === undefined
        ? 'the source name'
        : `the name template ${JSON.stringify(config.nameTemplate)}`;
    problems.push(
      `${plan.region}: the name ${JSON.stringify(plan.name)} (from ${origin}) ${nameProblem}: ${nameFix(plan.name, config.nameTemplate)}`,
    );
  }
  const descriptionProblem = checkImageDescription(plan.description);
  if (descriptionProblem !== undefined) {
    problems.push(
      `${plan.region}: the description ${descriptionProblem}: set a shorter description template`,
    );
  }
  const countProblem = checkTagCount(plan.imageTags);
  if (countProblem !== undefined) {
    const hint = tagCountFix({ sourceTags: source.tags, copyTags: config.copyTags, userTags: config.tags });
    problems.push(
      `${plan.region}: the copy would get ${countProblem} (source tags, tags input and 3 provenance tags): ${hint}`,
    );
  }
  return problems;
}
