/**
 * Fault switches tests turn on: random or scripted errors per action, throttling with burst
 * windows, lost responses (the change is applied, the answer never arrives), per-call latency,
 * regions whose copies fail, and credentials that expire. Decisions use the model's seeded RNG
 * and the model clock, so a run repeats for a seed.
 */
import { awsError, type SimAwsError } from './errors.js';
import type { Rng } from './rng.js';

export interface StateReason {
  readonly code: string;
  readonly message: string;
}

export type ScriptedFaultKind =
  | { readonly kind: 'error'; readonly code: string; readonly message?: string; readonly status?: number }
  | { readonly kind: 'lost-response' };

interface Scripted {
  readonly action: string;
  readonly region: string | undefined;
  remaining: number;
  readonly fault: ScriptedFaultKind;
}

interface RateRule {
  readonly actions: readonly string[] | undefined;
  readonly regions: readonly string[] | undefined;
  readonly rate: number;
}

interface Burst extends RateRule {
  readonly start: number;
  readonly end: number;
}

/**
 * EC2's request throttling: a token bucket per account and region (per action group), refilled
 * at a fixed rate; a call takes a token or is refused with RequestLimitExceeded. Other pipelines
 * of the same account draw from the same bucket at `otherUsePerSecond`.
 */
export interface TokenBucketSpec {
  /** Bucket size (EC2's documented default for non-mutating actions: 100). */
  readonly capacity: number;
  /** Tokens added per second (EC2's default for non-mutating actions: 20). */
  readonly refillPerSecond: number;
  /** Tokens per second the account's other pipelines take from the same bucket (default 0). */
  readonly otherUsePerSecond?: number;
  /** Tokens in each region's bucket at model time `start` (default: full). */
  readonly initialTokens?: number;
  readonly actions?: readonly string[];
  readonly regions?: readonly string[];
}

interface TokenBucket {
  readonly spec: TokenBucketSpec;
  /** region -> tokens and when they were last brought up to date. */
  readonly state: Map<string, { tokens: number; at: number }>;
}

interface ServerErrorRule extends RateRule {
  readonly code: 'InternalError' | 'Unavailable';
}

export interface CopyFailure {
  readonly reason: StateReason;
  /** Fraction of the copy's duration after which it fails (0..1). */
  readonly atFraction: number;
}

export const COPY_INTERNAL_ERROR: StateReason = {
  code: 'Client.InternalError',
  message: 'Copy image failed with an internal error',
};

const SERVER_ERROR_MESSAGES = {
  InternalError: 'An internal error has occurred',
  Unavailable: "The server is overloaded and can't handle the request.",
} as const;

/** A request as the HTTP layer sees it before the model runs it (for holds). */
export interface HeldCallView {
  readonly action: string;
  readonly region: string;
  /** The request's parameters as sent (Query form keys, or the JSON body). */
  readonly params: Readonly<Record<string, unknown>>;
}

/** One held call: `reached` resolves when the matching call arrives; it waits until `release()`. */
export interface Hold {
  readonly reached: Promise<void>;
  release(): void;
}

interface HoldState {
  readonly matches: (call: HeldCallView) => boolean;
  caught: boolean;
  readonly arrive: () => void;
  readonly released: Promise<void>;
}

/** What to do with one request, decided before and after the model applies it. */
export interface FaultDecision {
  /** Raise this instead of running the action (nothing is applied). */
  readonly error: SimAwsError | undefined;
  /** Apply the action, then drop the answer (HTTP: destroy the socket). */
  readonly loseResponse: boolean;
}

export class Faults {
  private throttleRules: RateRule[] = [];
  private bursts: Burst[] = [];
  private serverErrorRules: ServerErrorRule[] = [];
  private buckets: TokenBucket[] = [];
  private scripted: Scripted[] = [];
  private latencies = new Map<string, number>();
  private holds: HoldState[] = [];
  readonly copyFailures = new Map<string, CopyFailure>();
  /** accessKeyId -> model time from which it counts as expired. */
  readonly expiredKeys = new Map<string, number>();

  constructor(private readonly rng: Rng) {}

  /** Answer `RequestLimitExceeded` (503) to a fraction `rate` of matching calls. */
  throttle(rate: number, scope: { actions?: string[]; regions?: string[] } = {}): this {
    this.throttleRules.push({ rate, actions: scope.actions, regions: scope.regions });
    return this;
  }

  /** A window of model time [start, start+durationMs) in which matching calls are throttled at `rate` (default 1). */
  throttleBurst(burst: {
    start: number;
    durationMs: number;
    rate?: number;
    actions?: string[];
    regions?: string[];
  }): this {
    this.bursts.push({
      start: burst.start,
      end: burst.start + burst.durationMs,
      rate: burst.rate ?? 1,
      actions: burst.actions,
      regions: burst.regions,
    });
    return this;
  }

  /** Throttle matching calls with a token bucket per region (see TokenBucketSpec); no dice involved. */
  tokenBucket(spec: TokenBucketSpec): this {
    this.buckets.push({ spec, state: new Map() });
    return this;
  }

  /** Answer `InternalError` (500) or `Unavailable` (503) to a fraction of calls of `action` (`*` = all). */
  serverErrors(
    action: string,
    rate: number,
    code: 'InternalError' | 'Unavailable' = 'InternalError',
    regions?: string[],
  ): this {
    this.serverErrorRules.push({ actions: action === '*' ? undefined : [action], regions, rate, code });
    return this;
  }

  /** The next `count` calls of `action` (optionally only in `region`) get this fault. */
  failNext(action: string, count: number, fault: ScriptedFaultKind | string, region?: string): this {
    const kind: ScriptedFaultKind =
      typeof fault === 'string'
        ? fault === 'lost-response'
          ? { kind: 'lost-response' }
          : { kind: 'error', code: fault }
        : fault;
    this.scripted.push({ action, region, remaining: count, fault: kind });
    return this;
  }

  /** The next `count` calls of `action` are applied, then their answer is lost. */
  loseResponses(action: string, count: number, region?: string): this {
    return this.failNext(action, count, { kind: 'lost-response' }, region);
  }

  /** Copies into `region` end `failed` with `reason` after `atFraction` of their duration. */
  failCopies(region: string, reason: StateReason = COPY_INTERNAL_ERROR, atFraction = 0.5): this {
    this.copyFailures.set(region, { reason, atFraction });
    return this;
  }

  /** Delay (real ms) the HTTP layer adds before answering `action` (`*` = every call). */
  latency(ms: number, action = '*'): this {
    this.latencies.set(action, ms);
    return this;
  }

  latencyFor(action: string): number {
    return this.latencies.get(action) ?? this.latencies.get('*') ?? 0;
  }

  /**
   * Holds the first HTTP call that `matches` before the model runs it, until `release()`: a
   * precise "meanwhile" for races between processes (one run's lookup waits while another run
   * acts). Other calls pass; each hold catches one call.
   */
  hold(matches: (call: HeldCallView) => boolean): Hold {
    let arrive = () => {};
    const reached = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.holds.push({ matches, caught: false, arrive, released });
    return { reached, release };
  }

  /** Waits while `call` is caught by a hold (the HTTP layer awaits this before the model). */
  async passHolds(call: HeldCallView): Promise<void> {
    const hold = this.holds.find((h) => !h.caught && h.matches(call));
    if (!hold) return;
    hold.caught = true;
    hold.arrive();
    await hold.released;
  }

  /** The key counts as expired from model time `at` on. */
  expireCredentials(accessKeyId: string, at: number): this {
    this.expiredKeys.set(accessKeyId, at);
    return this;
  }

  reset(): void {
    this.throttleRules = [];
    this.bursts = [];
    this.serverErrorRules = [];
    this.buckets = [];
    this.scripted = [];
    this.holds = []; // calls already caught wait for their own release()
    this.latencies.clear();
    this.copyFailures.clear();
    this.expiredKeys.clear();
  }

  /** Decide the fate of one call. Scripted faults win; then throttling; then 5xx. */
  decide(action: string, region: string, now: number): FaultDecision {
    const script = this.scripted.find(
      (s) =>
        s.remaining > 0 && (s.action === action || s.action === '*') && (!s.region || s.region === region),
    );
    if (script) {
      script.remaining--;
      if (script.fault.kind === 'lost-response') return { error: undefined, loseResponse: true };
      const { code, message, status } = script.fault;
      return {
        error: awsError(code, message ?? defaultMessage(code), status ?? defaultStatus(code)),
        loseResponse: false,
      };
    }
    const applies = (rule: {
      readonly actions?: readonly string[] | undefined;
      readonly regions?: readonly string[] | undefined;
    }) =>
      (!rule.actions || rule.actions.includes(action)) && (!rule.regions || rule.regions.includes(region));
    const throttled =
      this.buckets.some((bucket) => applies(bucket.spec) && !takeToken(bucket, region, now)) ||
      this.throttleRules.some((rule) => applies(rule) && this.rng.next() < rule.rate) ||
      this.bursts.some((b) => now >= b.start && now < b.end && applies(b) && this.rng.next() < b.rate);
    if (throttled)
      return { error: awsError('RequestLimitExceeded', 'Request limit exceeded.', 503), loseResponse: false };
    const serverError = this.serverErrorRules.find((rule) => applies(rule) && this.rng.next() < rule.rate);
    if (serverError) {
      const status = serverError.code === 'InternalError' ? 500 : 503;
      return {
        error: awsError(serverError.code, SERVER_ERROR_MESSAGES[serverError.code], status),
        loseResponse: false,
      };
    }
    return { error: undefined, loseResponse: false };
  }
}

/** Brings `region`'s bucket up to `now` and takes a token if there is one. */
function takeToken(bucket: TokenBucket, region: string, now: number): boolean {
  const { spec } = bucket;
  const state = bucket.state.get(region) ?? { tokens: spec.initialTokens ?? spec.capacity, at: now };
  const net = spec.refillPerSecond - (spec.otherUsePerSecond ?? 0);
  state.tokens = Math.min(
    spec.capacity,
    Math.max(0, state.tokens + (net * Math.max(0, now - state.at)) / 1000),
  );
  state.at = now;
  bucket.state.set(region, state);
  if (state.tokens < 1) return false;
  state.tokens -= 1;
  return true;
}

function defaultStatus(code: string): number {
  if (code === 'InternalError' || code === 'InternalFailure') return 500;
  if (code === 'RequestLimitExceeded' || code === 'Unavailable' || code === 'ServiceUnavailable') return 503;
  if (code === 'UnauthorizedOperation') return 403;
  if (code === 'AuthFailure') return 401;
  return 400;
}

function defaultMessage(code: string): string {
  if (code === 'RequestLimitExceeded') return 'Request limit exceeded.';
  if (code === 'InternalError') return SERVER_ERROR_MESSAGES.InternalError;
  if (code === 'Unavailable') return SERVER_ERROR_MESSAGES.Unavailable;
  return `Simulated fault: ${code}`;
}
