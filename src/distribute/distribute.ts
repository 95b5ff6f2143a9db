import type { Ec2Access } from '../aws/types.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../logger.js';
import { planDistribution, type RunContext } from '../plan.js';
import { removeCopy } from './cleanup.js';
import { preflight } from './preflight.js';
import { failedInAws, snapshotIdsOf, sourceResult, type Track, toResult } from './region-track.js';
import { type DistributionResult, DistributionStopped } from './result-types.js';
import { imageSizeGiB, resolveSource } from './source.js';
import { type StartOutcome, startCopy } from './start-copy.js';
import type { WaitForImages, WaitOutcome, WaitTarget } from './wait-types.js';

export interface DistributeDeps {
  readonly ec2: Ec2Access;
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
 * created; once copies exist, every outcome is returned region by region, never thrown.
 */
export async function distribute(config: Config, deps: DistributeDeps): Promise<DistributionResult> {
  const { clock, logger } = deps;
  const startedAt = clock.now();
  const deadline = startedAt + config.timeoutMs;
  const sourceEc2 = deps.ec2.forRegion(config.sourceRegion);

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

  const reused = await logger.group('Preflight: regions, earlier copies, names', () =>
    preflight(
      {
        plans,
        sourceRegion: config.sourceRegion,
        sourceImageId: config.sourceImageId,
        reuseExisting: config.reuseExisting,
      },
      { ec2: deps.ec2, logger },
    ),
  );

  const tracks: Track[] = plans
    .filter((plan) => plan.kind === 'copy')
    .map((plan) => {
      const earlier = reused.get(plan.region);
      return {
        plan,
        origin: earlier ? 'reused' : 'new',
        imageId: earlier?.imageId,
        startedAt: earlier ? clock.now() : undefined,
        waitedMs: 0,
        state: earlier?.state === 'available' ? 'available' : 'pending',
        reason: undefined,
        image: earlier,
        observedAt: earlier?.state === 'available' ? clock.now() : undefined,
        progressPercent: undefined,
        removal: undefined,
      };
    });

  const sizeGiB = imageSizeGiB(source);
  await logger.group('Copies', () => copyAndWait(tracks, config, deps, deadline, sizeGiB));
  await cleanUp(tracks, config, deps);

  return {
    source: {
      imageId: source.imageId,
      region: config.sourceRegion,
      name: source.name,
      encrypted: source.encrypted,
      sizeGiB,
    },
    regions: plans.map((plan) => {
      const track = tracks.find((t) => t.plan.region === plan.region);
      const hints = { roleConfigured: config.role !== undefined, onCancel: config.onCancel };
      return track ? toResult(track, clock.now(), hints) : sourceResult(plan, source);
    }),
    startedAt,
    finishedAt: clock.now(),
  };
}

/**
 * Starts every copy at once and waits for all of them with one poller. Copies refused for
 * the concurrent-copy quota keep retrying; each joins the wait as soon as it is accepted.
 */
async function copyAndWait(
  tracks: Track[],
  config: Config,
  deps: DistributeDeps,
  deadline: number,
  sizeGiB: number,
): Promise<void> {
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
            const source = { imageId: config.sourceImageId, region: config.sourceRegion };
            const start = startCopy(track.plan, source, {
              ec2: deps.ec2.forRegion(track.plan.region),
              clock: deps.clock,
              logger: deps.logger,
              deadline,
              signal: deps.signal,
              onQueued: () => {
                queued = true;
                firstAnswer();
              },
            }).then(async (outcome) => {
              applyStart(track, outcome, deps);
              if (!queued) {
                if (outcome.ok) firstWave.push(track);
                firstAnswer();
              } else if (outcome.ok && config.wait) {
                await waitFor([track], deps, deadline, sizeGiB);
              }
            });
            starts.push(start);
          }),
      ),
  );
  const firstWait = config.wait ? waitFor(firstWave, deps, deadline, sizeGiB) : Promise.resolve();
  await Promise.all([firstWait, ...starts]);
}

function applyStart(track: Track, outcome: StartOutcome, deps: DistributeDeps): void {
  track.waitedMs = outcome.waitedMs;
  if (outcome.ok) {
    track.imageId = outcome.imageId;
    track.startedAt = outcome.startedAt;
    deps.onCopyStarted?.(track.plan.region, outcome.imageId);
    return;
  }
  track.state = outcome.reason.code === 'cancelled' ? 'cancelled' : 'failed';
  track.reason = outcome.reason;
}

async function waitFor(
  tracks: Track[],
  deps: DistributeDeps,
  deadline: number,
  sizeGiB: number,
): Promise<void> {
  const targets: WaitTarget[] = tracks.flatMap((track) =>
    track.imageId && track.startedAt !== undefined
      ? [{ region: track.plan.region, imageId: track.imageId, sizeGiB, startedAt: track.startedAt }]
      : [],
  );
  if (targets.length === 0) return;
  const count = targets.length === 1 ? '1 copy' : `${targets.length} copies`;
  deps.logger.info(
    `Waiting for ${count} (${targets.map((t) => t.region).join(', ')}) until ${new Date(deadline).toISOString()} at the latest.`,
  );
  const outcomes = await deps.waitForImages(targets, {
    ec2: deps.ec2,
    clock: deps.clock,
    logger: deps.logger,
    deadline,
    signal: deps.signal,
  });
  for (const outcome of outcomes) {
    const track = tracks.find((t) => t.imageId === outcome.imageId && t.plan.region === outcome.region);
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

/**
 * Failed copies go when `cleanup-failed`; timed-out ones when `on-timeout: deregister`. A copy
 * counts as failed only when AWS said so: one the wait gave up on because it could no longer
 * ask (expired credentials, access denied) may still be copying, and is left alone.
 */
async function cleanUp(tracks: Track[], config: Config, deps: DistributeDeps): Promise<void> {
  const doomed = tracks.filter(
    (t) =>
      t.origin === 'new' &&
      t.imageId !== undefined &&
      ((t.state === 'failed' && config.cleanupFailed && failedInAws(t)) ||
        (t.state === 'timed-out' && config.onTimeout === 'deregister')),
  );
  if (doomed.length === 0) return;
  await deps.logger.group('Cleaning up copies that did not become available', async () => {
    await Promise.all(
      doomed.map(async (track) => {
        const imageId = track.imageId as string;
        const known = snapshotIdsOf(track.image);
        const removal = await removeCopy(deps.ec2.forRegion(track.plan.region), imageId, known, deps.logger);
        track.removal = removal;
      }),
    );
  });
}
