import { dropDuplicates, splitList } from '../rules/regions.js';
import type { Checked, InputProblem } from './problems.js';
import { quote } from './problems.js';

/**
 * A list input (entries separated by commas, spaces or newlines; duplicates dropped keeping the
 * first), every entry checked by `parse`. An empty input is an empty list.
 */
export function parseListInput(
  input: string,
  text: string,
  parse: (entry: string) => Checked<string>,
): { readonly values: readonly string[]; readonly problems: readonly InputProblem[] } {
  const list = splitList(text);
  const problems: InputProblem[] = [];
  if (list.hasEmptyEntry) {
    problems.push({
      input,
      value: text,
      message: `${quote(text)} has an empty entry between commas: remove the extra comma`,
    });
  }
  const values: string[] = [];
  for (const entry of list.entries) {
    const checked = parse(entry);
    if (checked.ok) values.push(checked.value);
    else problems.push({ input, value: entry, message: checked.message });
  }
  return { values: dropDuplicates(values), problems };
}
