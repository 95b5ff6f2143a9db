/** One thing wrong with the inputs: which input, the offending value, what is wrong and the fix. */
export interface InputProblem {
  readonly input: string;
  /** The offending text: the whole input, or the one entry of a list or mapping that is wrong. */
  readonly value: string;
  readonly message: string;
}

/** Result of checking one piece of text. */
export type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

export function accept<T>(value: T): Checked<T> {
  return { ok: true, value };
}

export function reject<T = never>(message: string): Checked<T> {
  return { ok: false, message };
}

/** Quotes a value for a message, shortened so one bad input cannot flood the log. */
export function quote(value: string, max = 80): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  // JSON.stringify leaves U+2028/U+2029 as they are; they break lines in some viewers.
  return JSON.stringify(shown)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
