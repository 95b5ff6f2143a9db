/**
 * Writes the inputs and outputs of action.yml and the README's input and output tables from
 * the one input spec (src/config/input-spec.ts) and the output list (src/report/output-names.ts):
 * a new input is an entry in the spec (or in its step's inputs.ts), then `npm run sync-inputs`.
 * __tests__/metadata.test.ts fails when either file is out of step.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { INPUT_SPECS, type InputSpec } from '../src/config/input-spec.js';
import { OUTPUT_SPECS, type OutputSpec } from '../src/report/output-names.js';

const root = new URL('../', import.meta.url);

export function actionYmlInputs(specs: readonly InputSpec[]): string {
  const lines = ['inputs:'];
  for (const spec of specs) {
    lines.push(
      `  ${spec.name}:`,
      `    description: ${JSON.stringify(spec.description)}`,
      `    required: ${spec.required}`,
    );
    if (spec.default !== undefined) lines.push(`    default: ${JSON.stringify(spec.default)}`);
  }
  return lines.join('\n');
}

export function actionYmlOutputs(specs: readonly OutputSpec[]): string {
  return [
    'outputs:',
    ...specs.flatMap((spec) => [`  ${spec.name}:`, `    description: ${JSON.stringify(spec.description)}`]),
  ].join('\n');
}

export function readmeInputRows(specs: readonly InputSpec[]): string {
  return table([
    ['Input', 'Required', 'Default', 'Description'],
    ...specs.map((spec) => [
      `\`${spec.name}\``,
      spec.required ? 'yes' : 'no',
      spec.default === undefined ? '' : `\`${spec.default}\``,
      spec.description.replaceAll('|', '\\|'),
    ]),
  ]);
}

export function readmeOutputRows(specs: readonly OutputSpec[]): string {
  return table([
    ['Output', 'Description'],
    ...specs.map((spec) => [`\`${spec.name}\``, spec.description.replaceAll('|', '\\|')]),
  ]);
}

function table(rows: readonly (readonly string[])[]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const [header, ...body] = rows;
  return [line(header ?? []), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)].join(
    '\n',
  );
}

function replaceBetween(text: string, start: string, end: string, content: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end, from);
  if (from < 0 || to < 0) throw new Error(`markers ${start} … ${end} not found`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

const actionPath = new URL('action.yml', root);
const action = readFileSync(actionPath, 'utf8');
const inputsStart = action.indexOf('\ninputs:\n');
const outputsStart = action.indexOf('\noutputs:\n');
const runsStart = action.indexOf('\nruns:\n');
if (inputsStart < 0 || outputsStart < inputsStart || runsStart < outputsStart)
  throw new Error('action.yml: inputs:, outputs: and runs: must come in this order');
writeFileSync(
  actionPath,
  `${action.slice(0, inputsStart + 1)}${actionYmlInputs(INPUT_SPECS)}\n\n${actionYmlOutputs(OUTPUT_SPECS)}\n${action.slice(runsStart)}`,
);

const readmePath = new URL('README.md', root);
const readme = readFileSync(readmePath, 'utf8');
writeFileSync(
  readmePath,
  replaceBetween(
    replaceBetween(readme, '<!-- inputs:start -->', '<!-- inputs:end -->', readmeInputRows(INPUT_SPECS)),
    '<!-- outputs:start -->',
    '<!-- outputs:end -->',
    readmeOutputRows(OUTPUT_SPECS),
  ),
);
console.log(
  `action.yml and README.md: ${INPUT_SPECS.length} inputs and ${OUTPUT_SPECS.length} outputs written from the specs`,
);
