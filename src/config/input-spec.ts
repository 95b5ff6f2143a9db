import { STEP_INPUT_SPECS } from '../steps/step-inputs.js';

/**
 * The single list of the action's inputs. `action.yml` and the README's input table are held
 * to it by __tests__/metadata.test.ts; `parseConfig` reads exactly these names and applies
 * these defaults when an input is empty.
 */
export interface InputSpec {
  readonly name: string;
  readonly required: boolean;
  /** The default exactly as action.yml shows it; undefined = no default. */
  readonly default: string | undefined;
  readonly description: string;
}

const COPY_INPUTS = [
  {
    name: 'source-ami-id',
    required: false,
    default: undefined,
    description:
      "The image to copy: ami-…, region:ami-…, or Packer's artifact_id (us-east-1:ami-1,eu-west-1:ami-2), from which the entry of the source region is taken. This or packer-manifest is required.",
  },
  {
    name: 'packer-manifest',
    required: false,
    default: undefined,
    description:
      "Instead of source-ami-id: the file of Packer's manifest post-processor (e.g. packer-manifest.json); the artifact_id of its last run's build is the source.",
  },
  {
    name: 'packer-build-name',
    required: false,
    default: undefined,
    description:
      'With packer-manifest: which build of the last run to distribute, when the run holds several (the error lists their names).',
  },
  {
    name: 'source-region',
    required: false,
    default: undefined,
    description:
      'Region of the source image. Default: the region prefix of source-ami-id, else AWS_REGION, else AWS_DEFAULT_REGION.',
  },
  {
    name: 'target-regions',
    required: true,
    default: undefined,
    description:
      'Regions to copy the image to, separated by commas, spaces or newlines; duplicates are dropped. The source region may be listed: it maps to the source image (see encrypted).',
  },
  {
    name: 'name',
    required: false,
    default: undefined,
    description:
      'Name of the copies, a template with the tokens {name} (source name), {region}, {source-region}, {source-ami-id}, {date} (UTC YYYY-MM-DD) and {timestamp} (UTC YYYYMMDDhhmmss). Default: the source image name.',
  },
  {
    name: 'description',
    required: false,
    default: undefined,
    description:
      'Description of the copies, a template with the same tokens as name. Default: the source image description, else a provenance sentence such as "Copy of ami-0123456789abcdef0 from us-east-1 by ami-distribute".',
  },
  {
    name: 'encrypted',
    required: false,
    default: 'false',
    description:
      'Encrypt the copies. Copies of an encrypted image are always encrypted. With true and an unencrypted source, an encrypted copy is also made in the source region when it is a target.',
  },
  {
    name: 'kms-key-id',
    required: false,
    default: undefined,
    description:
      'KMS key for every target region without a kms-key-ids entry: key id, mrk- key id, alias/name, or key/alias ARN (the key must be in the region it encrypts). Needs encrypted: true. Default: the account default EBS key.',
  },
  {
    name: 'kms-key-ids',
    required: false,
    default: undefined,
    description:
      'KMS key per target region, as a YAML or JSON mapping or region=key lines. Overrides kms-key-id for the regions it lists. Needs encrypted: true.',
  },
  {
    name: 'copy-tags',
    required: false,
    default: 'true',
    description: "Copy the source image's user tags to the copies (never aws: tags).",
  },
  {
    name: 'tags',
    required: false,
    default: undefined,
    description:
      'Extra tags for the copies, as a YAML or JSON mapping or key=value lines. They win over copied source tags. At most 47 (AWS allows 50 per image; the action adds 3 ami-distribute: provenance tags).',
  },
  {
    name: 'tag-snapshots',
    required: false,
    default: 'true',
    description:
      "Put the copies' tags on their new snapshots too (at creation). Either way the snapshots carry the ami-distribute: provenance tags, which cleanup relies on.",
  },
  {
    name: 'copy-completion-duration',
    required: false,
    default: undefined,
    description:
      'Time-based copy: AWS completes every copy within this time (15m to 48h in steps of 15m, e.g. 2h). Costs extra per GiB; without it copies go at standard speed.',
  },
  {
    name: 'dry-run',
    required: false,
    default: 'false',
    description:
      'Check instead of doing: describe, plan and preflight, then send every change (copies, tags, shares, protection, deprecation) as a DryRun. Outputs say what would happen and which permission is missing; nothing is created.',
  },
  {
    name: 'wait',
    required: false,
    default: 'true',
    description:
      'Wait until every copy is available. With false the step ends once the copies are started and outputs the pending ids.',
  },
  {
    name: 'timeout',
    required: false,
    default: '2h',
    description:
      'Overall wait limit: whole numbers with h, m or s, largest first, such as 90m, 2h or 2h30m (at most 72h).',
  },
  {
    name: 'reuse-existing',
    required: false,
    default: 'true',
    description:
      'Reuse an available or pending copy of the same source made earlier with the same settings (found by its provenance tags, verified by its ancestry) instead of copying again; it gets the requested tags and keeps its name.',
  },
  {
    name: 'include-source',
    required: false,
    default: 'true',
    description:
      'Include the source region, mapped to the source image, in the ami-ids and matrix outputs. A source region listed in target-regions is output either way.',
  },
  {
    name: 'cleanup-failed',
    required: false,
    default: 'true',
    description: 'Deregister copies that end failed and delete their snapshots.',
  },
  {
    name: 'on-timeout',
    required: false,
    default: 'keep',
    description:
      'What to do with copies this run made that are still pending at the timeout: keep (they go on in AWS; a rerun picks them up) or deregister (unless another run is waiting for them).',
  },
  {
    name: 'results-file',
    required: false,
    default: undefined,
    description:
      'Also write the results (the outputs as JSON, plus the source and the run) to this file, for actions/upload-artifact or a later step. Written in every case, like the outputs.',
  },
  {
    name: 'on-cancel',
    required: false,
    default: 'keep',
    description:
      'What the post step does with copies still pending after a cancelled run: keep (reported) or deregister.',
  },
] as const satisfies readonly InputSpec[];

const ROLE_INPUTS = [
  {
    name: 'role-to-assume',
    required: false,
    default: undefined,
    description:
      "IAM role ARN. When set, credentials come from assuming it (with GitHub's OIDC token, or from the ambient credentials) and are refreshed before they expire, so multi-hour waits survive.",
  },
  {
    name: 'role-session-name',
    required: false,
    default: 'ami-distribute',
    description: 'Session name for role-to-assume: 2-64 characters, letters, digits and + = , . @ _ -',
  },
  {
    name: 'role-duration-seconds',
    required: false,
    default: '3600',
    description:
      'Lifetime of each assumed-role session, in seconds (900 to 43200; role chaining allows at most 3600). Sessions are renewed before they expire.',
  },
] as const satisfies readonly InputSpec[];

/** Every input in action.yml order: the copy, then each post-copy step's, then the role's. */
export const INPUT_SPECS = [...COPY_INPUTS, ...STEP_INPUT_SPECS, ...ROLE_INPUTS] as const;

export type InputName = (typeof INPUT_SPECS)[number]['name'];

/** Reads every input once, applying the default of the spec to an empty value. */
export function readInputs(read: (inputName: string) => string): Readonly<Record<InputName, string>> {
  const values = {} as Record<InputName, string>;
  for (const spec of INPUT_SPECS as readonly InputSpec[]) {
    const value = read(spec.name).trim();
    values[spec.name as InputName] = value === '' ? (spec.default ?? '') : value;
  }
  return values;
}
