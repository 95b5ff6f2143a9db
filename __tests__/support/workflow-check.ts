/**
 * Checks a GitHub Actions workflow, or this repository's action.yml, the way GitHub reads it:
 * with GitHub's own parser, @actions/workflow-parser (schema, expressions, job graph, cron),
 * then with the rules this repository holds its workflows and README examples to.
 */
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import type { ActionTemplate } from '@actions/workflow-parser/actions/index';
import { convertActionTemplate, parseAction } from '@actions/workflow-parser/actions/index';
import { parse } from 'yaml';
import { INPUT_SPECS } from '../../src/config/input-spec.js';
import { OUTPUT_SPECS } from '../../src/report/output-names.js';

const trace = new NoOperationTraceWriter();

/** What GitHub's parser says about a workflow file: its errors, each with file, line and column. */
export async function parserErrors(name: string, content: string): Promise<string[]> {
  const parsed = parseWorkflow({ name, content }, trace);
  const errors = parsed.context.errors.getErrors().map((error) => error.message);
  if (errors.length > 0 || parsed.value === undefined) return errors;
  // The conversion checks what the schema cannot: the job graph, cron syntax, matrix shapes.
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  return [
    ...(template.errors ?? []).map((error) => error.Message),
    ...parsed.context.errors.getErrors().map((error) => error.message),
  ].filter((message, index, all) => all.indexOf(message) === index);
}

/** GitHub's parser on action metadata: its errors, and the typed template when there are none. */
export function parseActionMetadata(content: string): { errors: string[]; action?: ActionTemplate } {
  const parsed = parseAction({ name: 'action.yml', content }, trace);
  const errors = parsed.context.errors.getErrors().map((error) => error.message);
  if (errors.length > 0 || parsed.value === undefined) return { errors };
  const action = convertActionTemplate(parsed.context, parsed.value);
  return { errors: parsed.context.errors.getErrors().map((error) => error.message), action };
}

type Mapping = Record<string, unknown>;

const isMapping = (value: unknown): value is Mapping =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `uses: ./` in this repository, or this action by name from anywhere (`owner/ami-distribute@v1`). */
const isThisAction = (uses: unknown) =>
  typeof uses === 'string' && (uses === './' || /^[\w.-]+\/ami-distribute@[\w.-]+$/.test(uses));

const INPUT_NAMES = new Set<string>(INPUT_SPECS.map((spec) => spec.name));
const REQUIRED_INPUTS: string[] = INPUT_SPECS.filter((spec) => spec.required).map((spec) => spec.name);
const OUTPUT_NAMES = new Set<string>(OUTPUT_SPECS.map((spec) => spec.name));

/** Every string inside a value (a step's `with`, `env`, `if`, ...), for finding expressions. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (isMapping(value)) return Object.values(value).flatMap(strings);
  return [];
}

const STEP_OUTPUT = /\bsteps\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g;
const NEEDS_OUTPUT = /\bneeds\.([A-Za-z_][\w-]*)\.outputs\.([A-Za-z_][\w-]*)/g;

/**
 * The rules beyond GitHub's parser. Each problem names the job (and step) it is about.
 * - A complete workflow: `name`, `on`, `permissions` and `jobs` at the top.
 * - No `${{ }}` in a `run:` script: values reach scripts through `env:`, as GitHub's security
 *   hardening guide advises, so that no value can inject shell code.
 * - `steps.<id>.outputs.<name>` names an earlier step of the same job that sets that output:
 *   this action declares it, or the `run:` script writes `<name>=` to $GITHUB_OUTPUT.
 * - `needs.<job>.outputs.<name>` names a job in `needs` that declares that output.
 * - This action is given only inputs that action.yml declares, and all the required ones.
 */
export function ruleProblems(content: string): string[] {
  const doc = parse(content) as unknown;
  if (!isMapping(doc)) return ['the workflow is not a mapping'];
  const problems: string[] = [];
  for (const key of ['name', 'on', 'permissions', 'jobs']) {
    if (!(key in doc))
      problems.push(`no top-level "${key}:" (a complete workflow has name, on, permissions, jobs)`);
  }
  const jobs = isMapping(doc.jobs) ? doc.jobs : {};
  for (const [jobId, job] of Object.entries(jobs)) {
    if (!isMapping(job)) continue;
    const steps = Array.isArray(job.steps) ? job.steps.filter(isMapping) : [];
    const needs = typeof job.needs === 'string' ? [job.needs] : Array.isArray(job.needs) ? job.needs : [];

    const stepOutputProblem = (stepIndex: number, stepId: string, output: string): string | undefined => {
      const index = steps.findIndex((step) => step.id === stepId);
      if (index < 0) return `no step has id "${stepId}"`;
      if (index >= stepIndex) return `step "${stepId}" does not run before this`;
      const source = steps[index] as Mapping;
      if (isThisAction(source.uses)) {
        return OUTPUT_NAMES.has(output) ? undefined : `ami-distribute has no output "${output}"`;
      }
      if (typeof source.run === 'string') {
        const writes = source.run.includes('GITHUB_OUTPUT') && new RegExp(`\\b${output}=`).test(source.run);
        return writes ? undefined : `step "${stepId}" never writes "${output}=" to $GITHUB_OUTPUT`;
      }
      return undefined; // another action's outputs: its own metadata knows them
    };
    const checkNeeds = (where: string, text: string) => {
      for (const [, other, output] of text.matchAll(NEEDS_OUTPUT)) {
        const otherJob = jobs[other as string];
        if (!needs.includes(other))
          problems.push(`${where}: needs.${other} is read but "${other}" is not in needs`);
        else if (
          !isMapping(otherJob) ||
          !isMapping(otherJob.outputs) ||
          !(String(output) in otherJob.outputs)
        ) {
          problems.push(`${where}: job "${other}" declares no output "${output}"`);
        }
      }
    };

    for (const text of strings({ ...job, steps: undefined })) checkNeeds(`job ${jobId}`, text);
    if (isMapping(job.outputs)) {
      for (const [name, value] of Object.entries(job.outputs)) {
        for (const [, stepId, output] of String(value).matchAll(STEP_OUTPUT)) {
          const problem = stepOutputProblem(steps.length, stepId as string, output as string);
          if (problem) problems.push(`job ${jobId}, output ${name}: ${problem}`);
        }
      }
    }
    steps.forEach((step, index) => {
      const where = `job ${jobId}, step ${String(step.id ?? step.name ?? index + 1)}`;
      if (typeof step.run === 'string' && step.run.includes('${{')) {
        problems.push(`${where}: an expression in run: (pass it through env: instead)`);
      }
      for (const text of strings(step)) {
        checkNeeds(where, text);
        for (const [, stepId, output] of text.matchAll(STEP_OUTPUT)) {
          const problem = stepOutputProblem(index, stepId as string, output as string);
          if (problem) problems.push(`${where}: steps.${stepId}.outputs.${output}: ${problem}`);
        }
      }
      if (isThisAction(step.uses)) {
        const given = isMapping(step.with) ? Object.keys(step.with) : [];
        for (const name of given) {
          if (!INPUT_NAMES.has(name)) problems.push(`${where}: ami-distribute has no input "${name}"`);
        }
        for (const name of REQUIRED_INPUTS) {
          if (!given.includes(name)) problems.push(`${where}: the required input "${name}" is missing`);
        }
        // The source comes from one of two inputs, neither required on its own.
        if (!given.includes('source-ami-id') && !given.includes('packer-manifest')) {
          problems.push(`${where}: neither source-ami-id nor packer-manifest is given`);
        }
      }
    });
  }
  return problems;
}

/** Everything wrong with a workflow: GitHub's parser first, then the repository's rules. */
export async function workflowProblems(name: string, content: string): Promise<string[]> {
  const errors = await parserErrors(name, content);
  return errors.length > 0 ? errors : ruleProblems(content);
}

/** The ```yaml / ```yml code blocks of a Markdown text, with the line each starts on. */
export function yamlBlocks(markdown: string): { line: number; text: string }[] {
  const blocks: { line: number; text: string }[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i] ?? '')) continue;
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
    if (end < 0) throw new Error(`unclosed yaml block at line ${i + 1}`);
    blocks.push({ line: i + 1, text: `${lines.slice(i + 1, end).join('\n')}\n` });
    i = end;
  }
  return blocks;
}
