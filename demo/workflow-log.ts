/**
 * Shows an action's stdout the way the GitHub log viewer presents it: workflow commands
 * (`::group::`, `::warning::`, `::error::`, `::debug::`, …) become readable lines instead of
 * raw syntax. Fed chunk by chunk, so the log appears live.
 */
import { decodeCommandValue } from '../__tests__/support/run-action.js';
import type { Paint } from './paint.js';

export interface WorkflowLogOptions {
  readonly paint: Paint;
  readonly write: (text: string) => void;
  /** Show `::debug::` lines (GitHub shows them only with step debug logging on). */
  readonly debug: boolean;
}

export class WorkflowLog {
  private pending = '';
  private inGroup = false;

  constructor(private readonly options: WorkflowLogOptions) {}

  /** Takes a chunk of stdout; prints every complete line in it. */
  push(chunk: string): void {
    this.pending += chunk;
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  /** Prints what is left after the process ended. */
  end(): void {
    if (this.pending !== '') this.line(this.pending);
    this.pending = '';
  }

  private line(raw: string): void {
    const { paint, write } = this.options;
    const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(raw);
    const indent = this.inGroup ? '  ' : '';
    if (!command) {
      write(`${indent}${raw}\n`);
      return;
    }
    const [, name, properties, value = ''] = command;
    const text = decodeCommandValue(value).replace(/\n/g, `\n${indent}  `);
    switch (name) {
      case 'group':
        this.inGroup = true;
        write(`${paint.bold(`▸ ${text}`)}\n`);
        return;
      case 'endgroup':
        this.inGroup = false;
        return;
      case 'debug':
        if (this.options.debug) write(`${indent}${paint.dim(`debug: ${text}`)}\n`);
        return;
      case 'warning':
        write(`${indent}${paint.yellow(`warning: ${text}`)}\n`);
        return;
      case 'error':
        write(`${indent}${paint.red(`error${titleOf(properties)}: ${text}`)}\n`);
        return;
      case 'notice':
        write(`${indent}notice: ${text}\n`);
        return;
      case 'add-mask':
        return;
      default:
        write(`${indent}${raw}\n`);
    }
  }
}

function titleOf(properties: string | undefined): string {
  const title = /(?:^|,)title=([^,]*)/.exec(properties ?? '')?.[1];
  return title ? ` (${decodeProperty(title)})` : '';
}

/** Property values also escape `:` and `,`. */
function decodeProperty(value: string): string {
  return decodeCommandValue(value.replace(/%3A/g, ':').replace(/%2C/g, ','));
}
