/** The keys the main and the post phase share through the runner's saved state (one place). */
export const State = {
  /** Set first by the main phase: the next run of the bundle is the post phase. */
  IsPost: 'isPost',
  /** When the main phase started (epoch ms): the post phase checks the inputs against that time. */
  StartedAt: 'started-at',
  /** This main phase's invocation id (its leases), so the post phase can tell them from others'. */
  InvocationId: 'invocation-id',
  /** Copies started so far, saved as each starts (for a main phase that is killed). */
  StartedCopies: 'started-copies',
  /** Copies this run made that were still pending when it was cancelled. */
  CancelledCopies: 'cancelled-copies',
  /** Copies of other runs this run adopted and still holds a lease on (cancelled: the post phase lets go). */
  LeasedCopies: 'leased-copies',
  /** The main phase reported normally: only `CancelledCopies` is left for the post phase. */
  MainFinished: 'main-finished',
} as const;

export type StateKey = (typeof State)[keyof typeof State];
