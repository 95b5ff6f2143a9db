import { checkCopyCompletionDuration } from '../rules/copy-duration.js';
import { partitionOf } from '../rules/regions.js';
import { parseStepInputs } from '../steps/step-inputs.js';
import { parseBoolean } from './booleans.js';
import { parseChoice } from './choices.js';
import type { CleanupChoice, Config } from './config.js';
import { COPY_DURATION, parseDuration } from './duration.js';
import { INPUT_SPECS, type InputName, readInputs } from './input-spec.js';
import { parseKmsInputs } from './kms-input.js';
import { artifactFromManifest } from './packer-manifest.js';
import type { Checked, InputProblem } from './problems.js';
import { parseRoleInputs } from './role.js';
import { type Env, resolveSource } from './source.js';
import { parseTagsInput } from './tag-input.js';
import { parseTargetRegions } from './target-regions.js';
import { checkDescriptionTemplate, checkNameTemplate } from './templates.js';

export type { InputProblem } from './problems.js';

export type ParseConfigResult =
  | { readonly ok: true; readonly config: Config }
  | {
      readonly ok: false;
      readonly problems: InputProblem[];
      /** The target regions when `target-regions` itself is valid (other inputs are not), else []. */
      readonly targetRegions: readonly string[];
    };

const CLEANUP_CHOICES: readonly CleanupChoice[] = ['keep', 'deregister'];

/**
 * Reads and validates every input, reporting all problems together (in the order of the
 * inputs), or returns the frozen Config. `read` returns '' for an unset input, like
 * core.getInput; the defaults of input-spec.ts apply to empty inputs. `env` supplies
 * AWS_REGION / AWS_DEFAULT_REGION. Pure: no I/O.
 */
export interface ParseOptions {
  /** Now, epoch ms: input times (deprecate-at) are checked against it. */
  readonly now?: number;
  /** Reads a workspace file (packer-manifest); undefined when it cannot be read. */
  readonly readFile?: (path: string) => string | undefined;
}

export function parseConfig(
  read: (inputName: string) => string,
  env: Readonly<Record<string, string | undefined>>,
  options: ParseOptions = {},
): ParseConfigResult {
  const now = options.now ?? Date.now();
  const raw = readInputs(read);
  const problems: InputProblem[] = [];
  const take = <T>(input: InputName, checked: Checked<T>): T | undefined => {
    if (checked.ok) return checked.value;
    problems.push({ input, value: raw[input], message: checked.message });
    return undefined;
  };

  const sourceText = sourceIdText(raw, options.readFile ?? (() => undefined), problems);
  const source =
    sourceText === undefined
      ? { sourceImageId: undefined, sourceRegion: undefined, problems: [] }
      : resolveSource(sourceText, raw['source-region'], env as Env);
  problems.push(...source.problems);
  const sourcePartition = source.sourceRegion === undefined ? undefined : partitionOf(source.sourceRegion);

  const targets = parseTargetRegions(raw['target-regions'], source.sourceRegion);
  problems.push(...targets.problems);
  const templateContext = {
    targetRegions: targets.regions,
    sourceRegion: source.sourceRegion,
    sourceImageId: source.sourceImageId,
  };
  const nameTemplate = optional(raw.name);
  for (const message of nameTemplate === undefined ? [] : checkNameTemplate(nameTemplate, templateContext)) {
    problems.push({ input: 'name', value: nameTemplate as string, message });
  }
  const descriptionTemplate = optional(raw.description);
  for (const message of descriptionTemplate === undefined
    ? []
    : checkDescriptionTemplate(descriptionTemplate, templateContext)) {
    problems.push({ input: 'description', value: descriptionTemplate as string, message });
  }

  const encrypted = take('encrypted', parseBoolean(raw.encrypted));
  const kms = parseKmsInputs({
    keyIdText: raw['kms-key-id'],
    keyIdsText: raw['kms-key-ids'],
    encrypted,
    targetRegions: targets.regions,
    targetsKnown: targets.problems.length === 0,
    sourceRegion: source.sourceRegion,
    sourcePartition,
  });
  problems.push(...kms.problems);

  const copyTags = take('copy-tags', parseBoolean(raw['copy-tags']));
  const tags = parseTagsInput(raw.tags);
  problems.push(...tags.problems);
  const tagSnapshots = take('tag-snapshots', parseBoolean(raw['tag-snapshots']));
  const completionText = raw['copy-completion-duration'];
  const copyCompletionMinutes =
    completionText === '' ? undefined : take('copy-completion-duration', checkedCompletion(completionText));
  const dryRun = take('dry-run', parseBoolean(raw['dry-run']));
  const wait = take('wait', parseBoolean(raw.wait));
  const timeoutMs = take('timeout', parseDuration(raw.timeout));
  const reuseExisting = take('reuse-existing', parseBoolean(raw['reuse-existing']));
  const includeSource = take('include-source', parseBoolean(raw['include-source']));
  const cleanupFailed = take('cleanup-failed', parseBoolean(raw['cleanup-failed']));
  const onTimeout = take('on-timeout', parseChoice(raw['on-timeout'], CLEANUP_CHOICES));
  const onCancel = take('on-cancel', parseChoice(raw['on-cancel'], CLEANUP_CHOICES));
  const role = parseRoleInputs(
    {
      arn: raw['role-to-assume'],
      sessionName: raw['role-session-name'],
      durationSeconds: raw['role-duration-seconds'],
    },
    sourcePartition,
  );
  problems.push(...role.problems);
  const steps = parseStepInputs({ raw, sourcePartition, now, env });
  problems.push(...steps.problems);

  if (
    problems.length > 0 ||
    source.sourceImageId === undefined ||
    source.sourceRegion === undefined ||
    encrypted === undefined ||
    copyTags === undefined ||
    tagSnapshots === undefined ||
    wait === undefined ||
    timeoutMs === undefined ||
    reuseExisting === undefined ||
    includeSource === undefined ||
    cleanupFailed === undefined ||
    dryRun === undefined ||
    (completionText !== '' && copyCompletionMinutes === undefined) ||
    onTimeout === undefined ||
    onCancel === undefined
  ) {
    return {
      ok: false,
      problems: inInputOrder(problems),
      targetRegions: targets.problems.length === 0 ? targets.regions : [],
    };
  }

  const config: Config = {
    sourceImageId: source.sourceImageId,
    sourceRegion: source.sourceRegion,
    targetRegions: Object.freeze([...targets.regions]),
    nameTemplate,
    descriptionTemplate,
    encrypted,
    kmsKeyId: kms.kmsKeyId,
    kmsKeyIds: Object.freeze({ ...kms.kmsKeyIds }),
    copyTags,
    tags: Object.freeze({ ...tags.tags }),
    tagSnapshots,
    wait,
    timeoutMs,
    reuseExisting,
    includeSource,
    cleanupFailed,
    onTimeout,
    onCancel,
    role: role.role === undefined ? undefined : Object.freeze({ ...role.role }),
    copyCompletionMinutes,
    dryRun,
    resultsFile: optional(raw['results-file']),
    steps: steps.sections,
  };
  return { ok: true, config: Object.freeze(config) };
}

/** source-ami-id, or the artifact_id of the build packer-manifest names; undefined when neither gives one. */
function sourceIdText(
  raw: Readonly<Record<InputName, string>>,
  readFile: (path: string) => string | undefined,
  problems: InputProblem[],
): string | undefined {
  const manifest = raw['packer-manifest'];
  if (manifest === '') {
    if (raw['packer-build-name'] !== '') {
      problems.push({
        input: 'packer-build-name',
        value: raw['packer-build-name'],
        message:
          'set without packer-manifest: it picks a build of the manifest; set packer-manifest too, or remove it',
      });
    }
    return raw['source-ami-id'];
  }
  if (raw['source-ami-id'] !== '') {
    problems.push({
      input: 'packer-manifest',
      value: manifest,
      message:
        'set together with source-ami-id: give one of them (packer-manifest reads the id Packer wrote)',
    });
    return undefined;
  }
  const artifact = artifactFromManifest(manifest, readFile(manifest), raw['packer-build-name']);
  if (artifact.ok) return artifact.value;
  problems.push({ input: 'packer-manifest', value: manifest, message: artifact.message });
  return undefined;
}

function checkedCompletion(text: string): Checked<number> {
  const parsed = parseDuration(text, COPY_DURATION);
  return parsed.ok ? checkCopyCompletionDuration(parsed.value) : parsed;
}

function optional(text: string): string | undefined {
  return text === '' ? undefined : text;
}

const INPUT_ORDER = new Map<string, number>(INPUT_SPECS.map((spec, index) => [spec.name, index]));

/** Sorts problems by the order of the inputs in action.yml, keeping the order within one input. */
function inInputOrder(problems: readonly InputProblem[]): InputProblem[] {
  return [...problems].sort(
    (a, b) =>
      (INPUT_ORDER.get(a.input) ?? INPUT_SPECS.length) - (INPUT_ORDER.get(b.input) ?? INPUT_SPECS.length),
  );
}
