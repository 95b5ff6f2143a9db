/**
 * What the distribution logic may say to the run log. main.ts backs it with @actions/core;
 * tests and benchmarks pass a recorder or a silent logger. Messages may carry strings from AWS
 * or a user (names, descriptions, StateReasons) with line breaks in them: a logger that writes
 * to the runner's log must write each message on one line (`logLine`), because the runner reads
 * a workflow command (`::error::`, `::stop-commands::`) from the start of any line.
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

/** Line breaks (also the Unicode ones) and the other control characters except tab. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const BREAKS_AND_CONTROLS = /\r\n|[\u0000-\u0008\u000a-\u001f\u007f\u0085\u2028\u2029]/g;

const ESCAPES: Readonly<Record<string, string>> = { '\r\n': '\\r\\n', '\n': '\\n', '\r': '\\r' };

/**
 * `message` as one log line: each line break is shown as `\n` (or `\r`, `\r\n`), any other
 * control character as `\u00XX`, so nothing from AWS or a user can start a line of its own.
 */
export function logLine(message: string): string {
  return message.replace(
    BREAKS_AND_CONTROLS,
    (match) => ESCAPES[match] ?? `\\u${match.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
