import type { Logger } from '../../src/logger.js';
import type { PollerOptions } from '../../src/waiter/poller.js';
import { createWaitForImages } from '../../src/waiter/poller.js';
import type { WaitOutcome, WaitTarget } from '../../src/waiter/wait-types.js';
import { type FakeCopy, FakeEc2 } from './fake-ec2.js';
import { TestClock } from './test-clock.js';

export const T0 = Date.UTC(2026, 0, 1);
export const SEC = 1000;
export const MIN = 60 * SEC;
export const HOUR = 60 * MIN;

export class RecordingLogger implements Logger {
  readonly lines: { level: 'info' | 'warning' | 'debug'; message: string }[] = [];
  info(message: string) {
    this.lines.push({ level: 'info', message });
  }
  warning(message: string) {
    this.lines.push({ level: 'warning', message });
  }
  debug(message: string) {
    this.lines.push({ level: 'debug', message });
  }
  group<T>(_title: string, fn: () => Promise<T>): Promise<T> {
    return fn();
  }
  text(level?: 'info' | 'warning' | 'debug'): string[] {
    return this.lines.filter((l) => !level || l.level === level).map((l) => l.message);
  }
}

/** A copy starting at T0: `zeroMin` minutes at 0%, then linear for `copyMin` minutes. */
export function copy(
  region: string,
  imageId: string,
  zeroMin: number,
  copyMin: number,
  extra: Partial<FakeCopy> = {},
): FakeCopy {
  return {
    region,
    imageId,
    sizeGiB: 50,
    startedAt: T0,
    risesAt: T0 + zeroMin * MIN,
    completesAt: T0 + (zeroMin + copyMin) * MIN,
    ...extra,
  };
}

export interface RunResult {
  readonly outcomes: WaitOutcome[];
  readonly settled: WaitOutcome[];
  readonly endedAt: number;
  readonly ec2: FakeEc2;
  readonly logger: RecordingLogger;
  readonly clock: TestClock;
}

export async function runWait(
  copies: readonly FakeCopy[],
  setup: {
    timeoutMs?: number;
    options?: PollerOptions;
    configure?: (ec2: FakeEc2, clock: TestClock) => void;
    signal?: AbortSignal;
    /** Time-based copies: `completesBy` of the target, by image id. */
    completesBy?: Readonly<Record<string, number>>;
  } = {},
): Promise<RunResult> {
  const clock = new TestClock(T0);
  const ec2 = new FakeEc2(clock, copies);
  const logger = new RecordingLogger();
  setup.configure?.(ec2, clock);
  const settled: WaitOutcome[] = [];
  const targets: WaitTarget[] = copies.map((c) => {
    const completesBy = setup.completesBy?.[c.imageId];
    const target = { region: c.region, imageId: c.imageId, sizeGiB: c.sizeGiB, startedAt: c.startedAt };
    return completesBy === undefined ? target : { ...target, completesBy };
  });
  const wait = createWaitForImages({ random: () => 0.5, ...setup.options });
  const outcomes = await clock.run(
    wait(targets, {
      ec2,
      clock,
      logger,
      deadline: T0 + (setup.timeoutMs ?? 6 * HOUR),
      signal: setup.signal,
      onSettled: (o) => settled.push(o),
    }),
  );
  return { outcomes, settled, endedAt: clock.now(), ec2, logger, clock };
}
