import { parseBoolean } from '../../config/booleans.js';
import type { InputSpec } from '../../config/input-spec.js';
import { parseListInput } from '../../config/list-input.js';
import type { InputProblem } from '../../config/problems.js';
import {
  MAX_SHARING_ENTITIES,
  parseAccountId,
  parseOrganizationArn,
  parseOrganizationalUnitArn,
} from '../../rules/sharing.js';
import type { StepInputs } from '../step.js';

/** Who every image of the run is shared with. */
export interface ShareSection {
  readonly accounts: readonly string[];
  readonly organizations: readonly string[];
  readonly organizationalUnits: readonly string[];
  readonly public: boolean;
  /** Also give the accounts create-volume permission on the snapshots. */
  readonly snapshots: boolean;
}

export const SHARE_INPUTS = [
  {
    name: 'share-accounts',
    required: false,
    default: undefined,
    description:
      'AWS account ids (12 digits) to share every image with (launch permission), separated by commas, spaces or newlines.',
  },
  {
    name: 'share-organizations',
    required: false,
    default: undefined,
    description:
      'Organization ARNs to share every image with, such as arn:aws:organizations::123456789012:organization/o-exampleorgid.',
  },
  {
    name: 'share-organizational-units',
    required: false,
    default: undefined,
    description:
      'Organizational unit ARNs to share every image with, such as arn:aws:organizations::123456789012:ou/o-exampleorgid/ou-examplerootid111-exampleouid111.',
  },
  {
    name: 'share-public',
    required: false,
    default: 'false',
    description:
      'Make every image public (anyone may launch it). Refused in preflight while image block public access is on in a region.',
  },
  {
    name: 'share-snapshots',
    required: false,
    default: 'false',
    description:
      "Also give share-accounts create-volume permission on the images' snapshots. Launching a shared image does not need it; copying it into another account does.",
  },
] as const satisfies readonly InputSpec[];

export const shareInputs: StepInputs<'share'> = {
  step: 'share',
  inputs: SHARE_INPUTS,
  parse({ raw, sourcePartition }) {
    const problems: InputProblem[] = [];
    const accounts = parseListInput('share-accounts', raw['share-accounts'] ?? '', parseAccountId);
    const organizations = parseListInput('share-organizations', raw['share-organizations'] ?? '', (entry) =>
      parseOrganizationArn(entry, sourcePartition),
    );
    const units = parseListInput(
      'share-organizational-units',
      raw['share-organizational-units'] ?? '',
      (entry) => parseOrganizationalUnitArn(entry, sourcePartition),
    );
    problems.push(...accounts.problems, ...organizations.problems, ...units.problems);
    const isPublic = parseBoolean(raw['share-public'] ?? 'false');
    if (!isPublic.ok)
      problems.push({ input: 'share-public', value: raw['share-public'] ?? '', message: isPublic.message });
    const snapshots = parseBoolean(raw['share-snapshots'] ?? 'false');
    if (!snapshots.ok)
      problems.push({
        input: 'share-snapshots',
        value: raw['share-snapshots'] ?? '',
        message: snapshots.message,
      });
    const entities = accounts.values.length + organizations.values.length + units.values.length;
    if (entities > MAX_SHARING_ENTITIES) {
      problems.push({
        input: 'share-accounts',
        value: `${entities} entries`,
        message: `${entities} accounts, organizations and OUs in all: AWS allows at most ${MAX_SHARING_ENTITIES} per image; share with organizations or OUs instead of single accounts`,
      });
    }
    if (snapshots.ok && snapshots.value && accounts.values.length === 0 && accounts.problems.length === 0) {
      problems.push({
        input: 'share-snapshots',
        value: raw['share-snapshots'] ?? '',
        message:
          'true without share-accounts: create-volume permission is given to accounts only (AWS does not grant it to organizations or OUs); list the accounts in share-accounts, or remove share-snapshots',
      });
    }
    const anything = entities > 0 || (isPublic.ok && isPublic.value);
    const section =
      problems.length === 0 && anything
        ? Object.freeze({
            accounts: Object.freeze([...accounts.values]),
            organizations: Object.freeze([...organizations.values]),
            organizationalUnits: Object.freeze([...units.values]),
            public: isPublic.ok && isPublic.value,
            snapshots: snapshots.ok && snapshots.value,
          })
        : undefined;
    return { section, problems };
  },
};
