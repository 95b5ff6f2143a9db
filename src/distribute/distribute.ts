import type { Ec2Access, SsmAccess } from '../aws/types.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import { planDistribution, type RunContext } from '../plan.js';
import { activeSteps } from '../steps/pipeline-steps.js';
import type { StepTarget } from '../steps/step.js';
import type { WaitForImages, WaitOutcome, WaitTarget } from '../waiter/index.js';
import { isVanishedReason } from '../waiter/index.js';
import { stopMutationsOnCancel } from './cancel-guard.js';
import { cleanUpTracks } from './clean-up-tracks.js';
import type { CopyContext } from './copy-context.js';
import { expectedCopyOf } from './copy-identity.js';
import { dryRunDistribution } from './dry-run.js';
import { LEASE_MARGIN_MS } from './leases.js';
import {
  type PostCopyRuns,
  postCopyRuns,
  preflightSteps,
  sourceRegionsOutput,
  stepRegions,
} from './post-copy.js';
import { preflight } from './preflight.js';
import { releaseLeases, settleDuplicates, takeOver } from './region-copy.js';
import { newTrack, sourceResult, type Track, toResult } from './region-track.js';
import { DistributionCancelled, type DistributionResult, DistributionStopped } from './result-types.js';
import { imageSizeGiB, resolveSource } from './source.js';
import { type StartOutcome, startCopy } from './start-copy.js';

/** How many times a copy that vanished while pending is made again. */
const MAX_COPY_ATTEMPTS = 3;

export interface DistributeDeps {
  readonly ec2: Ec2Access;
  /** For the steps that publish to Parameter Store. */
  readonly ssm?: SsmAccess;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly waitForImages: WaitForImages;
  readonly run: RunContext;
  /** Aborting (the runner's cancel) ends waits promptly; started copies are reported, not lost. */
  readonly signal?: AbortSignal;
  /** Called as soon as CopyImage accepted a copy, so the caller can record it (post step). */
  readonly onCopyStarted?: (region: string, imageId: string) => void;
}

/**
 * The whole run: source, plan, preflight, copies (all regions at once), one poller for all
 * of them, cleanup. Throws `DistributionStopped` when a problem is found before any copy is
 * created, and `DistributionCancelled` when the run is cancelled before that; once copies exist,
 * every outcome is returned region by region, never thrown. No mutating call is made after the
 * signal aborts.
 */
export async function distribute(config: Config, deps: DistributeDeps): Promise<DistributionResult> {
  const { clock, logger } = deps;
  const ec2 = stopMutationsOnCancel(deps.ec2, deps.signal);
  const startedAt = clock.now();
  const deadline = startedAt + config.timeoutMs;
  const sourceEc2 = ec2.forRegion(config.sourceRegion);

  const source = await logger.group(
    `Source image ${config.sourceImageId} (${config.sourceRegion})`,
    async () => {
      const image = await resolveSource(config.sourceImageId, {
        ec2: sourceEc2,
        clock,
        logger,
        deadline,
        signal: deps.signal,
      });
      logger.info(
        `'${image.name}', ${imageSizeGiB(image)} GiB, ${image.encrypted ? 'encrypted' : 'unencrypted'}.`,
      );
      return image;
    },
  );

  const { plans, problems } = planDistribution(config, source, deps.run);
  if (problems.length > 0) throw new DistributionStopped(problems);
  const encryptedIn = new Map(plans.map((plan) => [plan.region, plan.encrypted]));
  const ctx: CopyContext = {
    clock,
    logger,
    invocationId: deps.run.invocationId,
    holder: [
      deps.run.repository,
      deps.run.runId && `run ${deps.run.runId}`,
      deps.run.runAttempt && `attempt ${deps.run.runAttempt}`,
    ]
      .filter(Boolean)
      .join(' '),
    leaseUntil: deadline + LEASE_MARGIN_MS,
    deadline,
    signal: deps.signal,
    reuseExisting: config.reuseExisting,
    // A dry run changes nothing, leftovers included.
    cleanupFailed: config.cleanupFailed && !config.dryRun,
    expected: (region) =>
      expectedCopyOf(source, config.sourceRegion, encryptedIn.get(region) ?? source.encrypted),
    warnedForged: new Set(),
  };

  const found = await logger.group('Preflight: regions, earlier copies, names', () =>
    preflight(
      { plans, sourceRegion: config.sourceRegion, sourceImageId: config.sourceImageId },
      { ec2, ctx },
    ),
  );
  if (deps.signal?.aborted) throw new DistributionCancelled('preflight');
  const steps = activeSteps(config);
  await preflightSteps(
    steps,
    {
      ec2,
      source,
      sourceRegion: config.sourceRegion,
      regions: stepRegions(config, plans, source),
      now: startedAt,
      ssm: deps.ssm,
    },
    logger,
  );
  if (deps.signal?.aborted) throw new DistributionCancelled('preflight');
  const sizeGiB = imageSizeGiB(source);
  const sourceSummary = {
    imageId: source.imageId,
    region: config.sourceRegion,
    name: source.name,
    encrypted: source.encrypted,
    sizeGiB,
  };
  const stepDeps = {
    ec2,
    ssm: deps.ssm,
    logger,
    source,
    sourceRegion: config.sourceRegion,
    startedAt,
    clock,
    signal: deps.signal,
  };
  if (config.dryRun) {
    const dry = { ...stepDeps, steps };
    const checked = await dryRunDistribution({ config, plans, found }, dry);
    return { source: sourceSummary, ...checked, startedAt, finishedAt: clock.now() };
  }
  const post = postCopyRuns(steps, { ...stepDeps, dryRun: false });
  for (const region of sourceRegionsOutput(config, plans))
    post.start({ region, origin: 'source', image: source });

  const tracks: Track[] = plans
    .filter((plan) => plan.kind === 'copy')
    .map((plan) => newTrack(plan, found.get(plan.region)));
  await Promise.all(
    tracks.flatMap((t) => {
      const earlier = found.get(t.plan.region);
      return earlier?.reuse ? [takeOver(t, earlier.reuse, ec2, ctx, earlier.snapshots)] : [];
    }),
  );
  for (const track of tracks) if (track.state === 'available') post.start(stepTarget(track));

  const run: RegionRun = { config, deps, ec2, ctx, sizeGiB, post };
  await logger.group('Copies', () => copyAndWait(tracks, run));
  const stepReports = await post.settle(
    [...tracks.map((t) => t.plan.region), ...sourceRegionsOutput(config, plans)],
    (region) => notDoneBecause(tracks.find((t) => t.plan.region === region)),
  );
  for (const track of tracks) track.steps.push(...(stepReports.get(track.plan.region) ?? []));
  const includedSourceSteps = config.targetRegions.includes(config.sourceRegion)
    ? []
    : (stepReports.get(config.sourceRegion) ?? []);
  if (!deps.signal?.aborted) {
    await cleanUpTracks(tracks, { config, ec2, ctx, logger });
    await releaseLeases(tracks, ec2, ctx);
  }

  return {
    source: sourceSummary,
    ...(includedSourceSteps.length > 0
      ? { sourceOutput: sourceResult(config.sourceRegion, source, includedSourceSteps) }
      : {}),
    regions: plans.map((plan) => {
      const track = tracks.find((t) => t.plan.region === plan.region);
      const hints = { roleConfigured: config.role !== undefined, onCancel: config.onCancel };
      return track
        ? toResult(track, clock.now(), hints)
        : sourceResult(plan.region, source, stepReports.get(plan.region) ?? []);
    }),
    startedAt,
    finishedAt: clock.now(),
  };
}

interface RegionRun {
  readonly config: Config;
  readonly deps: DistributeDeps;
  readonly ec2: Ec2Access;
  readonly ctx: CopyContext;
  readonly sizeGiB: number;
  readonly post: PostCopyRuns;
}

function stepTarget(track: Track): StepTarget {
  return { region: track.plan.region, origin: track.origin, image: track.image };
}

/** Why the steps did not act on a region's copy. */
function notDoneBecause(track: Track | undefined): string {
  if (!track) return 'no image';
  if (track.state === 'pending')
    return 'the copy is still pending (wait: false); a rerun with wait: true applies it';
  return `the copy ended ${track.state}`;
}

/**
 * Starts every copy at once and waits for all of them with one poller. Copies refused for
 * the concurrent-copy quota keep retrying; each joins the wait as soon as it is accepted. A
 * copy that vanishes while pending (removed by someone else) is looked for and made again.
 */
async function copyAndWait(tracks: Track[], run: RegionRun): Promise<void> {
  const firstWave: Track[] = tracks.filter((t) => t.origin === 'reused' && t.state === 'pending');
  // Settles when the copy is started and, for a copy that had to queue for quota, waited for.
  const starts: Promise<void>[] = [];
  // Each start gives its "first answer" when CopyImage accepts or fails it, or when the quota
  // first refuses it; the first wave is every copy accepted without queueing.
  await Promise.all(
    tracks
      .filter((t) => t.origin === 'new')
      .map(
        (track) =>
          new Promise<void>((firstAnswer) => {
            let queued = false;
            const start = acquire(track, run, () => {
              queued = true;
              firstAnswer();
            }).then(async (ok) => {
              if (!queued) {
                if (ok) firstWave.push(track);
                firstAnswer();
              } else if (ok && run.config.wait) {
                await waitFor([track], run);
              }
            });
            starts.push(start);
          }),
      ),
  );
  const firstWait = run.config.wait ? waitFor(firstWave, run) : Promise.resolve();
  await Promise.all([firstWait, ...starts]);
  if (run.config.wait) await Promise.all(tracks.map((track) => copyAgainIfVanished(track, run)));
}

/** Starts (or adopts) the region's copy and settles a race with another run; true when there is one to wait for. */
async function acquire(track: Track, run: RegionRun, onQueued?: () => void): Promise<boolean> {
  const { config, ec2, ctx } = run;
  const region = ec2.forRegion(track.plan.region);
  const outcome = await startCopy(
    track.plan,
    { imageId: config.sourceImageId, region: config.sourceRegion },
    { ec2: region, ctx, attempt: track.attempt, lookedAt: track.lookedAt, onQueued },
  );
  applyStart(track, outcome, run.deps);
  if (!outcome.ok) return false;
  if (outcome.kind === 'adopted') await takeOver(track, outcome.image, ec2, ctx);
  else await settleDuplicates(track, ec2, ctx);
  return track.state === 'pending' || track.state === 'available';
}

/** A copy that vanished while this run waited for it: look again, copy again, wait again. */
async function copyAgainIfVanished(track: Track, run: RegionRun): Promise<void> {
  while (
    track.state === 'failed' &&
    track.reason &&
    isVanishedReason(track.reason) &&
    track.attempt + 1 < MAX_COPY_ATTEMPTS &&
    !run.deps.signal?.aborted &&
    run.ctx.clock.now() < run.ctx.deadline
  ) {
    const gone = track.imageId;
    track.notes.push(
      `${gone} vanished while pending (removed by someone else); this run looked again and copied again`,
    );
    run.ctx.logger.warning(
      `${track.plan.region}: ${gone} vanished while pending; looking again and copying again.`,
    );
    Object.assign(track, {
      origin: 'new',
      imageId: undefined,
      startedAt: undefined,
      state: 'pending',
      reason: undefined,
      image: undefined,
      observedAt: undefined,
      progressPercent: undefined,
      removal: undefined,
      leaseHeld: false,
      lookedAt: undefined,
      attempt: track.attempt + 1,
    } satisfies Partial<Track>);
    if ((await acquire(track, run)) && isPending(track)) await waitFor([track], run);
  }
  if (track.state === 'failed' && track.reason && isVanishedReason(track.reason)) {
    track.removal = { disposition: 'gone', snapshotIds: [] };
  }
}

function isPending(track: Track): boolean {
  return track.state === 'pending';
}

function applyStart(track: Track, outcome: StartOutcome, deps: DistributeDeps): void {
  track.waitedMs += outcome.waitedMs;
  if (!outcome.ok) {
    track.state = outcome.reason.code === 'cancelled' ? 'cancelled' : 'failed';
    track.reason = outcome.reason;
    return;
  }
  if (outcome.kind === 'adopted') return;
  track.imageId = outcome.imageId;
  track.startedAt = outcome.startedAt;
  deps.onCopyStarted?.(track.plan.region, outcome.imageId);
}

async function waitFor(tracks: Track[], run: RegionRun): Promise<void> {
  const { deps, ctx } = run;
  const pending = tracks.filter((t) => t.state === 'pending');
  const targets: WaitTarget[] = pending.flatMap((track) =>
    track.imageId && track.startedAt !== undefined
      ? [
          {
            region: track.plan.region,
            imageId: track.imageId,
            sizeGiB: run.sizeGiB,
            startedAt: track.startedAt,
            // A time-based copy this run started is complete by then (for a reused one the start is unknown).
            ...(track.origin === 'new' && track.plan.completionDurationMinutes !== undefined
              ? { completesBy: track.startedAt + track.plan.completionDurationMinutes * 60_000 }
              : {}),
          },
        ]
      : [],
  );
  if (targets.length === 0) return;
  const count = targets.length === 1 ? '1 copy' : `${targets.length} copies`;
  deps.logger.info(
    `Waiting for ${count} (${targets.map((t) => t.region).join(', ')}) until ${new Date(ctx.deadline).toISOString()} at the latest.`,
  );
  const outcomes = await deps.waitForImages(targets, {
    ec2: run.ec2,
    clock: deps.clock,
    logger: deps.logger,
    deadline: ctx.deadline,
    signal: deps.signal,
    onSettled: (outcome) => {
      const track = pending.find((t) => t.imageId === outcome.imageId && t.plan.region === outcome.region);
      if (!track || outcome.state !== 'available') return;
      applyWait(track, outcome);
      run.post.start(stepTarget(track));
    },
  });
  for (const outcome of outcomes) {
    const track = pending.find((t) => t.imageId === outcome.imageId && t.plan.region === outcome.region);
    if (track) applyWait(track, outcome);
  }
}

function applyWait(track: Track, outcome: WaitOutcome): void {
  track.state = outcome.state;
  track.image = outcome.image ?? track.image;
  track.observedAt = outcome.observedAt;
  track.progressPercent = outcome.progressPercent;
  if (outcome.state === 'timed-out') {
    track.reason = { code: 'timed-out', message: 'Still pending when the timeout ran out.' };
  } else if (outcome.state === 'cancelled') {
    track.reason = { code: 'cancelled', message: 'Still pending when the run was cancelled.' };
  } else {
    track.reason = outcome.reason;
  }
}
