/** Every request the simulator saw, in order, for tests and benchmarks to count and inspect. */
export type RequestOutcome = 'ok' | 'error' | 'lost';

export interface RequestLogEntry {
  readonly seq: number;
  /** Model-clock ms when the request was handled. */
  readonly clockTime: number;
  /** Real wall-clock ms. */
  readonly realTime: number;
  readonly region: string;
  readonly service: 'ec2' | 'sts' | 'ssm';
  readonly action: string;
  /** Raw query parameters (EC2, STS) or the JSON input (SSM) as the client sent them, or a direct call's input. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly accessKeyId: string | undefined;
  readonly accountId: string | undefined;
  readonly outcome: RequestOutcome;
  readonly errorCode: string | undefined;
  readonly httpStatus: number;
  /** `http` (the HTTP server) or `gateway` (in-process: the SDK transport or a direct model call). */
  readonly via: 'http' | 'gateway';
}

export interface RequestQuery {
  readonly action?: string;
  readonly region?: string;
  readonly service?: 'ec2' | 'sts' | 'ssm';
  readonly outcome?: RequestOutcome;
  readonly errorCode?: string;
}

export class RequestLog {
  private readonly entries: RequestLogEntry[] = [];

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full = { ...entry, seq: this.entries.length + 1 };
    this.entries.push(full);
    return full;
  }

  all(): readonly RequestLogEntry[] {
    return this.entries;
  }

  find(query: RequestQuery = {}): RequestLogEntry[] {
    return this.entries.filter(
      (e) =>
        (!query.action || e.action === query.action) &&
        (!query.region || e.region === query.region) &&
        (!query.service || e.service === query.service) &&
        (!query.outcome || e.outcome === query.outcome) &&
        (!query.errorCode || e.errorCode === query.errorCode),
    );
  }

  count(query: RequestQuery = {}): number {
    return this.find(query).length;
  }

  /** Counts by `action`, or by `region:action` when `byRegion`. */
  counters(byRegion = false): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of this.entries) {
      const key = byRegion ? `${e.region}:${e.action}` : e.action;
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
