/**
 * The release step: runs once, after every region has settled, and publishes the run's region
 * map to the GitHub release of the tag: its section of the body (replaced, never duplicated)
 * and the asset `<section>.json` (replaced). It never throws for GitHub's answers: a refusal is
 * a `failed` report with the fix, and the copies are not touched by it.
 *
 * Two jobs that write sections of the same release at once (a matrix of images) each read,
 * change and write the whole body: GitHub has no conditional update, so one could drop the
 * other's section. After writing, the step reads the body again a little later and writes
 * again while its section is missing, so the last writer re-adds what the other removed.
 */
import type { Clock } from '../../clock.js';
import { GitHubCallError, type Release, type ReleasesGateway } from '../../github/releases.js';
import type { Logger } from '../../logger.js';
import { RELEASE_BODY_MAX_LENGTH } from '../../rules/github-release.js';
import type { ReleaseSection } from './inputs.js';
import { sectionIn, spliceSection } from './release-body.js';

export type ReleaseStatus =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'would-create'
  | 'would-update'
  | 'skipped'
  | 'failed';

export interface ReleaseReport {
  readonly status: ReleaseStatus;
  readonly repository: string;
  readonly tag: string;
  readonly section: string;
  readonly asset: string;
  /** The release's page, when there is one. */
  readonly url: string | undefined;
  /** One line for the log and the summary, plain text. */
  readonly text: string;
  readonly reason?: {
    readonly call: string;
    readonly status: number;
    readonly message: string;
    readonly action: string;
  };
}

export interface ReleaseContent {
  /** The marked section (starts and ends with its markers). */
  readonly section: string;
  /** The asset's JSON text. */
  readonly asset: string;
  /** False when no region has an image: nothing is published. */
  readonly hasImages: boolean;
}

export interface PublishDeps {
  readonly github: ReleasesGateway;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly dryRun: boolean;
  /** How long after writing the body it is read back (the window for a concurrent writer). */
  readonly settleMs?: number;
}

/** Writes of the body before the step gives up on a writer that keeps dropping its section. */
const BODY_ATTEMPTS = 4;
const SETTLE_MS = 2_000;

export function assetName(sectionId: string): string {
  return `${sectionId}.json`;
}

export async function publishRelease(
  config: ReleaseSection,
  content: ReleaseContent,
  deps: PublishDeps,
): Promise<ReleaseReport> {
  const base: ReportBase = {
    repository: config.repository,
    tag: config.tag,
    section: config.sectionId,
    asset: assetName(config.sectionId),
  };
  const where = `release ${config.tag} of ${config.repository}`;
  if (!content.hasImages)
    return {
      ...base,
      status: 'skipped',
      url: undefined,
      text: `${where} not changed: no region has an image to publish`,
    };
  let release: Release | undefined;
  try {
    release = await deps.github.findByTag(config.tag);
    if (deps.dryRun) {
      const spliced = release ? spliceSection(release.body, config.sectionId, content.section) : undefined;
      if (spliced && !spliced.ok) return bodyRefused(base, where, release, spliced.problem);
      return release
        ? {
            ...base,
            status: 'would-update',
            url: release.htmlUrl,
            text: `would update ${where} (GitHub has no dry run: write permission not checked)`,
          }
        : {
            ...base,
            status: 'would-create',
            url: undefined,
            text: `would create ${where} (GitHub has no dry run: write permission not checked)`,
          };
    }
    const body = await writeSection(config, content.section, release, deps);
    if (!body.ok) return bodyRefused(base, where, body.release, body.problem);
    release = body.release;
    await replaceAsset(release, base.asset, content.asset, deps.github);
    const status = body.created ? 'created' : body.changed ? 'updated' : 'unchanged';
    const done = {
      created: 'created',
      updated: 'updated the section of',
      unchanged: 'section already current in',
    }[status];
    deps.logger.info(`Release: ${done} ${where}; asset ${base.asset} replaced.`);
    return { ...base, status, url: release.htmlUrl, text: `${done} ${where}; asset ${base.asset} uploaded` };
  } catch (error) {
    if (!(error instanceof GitHubCallError)) throw error;
    const action = fixFor(error, config);
    deps.logger.warning(`Release: ${error.call} failed (${error.status}: ${error.message}). ${action}`);
    return {
      ...base,
      status: 'failed',
      url: release?.htmlUrl,
      text: `${where} not updated: ${error.call} answered ${error.status || 'nothing'} (${error.message}). ${action}`,
      reason: { call: error.call, status: error.status, message: error.message, action },
    };
  }
}

type ReportBase = Pick<ReleaseReport, 'repository' | 'tag' | 'section' | 'asset'>;

/** The body cannot take the section (broken markers, too long, a writer that keeps dropping it). */
function bodyRefused(
  base: ReportBase,
  where: string,
  release: Release | undefined,
  problem: string,
): ReleaseReport {
  return {
    ...base,
    status: 'failed',
    url: release?.htmlUrl,
    text: `${where} not changed: ${problem}`,
    reason: { call: 'release body', status: 0, message: problem, action: problem },
  };
}

type BodyOutcome =
  | { readonly ok: true; readonly release: Release; readonly created: boolean; readonly changed: boolean }
  | { readonly ok: false; readonly release: Release | undefined; readonly problem: string };

async function writeSection(
  config: ReleaseSection,
  section: string,
  found: Release | undefined,
  deps: PublishDeps,
): Promise<BodyOutcome> {
  let release = found;
  let created = false;
  let changed = false;
  for (let attempt = 0; attempt < BODY_ATTEMPTS; attempt++) {
    if (release === undefined) {
      try {
        release = await deps.github.create(config.tag, section);
        created = true;
      } catch (error) {
        // Another job created it first: edit that one.
        if (!(error instanceof GitHubCallError && error.codes.includes('already_exists'))) throw error;
        release = await deps.github.findByTag(config.tag);
        if (release === undefined) throw error;
        continue;
      }
    } else {
      const spliced = spliceSection(release.body, config.sectionId, section);
      if (!spliced.ok) return { ok: false, release, problem: spliced.problem };
      if (spliced.body === release.body) return { ok: true, release, created, changed };
      if (spliced.body.length > RELEASE_BODY_MAX_LENGTH)
        return {
          ok: false,
          release,
          problem: `the body would be ${spliced.body.length} characters long and GitHub takes ${RELEASE_BODY_MAX_LENGTH}; shorten the release notes`,
        };
      release = await deps.github.updateBody(release.id, spliced.body);
      changed = true;
    }
    // Read back after a concurrent writer's read-modify-write could have landed.
    await deps.clock.sleep(deps.settleMs ?? SETTLE_MS);
    release = await deps.github.get(release.id);
    if (sectionIn(release.body, config.sectionId) === section) return { ok: true, release, created, changed };
    deps.logger.info(
      `Release: the section ${config.sectionId} was overwritten by another writer; writing it again.`,
    );
  }
  return {
    ok: false,
    release,
    problem: `another writer replaced the release body ${BODY_ATTEMPTS} times in a row without section ${config.sectionId}; rerun the job once the other job has finished`,
  };
}

/** Deletes the asset of that name (if any) and uploads the new one; once more if a concurrent upload got in between. */
async function replaceAsset(
  release: Release,
  name: string,
  data: string,
  github: ReleasesGateway,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    for (const asset of await github.listAssets(release.id))
      if (asset.name === name) await github.deleteAsset(asset.id);
    try {
      await github.uploadAsset(release, name, 'application/json', data);
      return;
    } catch (error) {
      if (attempt > 0 || !(error instanceof GitHubCallError && error.codes.includes('already_exists')))
        throw error;
    }
  }
}

function fixFor(error: GitHubCallError, config: ReleaseSection): string {
  if (error.status === 401)
    return "GitHub refused the token: pass a valid token in github-token (the default is the job's GITHUB_TOKEN).";
  if (error.status === 403)
    return 'The token may not change releases: give the job "permissions: contents: write", or pass a token that can in github-token. The copies are done; rerun the job to publish (it reuses them).';
  if (error.status === 404)
    return `GitHub shows no repository ${config.repository} to this token: check GITHUB_REPOSITORY and that the token can read it (permissions: contents: read).`;
  if (error.status === 422) return 'GitHub refused the change as invalid; the message says why.';
  return 'GitHub did not answer as expected; rerun the job to publish (it reuses the copies).';
}
