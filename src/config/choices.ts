import { accept, type Checked, quote, reject } from './problems.js';

/** One of a fixed list of lowercase words, exactly. */
export function parseChoice<T extends string>(text: string, choices: readonly T[]): Checked<T> {
  const found = choices.find((choice) => choice === text);
  if (found !== undefined) return accept(found);
  return reject(`${quote(text)} is not one of the choices: write ${choices.join(' or ')}`);
}
