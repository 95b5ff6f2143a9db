/**
 * What the distribution logic may say to the run log. main.ts backs it with @actions/core;
 * tests and benchmarks pass a recorder or a silent logger.
 */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  /** Runs `fn` inside a collapsible log group. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
}

export const silentLogger: Logger = {
  info: () => {},
  warning: () => {},
  debug: () => {},
  group: (_title, fn) => fn(),
};
