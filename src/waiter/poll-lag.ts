/**
 * How long after its snapshots complete an image turns `available` (AWS registers it). Lags
 * differ from copy to copy (tens of seconds to minutes), so the run learns their RANGE from every
 * copy, shared by all regions: the shortest lag any copy has been seen to need at most, and the
 * longest any copy has been seen to need at least. The first image check after the snapshots are
 * done aims at the shortest; the spread between the two says how long the image may still take
 * after that, and so how the looks through the lag are paced (`poll-schedule.ts`).
 *
 * Each observation bounds one copy's lag: an image still pending `t` after its snapshots were
 * seen done means its lag > t; an image seen available `t` after its snapshots were last seen
 * unfinished means its lag < t. Nothing is assumed before an image has completed, so a stuck
 * image cannot inflate the figures.
 */
/** What one answer says about the lag: at most `ms` (`available`), or more than `ms` (`pending`). */
export interface LagObservation {
  readonly kind: 'available' | 'pending';
  readonly ms: number;
}

export class RegistrationLag {
  private lower = 0;
  private upper: number | undefined;

  /** The image was pending `ms` after its snapshots were seen done. */
  notePending(ms: number): void {
    if (ms > this.lower) this.lower = ms;
  }

  /** The image was available at most `ms` after its snapshots were last seen unfinished. */
  noteAvailable(ms: number): void {
    if (ms >= 0 && (this.upper === undefined || ms < this.upper)) this.upper = ms;
  }

  note(observation: LagObservation): void {
    if (observation.kind === 'available') this.noteAvailable(observation.ms);
    else this.notePending(observation.ms);
  }

  /**
   * How long after seeing the snapshots done to look at the image first: a little past the
   * longest lag seen too short (by `stepMs`), never past the shortest seen enough. Looks that
   * come too early raise the lower bound, so the figure converges on the lag from below, and a
   * loose upper bound (an image noticed late, e.g. while throttled) cannot delay the looks.
   * Undefined until an image has completed: look right away.
   */
  firstLookAfterMs(stepMs: number): number | undefined {
    if (this.upper === undefined) return undefined;
    return Math.max(0, Math.min(this.upper, this.lower + stepMs));
  }

  /**
   * How much longer than the first look's lag some copy has been seen to take: the longest lag
   * seen needed at least, past the shortest seen enough (0 while lags look alike, or unknown).
   */
  spreadMs(): number {
    if (this.upper === undefined) return 0;
    return Math.max(0, this.lower - this.upper);
  }
}
