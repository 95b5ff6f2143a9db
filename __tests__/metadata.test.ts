/**
 * Holds action.yml, the code and the README to one list of inputs and outputs
 * (src/config/input-spec.ts and src/report/output-names.ts), so none can drift.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INPUT_SPECS } from '../src/config/input-spec.js';
import { parseConfig } from '../src/config/parse-config.js';
import { OUTPUT_SPECS } from '../src/report/output-names.js';
import { formatOutputs } from '../src/report/outputs.js';

const root = new URL('../', import.meta.url);
const actionYml = readFileSync(new URL('action.yml', root), 'utf8');
const readme = readFileSync(new URL('README.md', root), 'utf8');
const packageJson = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  description?: unknown;
};

interface InputRow {
  name: string;
  required: unknown;
  default: unknown;
  description: unknown;
}

const expectedInputs: InputRow[] = INPUT_SPECS.map((spec) => ({
  name: spec.name,
  required: spec.required,
  default: spec.default,
  description: spec.description,
}));
const expectedOutputs = OUTPUT_SPECS.map((spec) => ({ name: spec.name, description: spec.description }));

function actionInputs(text: string): InputRow[] {
  const doc = parse(text) as { inputs?: Record<string, Record<string, unknown>> };
  return Object.entries(doc.inputs ?? {}).map(([name, input]) => ({
    name,
    required: input.required,
    default: input.default,
    description: input.description,
  }));
}

function actionOutputs(text: string): { name: string; description: unknown }[] {
  const doc = parse(text) as { outputs?: Record<string, Record<string, unknown>> };
  return Object.entries(doc.outputs ?? {}).map(([name, output]) => ({
    name,
    description: output.description,
  }));
}

/** The rows of the markdown table between `<!-- {marker}:start -->` and `<!-- {marker}:end -->`. */
function readmeTable(text: string, marker: string): string[][] {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  expect(text.split(start).length - 1, `README has exactly one ${start}`).toBe(1);
  expect(text.split(end).length - 1, `README has exactly one ${end}`).toBe(1);
  const block = text.slice(text.indexOf(start) + start.length, text.indexOf(end));
  const rows = block
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('|'));
  return rows.slice(2).map((row) =>
    row
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replaceAll('\\|', '|')),
  );
}

const unquote = (cell: string | undefined) => (cell ?? '').replace(/^`(.*)`$/, '$1');

function readmeInputs(text: string): InputRow[] {
  return readmeTable(text, 'inputs').map(([name, required, defaultValue, description]) => ({
    name: unquote(name),
    required: required === 'yes' ? true : required === 'no' ? false : required,
    default: defaultValue === '' ? undefined : unquote(defaultValue),
    description,
  }));
}

function readmeOutputs(text: string): { name: string; description: unknown }[] {
  return readmeTable(text, 'outputs').map(([name, description]) => ({ name: unquote(name), description }));
}

describe('action.yml', () => {
  const doc = parse(actionYml) as Record<string, unknown>;

  it('declares exactly the inputs of input-spec.ts, in order, with the same required flags, defaults and descriptions', () => {
    expect(actionInputs(actionYml)).toEqual(expectedInputs);
  });

  it('writes every default as a string, as the runner passes it', () => {
    for (const input of actionInputs(actionYml)) {
      if (input.default !== undefined) expect(typeof input.default, input.name).toBe('string');
      expect(typeof input.required, input.name).toBe('boolean');
    }
  });

  it('declares exactly the outputs of output-names.ts', () => {
    expect(actionOutputs(actionYml)).toEqual(expectedOutputs);
  });

  it('runs the bundle on node24, with the same bundle as an always-run post step', () => {
    expect(doc.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/index.js',
      'post-if': 'always()',
    });
  });

  it('has the marketplace metadata', () => {
    expect(doc.name).toBe('AMI Distribute');
    expect(typeof doc.description).toBe('string');
    // The Marketplace refuses a description of 125 characters or more.
    expect((doc.description as string).length).toBeLessThan(125);
    expect(doc.description).toBe(packageJson.description);
    expect(typeof doc.author).toBe('string');
    expect(doc.branding).toEqual({ icon: expect.any(String), color: expect.any(String) });
  });

  it('notices drift: a changed default, a missing input and an undeclared output all show', () => {
    const drifted = actionYml
      .replace(/default: (["'])2h\1/, 'default: "3h"')
      .replace(/ {2}on-cancel:\n(?: {4}.*\n)+/, '')
      .replace('outputs:\n', 'outputs:\n  extra:\n    description: "not in the list"\n');
    expect(drifted).not.toBe(actionYml);
    expect(actionInputs(drifted)).not.toEqual(expectedInputs);
    expect(actionInputs(drifted).find((input) => input.name === 'timeout')?.default).toBe('3h');
    expect(actionInputs(drifted).map((input) => input.name)).not.toContain('on-cancel');
    expect(actionOutputs(drifted)).not.toEqual(expectedOutputs);
  });
});

describe('README', () => {
  it('has the inputs table under "## Inputs" and the outputs table under "## Outputs"', () => {
    expect(readme.indexOf('## Inputs')).toBeGreaterThanOrEqual(0);
    expect(readme.indexOf('## Inputs')).toBeLessThan(readme.indexOf('<!-- inputs:start -->'));
    expect(readme.indexOf('## Outputs')).toBeGreaterThan(readme.indexOf('<!-- inputs:end -->'));
    expect(readme.indexOf('## Outputs')).toBeLessThan(readme.indexOf('<!-- outputs:start -->'));
  });

  it('lists the same inputs with the same required flags, defaults and descriptions', () => {
    expect(readmeInputs(readme)).toEqual(expectedInputs);
  });

  it('lists the same outputs with the same descriptions', () => {
    expect(readmeOutputs(readme)).toEqual(expectedOutputs);
  });

  it('notices drift in a table row', () => {
    const drifted = readme.replace(/(\| `timeout` +\| no +\| +)`2h`/, '$1`90m`');
    expect(drifted).not.toBe(readme);
    expect(readmeInputs(drifted)).not.toEqual(expectedInputs);
  });
});

describe('the code', () => {
  it('parseConfig reads exactly the declared inputs', () => {
    const read = new Set<string>();
    parseConfig((name) => {
      read.add(name);
      return '';
    }, {});
    expect([...read].sort()).toEqual(INPUT_SPECS.map((spec) => spec.name).sort());
  });

  it('accepts every declared default, and the runner passing the defaults equals leaving the inputs empty', () => {
    const required: Record<string, string> = {
      'source-ami-id': 'us-east-1:ami-0123456789abcdef0',
      'target-regions': 'eu-west-1',
    };
    const withDefaults = parseConfig(
      (name) => required[name] ?? INPUT_SPECS.find((spec) => spec.name === name)?.default ?? '',
      {},
    );
    const withEmpty = parseConfig((name) => required[name] ?? '', {});
    expect(withDefaults.ok).toBe(true);
    expect(withDefaults).toEqual(withEmpty);
  });

  it('formatOutputs writes exactly the declared outputs', () => {
    const outputs = formatOutputs(undefined, {
      includeSource: true,
      wait: true,
      targetRegions: ['eu-west-1'],
    });
    expect(Object.keys(outputs).sort()).toEqual(OUTPUT_SPECS.map((spec) => spec.name).sort());
  });
});
