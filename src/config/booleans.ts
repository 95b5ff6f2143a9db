import { accept, type Checked, quote, reject } from './problems.js';

const TRUE_SPELLINGS = ['true', 'True', 'TRUE'];
const FALSE_SPELLINGS = ['false', 'False', 'FALSE'];

/**
 * The YAML 1.2 core-schema booleans and nothing else: `yes`, `on`, `1` and friends are
 * refused instead of guessed, since a typo here silently changes what the run does.
 */
export function parseBoolean(text: string): Checked<boolean> {
  if (TRUE_SPELLINGS.includes(text)) return accept(true);
  if (FALSE_SPELLINGS.includes(text)) return accept(false);
  return reject(
    `${quote(text)} is not a boolean: write true or false (yes/no, on/off and 1/0 are not accepted)`,
  );
}
