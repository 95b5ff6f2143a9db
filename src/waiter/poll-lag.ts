/**
 * How long after its snapshots complete an image turns `available` (AWS registers it). Learned
 * during the run from every copy, shared by all regions, so the image check after the snapshots
 * are done aims at the moment the image turns available instead of polling through the lag.
 *
 * Each observation bounds the lag: an image still pending `t` after its snapshots were seen
 * done means lag > t; an image seen available `t` after its snapshots were last seen unfinished
 * means lag < t. Nothing is assumed before an image has completed, so a stuck image cannot
 * inflate the figure.
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
}
