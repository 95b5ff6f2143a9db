import { accept, type Checked, quote, reject } from '../config/problems.js';
import { parseRegion, partitionOf } from './regions.js';

/**
 * KMS key references as CopyImage accepts them: a key id (uuid), a multi-Region key id
 * (`mrk-…`), an alias (`alias/name`), a key ARN or an alias ARN. A key lives in exactly one
 * region (a multi-Region key has replicas with the same id; an alias name can exist in every
 * region), so where a key may be used depends on its kind.
 */
export type KmsKeyKind = 'key-id' | 'multi-region-key-id' | 'alias' | 'key-arn' | 'alias-arn';

export interface KmsKeyRef {
  readonly text: string;
  readonly kind: KmsKeyKind;
  /** The region written in an ARN. */
  readonly region: string | undefined;
  /** The partition written in an ARN. */
  readonly partition: string | undefined;
}

const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MRK_ID = /^mrk-[0-9a-f]{32}$/;
const ALIAS_NAME = /^[A-Za-z0-9/_-]{1,250}$/;
const ARN = /^arn:([^:]*):kms:([^:]*):([^:]*):(key|alias)\/(.*)$/;
const FORMS =
  'a key id (1234abcd-12ab-34cd-56ef-1234567890ab), a multi-Region key id (mrk-…), an alias (alias/name), or a key or alias ARN (arn:aws:kms:<region>:<account>:key/<id>)';

export function parseKmsKey(text: string): Checked<KmsKeyRef> {
  const shown = quote(text);
  if (KEY_ID.test(text)) return accept({ text, kind: 'key-id', region: undefined, partition: undefined });
  if (MRK_ID.test(text))
    return accept({ text, kind: 'multi-region-key-id', region: undefined, partition: undefined });
  if (text.startsWith('alias/')) {
    if (ALIAS_NAME.test(text.slice('alias/'.length))) {
      return accept({ text, kind: 'alias', region: undefined, partition: undefined });
    }
    return reject(
      `${shown} is not a valid alias: after "alias/" use letters, digits, "/", "_" or "-" (at most 250)`,
    );
  }
  const arn = ARN.exec(text);
  if (arn !== null) return parseArn(text, arn);
  if (KEY_ID.test(text.toLowerCase()) || MRK_ID.test(text.toLowerCase())) {
    return reject(`${shown} has capital letters: KMS key ids are lowercase, write ${text.toLowerCase()}`);
  }
  return reject(`${shown} is not a KMS key: give ${FORMS}`);
}

function parseArn(text: string, arn: RegExpExecArray): Checked<KmsKeyRef> {
  const [, partition = '', regionText = '', account = '', resource = '', id = ''] = arn;
  const shown = quote(text);
  const region = parseRegion(regionText);
  if (!region.ok) return reject(`the region in the ARN ${shown}: ${region.message}`);
  if (partitionOf(region.value) !== partition) {
    return reject(
      `${shown} names the partition "${partition}", but ${region.value} is in ${partitionOf(region.value)}: copy the key ARN from KMS again`,
    );
  }
  if (!/^\d{12}$/.test(account))
    return reject(`${shown} has the account "${account}": an account id is 12 digits`);
  if (resource === 'key' && !KEY_ID.test(id) && !MRK_ID.test(id)) {
    return reject(`${shown} ends in "key/${id}", which is not a key id (uuid or mrk-…)`);
  }
  if (resource === 'alias' && !ALIAS_NAME.test(id)) {
    return reject(`${shown} ends in "alias/${id}", which is not a valid alias name`);
  }
  const kind = resource === 'key' ? 'key-arn' : 'alias-arn';
  return accept({ text, kind, region: region.value, partition });
}

/**
 * What is wrong with encrypting copies in `regions` with `key`, for a source in
 * `sourcePartition` (undefined when unknown). One message per mistake. `sourceRegion`, when
 * given and among `regions`, is the encrypted copy an unencrypted source gets in its own region
 * (with `encrypted: true`), and its message says so.
 */
export function checkKeyPlacement(
  key: KmsKeyRef,
  regions: readonly string[],
  sourcePartition: string | undefined,
  sourceRegion?: string,
): string[] {
  const shown = quote(key.text);
  const sourceCopy = (region: string) =>
    region === sourceRegion
      ? `the copy that encrypted: true makes of an unencrypted source in its own region ${region} (a target)`
      : `the copy in ${region}`;
  const sourceFix = (region: string) =>
    region === sourceRegion
      ? `; if the source is already encrypted nothing is copied there, but that is known only once it is described: give ${region} its own key with kms-key-ids, or remove ${region} from target-regions`
      : ': give that region its own key with kms-key-ids';
  if (key.region !== undefined) {
    if (sourcePartition !== undefined && key.partition !== sourcePartition) {
      return [
        `${shown} is in the partition ${key.partition}, but the copies are in ${sourcePartition}: use a key there`,
      ];
    }
    return regions
      .filter((region) => region !== key.region)
      .map(
        (region) =>
          `${shown} is a key in ${key.region}, but it would encrypt ${sourceCopy(region)}; a KMS key must be in the copy's region${sourceFix(region)}`,
      );
  }
  if (key.kind === 'key-id' && regions.length > 1) {
    const sourceNote =
      sourceRegion !== undefined && regions.includes(sourceRegion)
        ? ` (${sourceRegion}: the encrypted copy of an unencrypted source in its own region)`
        : '';
    return [
      `${shown} is a single-Region key id, but it would encrypt copies in ${regions.join(', ')}${sourceNote}; a key exists in one region only: use an alias present in every region, a multi-Region key (mrk-…), or kms-key-ids with a key per region`,
    ];
  }
  return [];
}
