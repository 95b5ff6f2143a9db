/**
 * The waiter: one poller for every copy of a run, batched per region, adaptive, cancellable,
 * on an injected clock. This is its one public entry; the files beside it are its parts.
 */
export { FAILED_IMAGE_STATES, isVanishedReason } from './image-final-states.js';
export { DEFAULT_POLL_PARAMS, type PollParams } from './poll-schedule.js';
export { createWaitForImages, type PollerOptions, waitForImages } from './poller.js';
export type { WaitDeps, WaitForImages, WaitOutcome, WaitState, WaitTarget } from './wait-types.js';
