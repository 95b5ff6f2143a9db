import { checkKeyPlacement, type KmsKeyRef, parseKmsKey } from '../rules/kms-keys.js';
import { parseRegion } from '../rules/regions.js';
import { parseMapping } from './maps.js';
import type { InputProblem } from './problems.js';

export interface KmsInputs {
  readonly keyIdText: string;
  readonly keyIdsText: string;
  /** The parsed `encrypted` input; undefined when it was itself invalid. */
  readonly encrypted: boolean | undefined;
  /** Valid target regions (may be incomplete when target-regions has problems). */
  readonly targetRegions: readonly string[];
  /** False when target-regions has problems: then "not a target" cannot be judged. */
  readonly targetsKnown: boolean;
  readonly sourceRegion: string | undefined;
  readonly sourcePartition: string | undefined;
}

export interface KmsSettings {
  readonly kmsKeyId: string | undefined;
  readonly kmsKeyIds: Readonly<Record<string, string>>;
  readonly problems: readonly InputProblem[];
}

/** `kms-key-id` and `kms-key-ids`: formats, the encrypted switch, and which region each key would serve. */
export function parseKmsInputs(inputs: KmsInputs): KmsSettings {
  const problems: InputProblem[] = [];
  const defaultKey = parseDefaultKey(inputs.keyIdText, problems);
  const perRegion = parsePerRegionKeys(inputs, problems);

  if (inputs.encrypted === false) {
    for (const [input, text] of [
      ['kms-key-id', inputs.keyIdText],
      ['kms-key-ids', inputs.keyIdsText],
    ] as const) {
      if (text !== '') {
        problems.push({
          input,
          value: text,
          message: `a KMS key is given but encrypted is false: set encrypted: true to encrypt the copies with it, or remove ${input}`,
        });
      }
    }
  }

  if (defaultKey !== undefined) {
    // With encrypted: true an unencrypted source gets an encrypted copy in its own region when
    // that region is a target; whether the source is encrypted is known only after describing
    // it, so the key must be able to serve that region too (kms-key-ids can give it its own).
    const servesSource =
      inputs.encrypted === true &&
      inputs.sourceRegion !== undefined &&
      inputs.targetRegions.includes(inputs.sourceRegion);
    const regions = inputs.targetRegions.filter(
      (region) => (region !== inputs.sourceRegion || servesSource) && !perRegion.has(region),
    );
    for (const message of checkKeyPlacement(
      defaultKey,
      regions,
      inputs.sourcePartition,
      inputs.sourceRegion,
    )) {
      problems.push({ input: 'kms-key-id', value: inputs.keyIdText, message });
    }
  }
  for (const [keyText, { ref, regions }] of groupByKey(perRegion)) {
    for (const message of checkKeyPlacement(ref, regions, inputs.sourcePartition)) {
      problems.push({ input: 'kms-key-ids', value: keyText, message });
    }
  }

  return {
    kmsKeyId: defaultKey?.text,
    kmsKeyIds: Object.fromEntries([...perRegion].map(([region, ref]) => [region, ref.text])),
    problems,
  };
}

function parseDefaultKey(text: string, problems: InputProblem[]): KmsKeyRef | undefined {
  if (text === '') return undefined;
  const key = parseKmsKey(text);
  if (key.ok) return key.value;
  problems.push({ input: 'kms-key-id', value: text, message: key.message });
  return undefined;
}

function parsePerRegionKeys(inputs: KmsInputs, problems: InputProblem[]): Map<string, KmsKeyRef> {
  const input = 'kms-key-ids';
  const parsed = parseMapping(inputs.keyIdsText);
  for (const problem of parsed.problems) problems.push({ input, ...problem });
  const keys = new Map<string, KmsKeyRef>();
  for (const [regionText, keyText] of parsed.entries) {
    const region = parseRegion(regionText);
    if (!region.ok) {
      problems.push({
        input,
        value: regionText,
        message: region.message,
      });
      continue;
    }
    if (inputs.targetsKnown && !inputs.targetRegions.includes(region.value)) {
      problems.push({
        input,
        value: regionText,
        message: `a key is given for ${region.value}, which is not in target-regions (${inputs.targetRegions.join(', ')}): remove the entry or add the region to target-regions`,
      });
      continue;
    }
    if (keyText === '') {
      problems.push({
        input,
        value: regionText,
        message: `the entry for ${region.value} has no key: give one or remove the entry`,
      });
      continue;
    }
    const key = parseKmsKey(keyText);
    if (!key.ok) {
      problems.push({ input, value: keyText, message: `the key for ${region.value}: ${key.message}` });
      continue;
    }
    keys.set(region.value, key.value);
  }
  return keys;
}

function groupByKey(
  perRegion: ReadonlyMap<string, KmsKeyRef>,
): Map<string, { ref: KmsKeyRef; regions: string[] }> {
  const groups = new Map<string, { ref: KmsKeyRef; regions: string[] }>();
  for (const [region, ref] of perRegion) {
    const group = groups.get(ref.text) ?? { ref, regions: [] };
    group.regions.push(region);
    groups.set(ref.text, group);
  }
  return groups;
}
