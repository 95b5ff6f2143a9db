import { logLine } from '../logger.js';
import type { InputProblem } from './problems.js';

/**
 * One error message for all input problems, one line each, naming the input:
 *
 *   3 inputs are invalid; nothing was sent to AWS:
 *     - encrypted: "yes" is not a boolean: write true or false (…)
 */
export function formatProblems(problems: readonly InputProblem[]): string {
  const heading =
    problems.length === 1
      ? '1 input problem; nothing was sent to AWS:'
      : `${problems.length} input problems; nothing was sent to AWS:`;
  const lines = problems.map((problem) => `  - ${problem.input}: ${logLine(problem.message)}`);
  return [heading, ...lines].join('\n');
}
