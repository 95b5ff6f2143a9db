import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL_PARAMS } from '../../src/waiter/poll-schedule.js';
import type { PollerOptions } from '../../src/waiter/poller.js';
import { availableAt, sdkError } from './fake-ec2.js';
import { copy, HOUR, MIN, runWait, SEC, T0 } from './harness.js';

const P = DEFAULT_POLL_PARAMS;

describe('waitForImages: copies that complete', () => {
  it('sees every copy available soon after it completes, with few calls', async () => {
    const copies = [
      copy('eu-west-1', 'ami-00000001', 0.5, 8, { sizeGiB: 8 }),
      copy('us-east-2', 'ami-00000002', 10, 50, { sizeGiB: 120 }),
      copy('ap-south-1', 'ami-00000003', 20, 180, { sizeGiB: 500, registrationMs: 30 * SEC }),
    ];
    const { outcomes, ec2 } = await runWait(copies);
    for (const c of copies) {
      const outcome = outcomes.find((o) => o.imageId === c.imageId);
      expect(outcome?.state).toBe('available');
      expect(outcome?.progressPercent).toBe(100);
      const lag = (outcome?.observedAt ?? 0) - availableAt(c);
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThanOrEqual(30 * SEC);
    }
    // A 15 s loop per image would make ~1,100 calls here (4.6 image-hours).
    expect(ec2.count()).toBeLessThan(150);
  });

  it('batches one DescribeImages per round with every pending image of the region', async () => {
    const copies = [
      copy('eu-west-1', 'ami-0000000a', 1, 5),
      copy('eu-west-1', 'ami-0000000b', 1, 20),
      copy('eu-west-1', 'ami-0000000c', 1, 40),
    ];
    const { outcomes, ec2 } = await runWait(copies);
    expect(outcomes.map((o) => o.state)).toEqual(['available', 'available', 'available']);
    // Every DescribeImages asks for all the images of the region still pending at that moment.
    const imageCalls = ec2.calls.filter((c) => c.action === 'DescribeImages');
    for (const call of imageCalls) {
      const pending = outcomes.filter((o) => (o.observedAt ?? 0) >= call.at).map((o) => o.imageId);
      expect([...call.ids].sort()).toEqual(pending.sort());
    }
    expect(imageCalls.some((c) => c.ids.length === 3)).toBe(true);
    // Progress is batched too.
    expect(ec2.calls.some((c) => c.action === 'DescribeSnapshots' && c.ids.length >= 2)).toBe(true);
    // Never two calls of the same API in one region at the same instant.
    const keys = ec2.calls.map((c) => `${c.action}@${c.at}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('reports each copy to onSettled once, as it settles', async () => {
    const copies = [copy('eu-west-1', 'ami-00000011', 1, 5), copy('us-west-2', 'ami-00000012', 1, 30)];
    const { settled, outcomes } = await runWait(copies);
    expect(settled.map((o) => o.imageId)).toEqual(['ami-00000011', 'ami-00000012']);
    expect(settled[0]?.observedAt).toBeLessThan(settled[1]?.observedAt ?? 0);
    expect(outcomes).toEqual(settled);
  });

  it('logs progress per region at a readable pace', async () => {
    const copies = [copy('eu-west-1', 'ami-00000021', 5, 120, { sizeGiB: 300 })];
    const { logger } = await runWait(copies);
    const lines = logger.text('info').filter((l) => l.startsWith('eu-west-1: ami-00000021'));
    expect(lines.some((l) => /\d+%/.test(l))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/available after 2h 0[05]m/);
    // Two hours of copying: a line per 10 points or 5 minutes at most, not one per poll.
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.length).toBeLessThanOrEqual(35);
  });
});

describe('waitForImages: choosing the look worth its call', () => {
  it('stops reading snapshots of a copy that sits at 0% and sees it done by DescribeImages', async () => {
    // Reads 0% for its whole 40 minutes, then is done at once (as real copies have been seen to).
    const stuck = copy('eu-west-1', 'ami-000000e1', 40, 0.1, { sizeGiB: 8, progress: () => 0 });
    const { outcomes, ec2 } = await runWait([stuck]);
    expect(outcomes[0]?.state).toBe('available');
    const latency = (outcomes[0]?.observedAt ?? 0) - availableAt(stuck);
    expect(latency).toBeLessThanOrEqual(P.imageCapMs * (1 + P.jitterFraction));
    // A handful of snapshot reads in the first minutes, none after: 40 minutes of DescribeImages.
    const reads = ec2.calls.filter((c) => c.action === 'DescribeSnapshots');
    expect(reads.length).toBeLessThanOrEqual(4);
    expect(Math.max(...reads.map((c) => c.at)) - T0).toBeLessThan(5 * MIN);
    expect(ec2.count('DescribeImages')).toBeGreaterThan(30);
    expect(ec2.count('DescribeImages')).toBeLessThan(50);
  });

  it('never drops the DescribeImages of a round because DescribeSnapshots was throttled', async () => {
    // Every DescribeSnapshots is refused; DescribeImages is due every 2 minutes besides.
    const copies = [copy('eu-west-1', 'ami-000000e2', 30, 60, { sizeGiB: 500 })];
    const { outcomes, ec2 } = await runWait(copies, {
      options: { params: { imageCheckMaxMs: 2 * MIN } },
      configure: (ec2) => {
        ec2.fault = (action) =>
          action === 'DescribeSnapshots' ? sdkError('RequestLimitExceeded', 503) : undefined;
      },
    });
    const throttledReads = ec2.calls.filter((c) => c.action === 'DescribeSnapshots');
    const imagesAt = new Set(ec2.calls.filter((c) => c.action === 'DescribeImages').map((c) => c.at));
    // Rounds whose snapshot read was refused still asked DescribeImages when it was due...
    expect(throttledReads.filter((c) => imagesAt.has(c.at)).length).toBeGreaterThan(0);
    // ...so the copy is seen soon after it completes, not at the deadline's last look.
    expect(outcomes[0]?.state).toBe('available');
    expect((outcomes[0]?.observedAt ?? 0) - availableAt(copies[0] as never)).toBeLessThanOrEqual(5 * MIN);
    // The refusals back the region off: no read every few seconds.
    const readGaps = throttledReads.slice(1).map((c, i) => c.at - (throttledReads[i]?.at ?? 0));
    expect(Math.min(...readGaps)).toBeGreaterThanOrEqual(P.throttleBaseMs * (1 - P.jitterFraction));
  });

  it('learns the spread of registration lags and paces the looks through it', async () => {
    // Lags of 10 s to 2 minutes, copies finishing one after another in one region.
    const copies = [10, 20, 30, 40, 50, 60].map((min, i) =>
      copy('eu-west-1', `ami-000000f${i}`, 1, min, {
        sizeGiB: 30,
        registrationMs: ([10, 120, 60, 15, 100, 40][i] ?? 0) * SEC,
      }),
    );
    const { outcomes } = await runWait(copies);
    for (const [i, c] of copies.entries()) {
      const outcome = outcomes[i];
      expect(outcome?.state).toBe('available');
      // Later copies, once lags are seen to differ, are found within the pace of the looks.
      expect((outcome?.observedAt ?? 0) - availableAt(c)).toBeLessThanOrEqual(
        P.imageCapMs * (1 + P.jitterFraction),
      );
    }
  });
});

describe('waitForImages: failures', () => {
  it('ends a failed copy with AWS state reason, and treats the other final states as failed', async () => {
    const reason = { code: 'Client.InvalidKMSKey.NotFound', message: 'The KMS key does not exist' };
    const copies = [
      copy('eu-west-1', 'ami-00000031', 1, 60, { ends: { at: T0 + 4 * MIN, state: 'failed', reason } }),
      copy('us-east-2', 'ami-00000032', 1, 60, { ends: { at: T0 + 10 * MIN, state: 'error' } }),
      copy('ap-south-1', 'ami-00000033', 1, 60, { ends: { at: T0 + 10 * MIN, state: 'deregistered' } }),
      copy('sa-east-1', 'ami-00000034', 1, 60, { ends: { at: T0 + 10 * MIN, state: 'invalid' } }),
      copy('ca-central-1', 'ami-00000035', 1, 60, { ends: { at: T0 + 10 * MIN, state: 'disabled' } }),
    ];
    const { outcomes } = await runWait(copies);
    expect(outcomes.map((o) => o.state)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
    expect(outcomes[0]?.reason).toEqual(reason);
    expect(outcomes[1]?.reason?.code).toBe('Image.error');
    // The snapshot turning to error brings the image check into the same round: noticed at the
    // next snapshot read, within two minutes (the looks while a copy sits at 0% spread out fast).
    expect((outcomes[0]?.observedAt ?? 0) - (T0 + 4 * MIN)).toBeLessThanOrEqual(2 * MIN);
  });

  it('catches a copy AWS fails right away at the first early look', async () => {
    const reason = { code: 'Client.InternalError', message: 'Copy image failed with an internal error' };
    const copies = [
      copy('eu-west-1', 'ami-00000041', 1, 60, { ends: { at: T0 + 5 * SEC, state: 'failed', reason } }),
    ];
    const { outcomes } = await runWait(copies);
    expect(outcomes[0]?.state).toBe('failed');
    expect(outcomes[0]?.observedAt).toBe(T0 + P.firstPollMs);
  });

  it('tolerates an id DescribeImages does not know yet right after CopyImage', async () => {
    const copies = [copy('eu-west-1', 'ami-00000051', 1, 10, { visibleAt: T0 + 40 * SEC })];
    const { outcomes } = await runWait(copies);
    expect(outcomes[0]?.state).toBe('available');
  });

  it('fails a copy that disappears (deregistered by someone) with a clear reason', async () => {
    const copies = [copy('eu-west-1', 'ami-00000061', 1, 60, { goneAt: T0 + 20 * MIN })];
    const { outcomes } = await runWait(copies);
    expect(outcomes[0]?.state).toBe('failed');
    expect(outcomes[0]?.reason?.code).toBe('InvalidAMIID.NotFound');
    expect(outcomes[0]?.reason?.message).toMatch(/no longer lists ami-00000061.*deregistered/);
    expect(outcomes[0]?.observedAt).toBeLessThan(T0 + 40 * MIN);
  });

  it('fails a region whose calls are denied, with the code, and leaves other regions alone', async () => {
    const copies = [copy('eu-west-1', 'ami-00000071', 1, 30), copy('us-east-2', 'ami-00000072', 1, 30)];
    const { outcomes } = await runWait(copies, {
      configure: (ec2) => {
        ec2.fault = (action, region) =>
          region === 'eu-west-1' && action === 'DescribeImages'
            ? sdkError('UnauthorizedOperation', 403, 'You are not authorized to perform this operation.')
            : undefined;
      },
    });
    expect(outcomes[0]?.state).toBe('failed');
    expect(outcomes[0]?.reason?.code).toBe('UnauthorizedOperation');
    expect(outcomes[0]?.reason?.message).toMatch(/^DescribeImages failed: .*not authorized/);
    expect(outcomes[1]?.state).toBe('available');
  });

  it('fails on expired credentials instead of waiting for the timeout', async () => {
    const copies = [copy('eu-west-1', 'ami-00000081', 1, 120)];
    const { outcomes, endedAt, ec2, logger } = await runWait(copies, {
      configure: (ec2) => {
        ec2.fault = (_action, _region, now) => (now > T0 + HOUR ? sdkError('ExpiredToken', 400) : undefined);
      },
    });
    expect(outcomes[0]?.state).toBe('failed');
    expect(outcomes[0]?.reason?.code).toBe('ExpiredToken');
    // Ended in the round that first met the expired token, not one poll later...
    const firstRefused = ec2.calls.find((c) => c.failed);
    expect(endedAt).toBe(firstRefused?.at);
    // ...and not mistaken for a missing DescribeSnapshots permission.
    expect(logger.text('warning').some((l) => l.includes('snapshot progress'))).toBe(false);
  });

  it('waits on without progress when DescribeSnapshots is denied', async () => {
    const copies = [copy('eu-west-1', 'ami-00000091', 1, 20)];
    const { outcomes, logger, ec2 } = await runWait(copies, {
      configure: (ec2) => {
        ec2.fault = (action) =>
          action === 'DescribeSnapshots' ? sdkError('UnauthorizedOperation', 403) : undefined;
      },
    });
    expect(outcomes[0]?.state).toBe('available');
    expect(logger.text('warning').some((l) => l.includes('cannot read snapshot progress'))).toBe(true);
    // Denied once, not asked again.
    expect(ec2.count('DescribeSnapshots')).toBe(1);
  });
});

describe('waitForImages: throttling and transient errors', () => {
  it('backs off a throttled region without storming, and leaves the other regions alone', async () => {
    const throttledUntil = T0 + 30 * MIN;
    const copies = [copy('eu-west-1', 'ami-000000a1', 1, 60), copy('us-east-2', 'ami-000000a2', 1, 20)];
    const { outcomes, ec2 } = await runWait(copies, {
      configure: (ec2) => {
        ec2.fault = (_action, region, now) =>
          region === 'eu-west-1' && now < throttledUntil ? sdkError('RequestLimitExceeded', 503) : undefined;
      },
    });
    expect(outcomes.map((o) => o.state)).toEqual(['available', 'available']);
    const throttled = ec2.calls.filter((c) => c.region === 'eu-west-1' && c.at < throttledUntil);
    // Growing gaps: each throttled round waits at least as long as the one before (jitter aside).
    const gaps = throttled.slice(1).map((c, i) => c.at - (throttled[i]?.at ?? 0));
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(P.throttleMaxMs * 0.9);
    // 30 minutes of throttling cost a handful of calls, not one every few seconds.
    expect(throttled.length).toBeLessThanOrEqual(25);
    // The other region: its own pace, done close to its completion.
    const other = outcomes[1];
    expect((other?.observedAt ?? 0) - availableAt(copies[1] as never)).toBeLessThanOrEqual(30 * SEC);
  });

  it('spaces the calls of a region whose calls get through only after retries, its other regions unpaced', async () => {
    // Two copies into each of two regions. In eu-west-1 other pipelines leave budget for one call
    // per 20 s: a call sooner than that waits for it, the SDK retrying every 2 s.
    const budgetMs = 20 * SEC;
    const copies = [
      copy('eu-west-1', 'ami-000000b1', 2, 12),
      copy('eu-west-1', 'ami-000000b3', 1, 25),
      copy('us-east-2', 'ami-000000b2', 2, 12),
      copy('us-east-2', 'ami-000000b4', 1, 25),
    ];
    const run = (params: PollerOptions['params']) => {
      let lastGranted = Number.NEGATIVE_INFINITY;
      return runWait(copies, {
        options: { params },
        configure: (ec2) => {
          ec2.retried = (_action, region, now) => {
            if (region !== 'eu-west-1') return undefined;
            const granted = Math.max(now, lastGranted + budgetMs);
            lastGranted = granted;
            const ms = granted - now;
            return ms > 0 ? { retries: Math.ceil(ms / (2 * SEC)), ms } : undefined;
          };
        },
      });
    };
    const paced = await run({});
    const unpaced = await run({ paceRetries: Number.POSITIVE_INFINITY });
    for (const { outcomes } of [paced, unpaced])
      expect(outcomes.map((o) => o.state)).toEqual(['available', 'available', 'available', 'available']);
    const retries = (r: typeof paced) => r.ec2.forRegion('eu-west-1').describeRetries?.() ?? 0;
    const callsIn = (r: typeof paced, region: string) => r.ec2.calls.filter((c) => c.region === region);
    // Paced, the region spends far fewer attempts of the shared budget waiting for it...
    expect(retries(paced)).toBeLessThan(retries(unpaced) / 2);
    // ...the region with budget is not paced at all...
    expect(callsIn(paced, 'us-east-2')).toEqual(callsIn(unpaced, 'us-east-2'));
    // ...and the log says so once, for the paced region only.
    const notices = paced.logger.text('info').filter((line) => line.includes('spacing this region'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^eu-west-1: a call got through only after \d+ retries/);
    // ...and the paced copies are still seen soon after completion: within a couple of budgets.
    for (const [i, outcome] of paced.outcomes.entries()) {
      const late = (outcome.observedAt ?? 0) - availableAt(copies[i] as never);
      expect(late).toBeLessThanOrEqual(outcome.region === 'eu-west-1' ? 3 * budgetMs : 30 * SEC);
    }
  });

  it('treats HTTP 429 and a bare 503 as throttling too', async () => {
    for (const error of [sdkError('TooManyRequestsException', 429), sdkError('Unknown', 503)]) {
      const copies = [copy('eu-west-1', 'ami-000000b1', 1, 30)];
      const { outcomes, ec2 } = await runWait(copies, {
        configure: (ec2) => {
          ec2.fault = (_action, _region, now) => (now < T0 + 10 * MIN ? error : undefined);
        },
      });
      expect(outcomes[0]?.state).toBe('available');
      expect(ec2.calls.filter((c) => c.at < T0 + 10 * MIN).length).toBeLessThanOrEqual(12);
    }
  });

  it('retries 5xx and network errors on a backed-off schedule; they are never fatal', async () => {
    let n = 0;
    const copies = [copy('eu-west-1', 'ami-000000c1', 1, 30)];
    const { outcomes } = await runWait(copies, {
      configure: (ec2) => {
        ec2.fault = () => {
          n++;
          if (n % 3 === 0) return sdkError('InternalError', 500);
          if (n % 3 === 1) return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
          return undefined;
        };
      },
    });
    expect(outcomes[0]?.state).toBe('available');
  });
});

describe('waitForImages: timeout and cancellation', () => {
  it('gives up at the deadline with timed-out, after one last look', async () => {
    const copies = [copy('eu-west-1', 'ami-000000d1', 1, 300), copy('us-east-2', 'ami-000000d2', 1, 30)];
    const { outcomes, endedAt, ec2 } = await runWait(copies, { timeoutMs: 2 * HOUR });
    expect(outcomes[0]?.state).toBe('timed-out');
    expect(outcomes[0]?.observedAt).toBeUndefined();
    expect(outcomes[1]?.state).toBe('available');
    expect(endedAt).toBe(T0 + 2 * HOUR);
    const last = ec2.calls.filter((c) => c.region === 'eu-west-1').at(-1);
    expect(last?.action).toBe('DescribeImages');
    expect(last?.at).toBe(T0 + 2 * HOUR);
  });

  it('still sees a copy that completes just before the deadline', async () => {
    const copies = [copy('eu-west-1', 'ami-000000e1', 0, 119.9)];
    const { outcomes } = await runWait(copies, { timeoutMs: 2 * HOUR });
    expect(outcomes[0]?.state).toBe('available');
  });

  it('ends promptly when the signal aborts, with cancelled copies', async () => {
    const controller = new AbortController();
    const abortAt = T0 + 47 * MIN + 123;
    const copies = [copy('eu-west-1', 'ami-000000f1', 1, 120), copy('us-east-2', 'ami-000000f2', 1, 20)];
    const { outcomes, endedAt, clock } = await runWait(copies, {
      signal: controller.signal,
      configure: (_ec2, clock) => clock.at(abortAt, () => controller.abort()),
    });
    expect(outcomes.map((o) => o.state)).toEqual(['cancelled', 'available']);
    expect(endedAt - abortAt).toBeLessThan(1000);
    // Nothing left sleeping on the clock.
    expect(clock.pendingSleepers()).toBe(0);
  });

  it('ends promptly on abort while a paced region waits between the two calls of a round', async () => {
    const controller = new AbortController();
    const done = copy('eu-west-1', 'ami-000000f3', 1, 20);
    let readAt = 0;
    let abortAt = 0;
    const { outcomes, endedAt, ec2, clock, logger } = await runWait([done], {
      signal: controller.signal,
      configure: (ec2, clock) => {
        // Every call waits 5 s for the budget: the region is paced at 10 s or more. The read that
        // finds the snapshots done wants DescribeImages in the same round, after the pace:
        // cancel during that pause.
        ec2.retried = (action, _region, now) => {
          if (action === 'DescribeSnapshots' && now >= done.completesAt && readAt === 0) {
            readAt = now;
            abortAt = now + 5 * SEC + 4 * SEC;
            clock.at(abortAt, () => controller.abort());
          }
          return { retries: 3, ms: 5 * SEC };
        };
      },
    });
    expect(readAt).toBeGreaterThan(0);
    expect(outcomes.map((o) => o.state)).toEqual(['cancelled']);
    expect(endedAt - abortAt).toBeLessThan(1000);
    expect(ec2.calls.filter((c) => c.at > readAt)).toEqual([]);
    expect(clock.pendingSleepers()).toBe(0);
    // A cancel is not a failed call: nothing was logged as an error of a Describe call.
    expect(logger.text('debug').filter((line) => /: Describe\w+: /.test(line))).toEqual([]);
  });

  it('ends promptly on abort even while a call hangs', async () => {
    const controller = new AbortController();
    const abortAt = T0 + 10 * MIN;
    const copies = [copy('eu-west-1', 'ami-000000f3', 1, 120)];
    const { outcomes, endedAt } = await runWait(copies, {
      signal: controller.signal,
      configure: (ec2, clock) => {
        ec2.hang = (_action, _region, now) => now > T0 + 5 * MIN;
        clock.at(abortAt, () => controller.abort());
      },
    });
    expect(outcomes[0]?.state).toBe('cancelled');
    expect(endedAt - abortAt).toBeLessThan(1000);
  });

  it('does not let a hanging call outlive the deadline', async () => {
    const copies = [copy('eu-west-1', 'ami-000000f4', 1, 120)];
    const { outcomes, endedAt } = await runWait(copies, {
      timeoutMs: HOUR,
      configure: (ec2) => {
        ec2.hang = (_action, _region, now) => now > T0 + 50 * MIN;
      },
    });
    expect(outcomes[0]?.state).toBe('timed-out');
    expect(endedAt).toBeLessThanOrEqual(T0 + HOUR + 20 * SEC);
  });

  it('returns cancelled for everything when aborted before the start', async () => {
    const controller = new AbortController();
    controller.abort();
    const { outcomes, ec2 } = await runWait([copy('eu-west-1', 'ami-000000f5', 1, 10)], {
      signal: controller.signal,
    });
    expect(outcomes[0]?.state).toBe('cancelled');
    expect(ec2.count()).toBe(0);
  });
});
