import { describe, expect, it } from 'vitest';
import { type Inputs, keyArn, MRK, parseWith, problemsOf, UUID } from './inputs.js';

interface Rejection {
  /** What the row is about. */
  readonly label: string;
  readonly inputs: Inputs;
  readonly env?: Readonly<Record<string, string>>;
  /** The input the problem must name. */
  readonly input: string;
  /** The value the problem must carry. */
  readonly value: string;
  /** A fragment of the message: what is wrong or the fix. */
  readonly says: string;
}

const ENCRYPTED = { encrypted: 'true' };
const ARTIFACT = 'us-east-1:ami-11111111,eu-west-1:ami-22222222';
const long = (n: number, char = 'x') => char.repeat(n);
const manyTags = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join('\n');

const REJECTIONS: readonly Rejection[] = [
  // source-ami-id
  {
    label: 'missing id',
    inputs: { 'source-ami-id': '' },
    input: 'source-ami-id',
    value: '',
    says: 'missing',
  },
  {
    label: 'too few hex digits',
    inputs: { 'source-ami-id': 'ami-123' },
    input: 'source-ami-id',
    value: 'ami-123',
    says: '8 or 17',
  },
  {
    label: '16 hex digits',
    inputs: { 'source-ami-id': 'ami-0123456789abcdef' },
    input: 'source-ami-id',
    value: 'ami-0123456789abcdef',
    says: 'has 16 hex digits',
  },
  {
    label: 'capital hex',
    inputs: { 'source-ami-id': 'ami-0123456789ABCDEF0' },
    input: 'source-ami-id',
    value: 'ami-0123456789ABCDEF0',
    says: 'write ami-0123456789abcdef0',
  },
  {
    label: 'not an image id',
    inputs: { 'source-ami-id': 'snap-0123456789abcdef0' },
    input: 'source-ami-id',
    value: 'snap-0123456789abcdef0',
    says: 'not an AMI id',
  },
  {
    label: 'an image ARN',
    inputs: { 'source-ami-id': 'arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0' },
    input: 'source-ami-id',
    value: 'arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0',
    says: 'is an ARN',
  },
  {
    label: 'region:id with a bad id',
    inputs: { 'source-ami-id': 'us-east-1:ami-12' },
    input: 'source-ami-id',
    value: 'us-east-1:ami-12',
    says: '8 or 17',
  },
  {
    label: 'region:id with a bad region',
    inputs: { 'source-ami-id': 'us-east-9x:ami-12345678', 'source-region': '' },
    input: 'source-ami-id',
    value: 'us-east-9x:ami-12345678',
    says: 'not an AWS region name',
  },
  {
    label: 'artifact with an empty entry',
    inputs: { 'source-ami-id': 'us-east-1:ami-11111111,,eu-west-1:ami-22222222' },
    input: 'source-ami-id',
    value: 'us-east-1:ami-11111111,,eu-west-1:ami-22222222',
    says: 'empty entry',
  },
  {
    label: 'several ids, not all with a region',
    inputs: { 'source-ami-id': 'us-east-1:ami-11111111,ami-22222222' },
    input: 'source-ami-id',
    value: 'us-east-1:ami-11111111,ami-22222222',
    says: 'write each as region:ami-',
  },
  {
    label: 'two images for one region',
    inputs: { 'source-ami-id': 'us-east-1:ami-11111111,us-east-1:ami-22222222' },
    input: 'source-ami-id',
    value: 'us-east-1:ami-11111111,us-east-1:ami-22222222',
    says: 'two images for us-east-1',
  },
  {
    label: 'prefix contradicts source-region',
    inputs: { 'source-ami-id': 'us-east-1:ami-11111111', 'source-region': 'eu-west-1' },
    input: 'source-region',
    value: 'eu-west-1',
    says: 'is in us-east-1',
  },
  {
    label: 'source-region not among the artifact entries',
    inputs: { 'source-ami-id': ARTIFACT, 'source-region': 'ap-south-1' },
    input: 'source-region',
    value: 'ap-south-1',
    says: 'lists images in us-east-1, eu-west-1 only',
  },
  {
    label: 'artifact and nothing to choose the entry',
    inputs: { 'source-ami-id': ARTIFACT, 'source-region': '' },
    input: 'source-region',
    value: '',
    says: 'set source-region to one of them',
  },
  {
    label: 'artifact and AWS_REGION matching no entry',
    inputs: { 'source-ami-id': ARTIFACT, 'source-region': '' },
    env: { AWS_REGION: 'ap-south-1' },
    input: 'source-region',
    value: 'ap-south-1',
    says: 'set source-region',
  },
  // source-region
  {
    label: 'no region anywhere',
    inputs: { 'source-region': '' },
    input: 'source-region',
    value: '',
    says: 'cannot tell where the source image lives',
  },
  {
    label: 'AWS_REGION malformed',
    inputs: { 'source-region': '' },
    env: { AWS_REGION: 'EU-WEST-1' },
    input: 'source-region',
    value: 'EU-WEST-1',
    says: 'AWS_REGION',
  },
  {
    label: 'AWS_DEFAULT_REGION malformed',
    inputs: { 'source-region': '' },
    env: { AWS_DEFAULT_REGION: 'europe' },
    input: 'source-region',
    value: 'europe',
    says: 'AWS_DEFAULT_REGION',
  },
  {
    label: 'source-region malformed',
    inputs: { 'source-region': 'eu-west-9x' },
    input: 'source-region',
    value: 'eu-west-9x',
    says: 'not an AWS region name',
  },
  {
    label: 'source-region is a zone',
    inputs: { 'source-region': 'us-east-1a' },
    input: 'source-region',
    value: 'us-east-1a',
    says: 'Availability Zone',
  },
  // target-regions
  {
    label: 'no targets',
    inputs: { 'target-regions': '' },
    input: 'target-regions',
    value: '',
    says: 'missing',
  },
  {
    label: 'unknown-looking region',
    inputs: { 'target-regions': 'eu-west-1, eu-west-9x' },
    input: 'target-regions',
    value: 'eu-west-9x',
    says: 'not an AWS region name',
  },
  {
    label: 'capital letters',
    inputs: { 'target-regions': 'EU-WEST-1' },
    input: 'target-regions',
    value: 'EU-WEST-1',
    says: 'write eu-west-1',
  },
  {
    label: 'empty entry',
    inputs: { 'target-regions': 'us-east-1,,eu-west-1' },
    input: 'target-regions',
    value: 'us-east-1,,eu-west-1',
    says: 'empty entry',
  },
  {
    label: 'only a comma',
    inputs: { 'target-regions': ',' },
    input: 'target-regions',
    value: ',',
    says: 'lists no region',
  },
  {
    label: 'underscores',
    inputs: { 'target-regions': 'eu_west_1' },
    input: 'target-regions',
    value: 'eu_west_1',
    says: 'write eu-west-1',
  },
  {
    label: 'unknown area code',
    inputs: { 'target-regions': 'xx-east-1' },
    input: 'target-regions',
    value: 'xx-east-1',
    says: 'not an AWS region name',
  },
  {
    label: 'region number 0',
    inputs: { 'target-regions': 'eu-west-0' },
    input: 'target-regions',
    value: 'eu-west-0',
    says: 'not an AWS region name',
  },
  {
    label: 'a zone as target',
    inputs: { 'target-regions': 'eu-west-1b' },
    input: 'target-regions',
    value: 'eu-west-1b',
    says: 'write eu-west-1',
  },
  {
    label: 'China from a commercial source',
    inputs: { 'target-regions': 'eu-west-1 cn-north-1' },
    input: 'target-regions',
    value: 'cn-north-1',
    says: 'cannot be copied across partitions',
  },
  {
    label: 'GovCloud from a commercial source',
    inputs: { 'target-regions': 'us-gov-west-1' },
    input: 'target-regions',
    value: 'us-gov-west-1',
    says: 'aws-us-gov',
  },
  // name
  {
    label: 'unknown token',
    inputs: { name: 'app-{nam}' },
    input: 'name',
    value: 'app-{nam}',
    says: 'unknown token "{nam}"',
  },
  {
    label: 'token in other case',
    inputs: { name: '{Name}' },
    input: 'name',
    value: '{Name}',
    says: 'unknown token',
  },
  {
    label: 'unclosed brace',
    inputs: { name: 'app-{name' },
    input: 'name',
    value: 'app-{name',
    says: 'never closed',
  },
  {
    label: 'stray closing brace',
    inputs: { name: 'app-name}' },
    input: 'name',
    value: 'app-name}',
    says: 'no "{" before it',
  },
  {
    label: 'character AMI names refuse',
    inputs: { name: 'app:{date}' },
    input: 'name',
    value: 'app:{date}',
    says: '":"',
  },
  {
    label: 'certainly too long',
    inputs: { name: `${long(120)}-{date}` },
    input: 'name',
    value: `${long(120)}-{date}`,
    says: 'at most 128',
  },
  {
    label: 'too long once the region is in',
    inputs: { name: `${long(118)}-{region}`, 'target-regions': 'eu-west-1 ap-southeast-2' },
    input: 'name',
    value: `${long(118)}-{region}`,
    says: 'in ap-southeast-2',
  },
  { label: 'certainly too short', inputs: { name: 'ab' }, input: 'name', value: 'ab', says: 'at least 3' },
  // description
  {
    label: 'description template unclosed',
    inputs: { description: 'copy of {name' },
    input: 'description',
    value: 'copy of {name',
    says: 'never closed',
  },
  {
    label: 'description certainly too long',
    inputs: { description: `${long(250)} {source-ami-id}` },
    input: 'description',
    value: `${long(250)} {source-ami-id}`,
    says: 'at most 255',
  },
  // booleans
  {
    label: 'encrypted: yes',
    inputs: { encrypted: 'yes' },
    input: 'encrypted',
    value: 'yes',
    says: 'write true or false',
  },
  {
    label: 'encrypted: 1',
    inputs: { encrypted: '1' },
    input: 'encrypted',
    value: '1',
    says: 'write true or false',
  },
  {
    label: 'encrypted: on',
    inputs: { encrypted: 'on' },
    input: 'encrypted',
    value: 'on',
    says: 'write true or false',
  },
  {
    label: 'encrypted: tRuE',
    inputs: { encrypted: 'tRuE' },
    input: 'encrypted',
    value: 'tRuE',
    says: 'not a boolean',
  },
  {
    label: 'copy-tags: no',
    inputs: { 'copy-tags': 'no' },
    input: 'copy-tags',
    value: 'no',
    says: 'not a boolean',
  },
  {
    label: 'tag-snapshots: off',
    inputs: { 'tag-snapshots': 'off' },
    input: 'tag-snapshots',
    value: 'off',
    says: 'not a boolean',
  },
  { label: 'wait: y', inputs: { wait: 'y' }, input: 'wait', value: 'y', says: 'not a boolean' },
  {
    label: 'reuse-existing: 0',
    inputs: { 'reuse-existing': '0' },
    input: 'reuse-existing',
    value: '0',
    says: 'not a boolean',
  },
  {
    label: 'include-source: Yes',
    inputs: { 'include-source': 'Yes' },
    input: 'include-source',
    value: 'Yes',
    says: 'not a boolean',
  },
  {
    label: 'cleanup-failed: enabled',
    inputs: { 'cleanup-failed': 'enabled' },
    input: 'cleanup-failed',
    value: 'enabled',
    says: 'not a boolean',
  },
  // timeout
  { label: 'timeout 0', inputs: { timeout: '0' }, input: 'timeout', value: '0', says: 'no unit' },
  { label: 'timeout 0m', inputs: { timeout: '0m' }, input: 'timeout', value: '0m', says: 'zero' },
  { label: 'timeout -5m', inputs: { timeout: '-5m' }, input: 'timeout', value: '-5m', says: 'negative' },
  {
    label: 'timeout soon',
    inputs: { timeout: 'soon' },
    input: 'timeout',
    value: 'soon',
    says: 'not a duration',
  },
  {
    label: 'bare number',
    inputs: { timeout: '90' },
    input: 'timeout',
    value: '90',
    says: 'add one, e.g. 90m',
  },
  { label: 'fraction', inputs: { timeout: '1.5h' }, input: 'timeout', value: '1.5h', says: 'whole numbers' },
  { label: 'over 72h', inputs: { timeout: '73h' }, input: 'timeout', value: '73h', says: 'at most 72h' },
  {
    label: 'over 72h in minutes',
    inputs: { timeout: '4321m' },
    input: 'timeout',
    value: '4321m',
    says: 'at most 72h',
  },
  { label: 'capital unit', inputs: { timeout: '2H' }, input: 'timeout', value: '2H', says: 'lowercase unit' },
  {
    label: 'units out of order',
    inputs: { timeout: '30m1h' },
    input: 'timeout',
    value: '30m1h',
    says: 'largest first',
  },
  { label: 'days', inputs: { timeout: '1d' }, input: 'timeout', value: '1d', says: 'not a duration' },
  {
    label: 'missing last unit',
    inputs: { timeout: '1h30' },
    input: 'timeout',
    value: '1h30',
    says: 'not a duration',
  },
  // kms-key-id
  {
    label: 'key while not encrypted',
    inputs: { 'kms-key-id': 'alias/images' },
    input: 'kms-key-id',
    value: 'alias/images',
    says: 'set encrypted: true',
  },
  {
    label: 'not a key',
    inputs: { ...ENCRYPTED, 'kms-key-id': 'my-key' },
    input: 'kms-key-id',
    value: 'my-key',
    says: 'not a KMS key',
  },
  {
    label: 'key ARN in another region than a target',
    inputs: { ...ENCRYPTED, 'kms-key-id': keyArn('eu-west-1') },
    input: 'kms-key-id',
    value: keyArn('eu-west-1'),
    says: 'is a key in eu-west-1, but it would encrypt the copy in ap-southeast-2',
  },
  {
    label: 'key ARN of another region, with the source region a target and encrypted: true',
    inputs: { ...ENCRYPTED, 'target-regions': 'us-east-1, eu-west-1', 'kms-key-id': keyArn('eu-west-1') },
    input: 'kms-key-id',
    value: keyArn('eu-west-1'),
    says: 'is a key in eu-west-1, but it would encrypt the copy that encrypted: true makes of an unencrypted source in its own region us-east-1 (a target)',
  },
  {
    label: 'single-Region key id for two regions',
    inputs: { ...ENCRYPTED, 'kms-key-id': UUID },
    input: 'kms-key-id',
    value: UUID,
    says: 'eu-west-1, ap-southeast-2',
  },
  {
    label: 'key ARN of another partition',
    inputs: { ...ENCRYPTED, 'target-regions': 'eu-west-1', 'kms-key-id': keyArn('cn-north-1', 'aws-cn') },
    input: 'kms-key-id',
    value: keyArn('cn-north-1', 'aws-cn'),
    says: 'partition aws-cn',
  },
  {
    label: 'ARN partition contradicts its region',
    inputs: { ...ENCRYPTED, 'target-regions': 'eu-west-1', 'kms-key-id': keyArn('cn-north-1') },
    input: 'kms-key-id',
    value: keyArn('cn-north-1'),
    says: 'cn-north-1 is in aws-cn',
  },
  {
    label: 'ARN with a short account',
    inputs: {
      ...ENCRYPTED,
      'target-regions': 'eu-west-1',
      'kms-key-id': `arn:aws:kms:eu-west-1:12345:key/${UUID}`,
    },
    input: 'kms-key-id',
    value: `arn:aws:kms:eu-west-1:12345:key/${UUID}`,
    says: '12 digits',
  },
  {
    label: 'ARN with a bad key id',
    inputs: {
      ...ENCRYPTED,
      'target-regions': 'eu-west-1',
      'kms-key-id': 'arn:aws:kms:eu-west-1:123456789012:key/abc',
    },
    input: 'kms-key-id',
    value: 'arn:aws:kms:eu-west-1:123456789012:key/abc',
    says: 'not a key id',
  },
  {
    label: 'alias with a space',
    inputs: { ...ENCRYPTED, 'kms-key-id': 'alias/my key' },
    input: 'kms-key-id',
    value: 'alias/my key',
    says: 'not a valid alias',
  },
  {
    label: 'capital key id',
    inputs: { ...ENCRYPTED, 'target-regions': 'eu-west-1', 'kms-key-id': UUID.toUpperCase() },
    input: 'kms-key-id',
    value: UUID.toUpperCase(),
    says: 'lowercase',
  },
  // kms-key-ids
  {
    label: 'entry for a region that is not a target',
    inputs: { ...ENCRYPTED, 'kms-key-ids': 'eu-west-1: alias/a\nus-west-2: alias/b' },
    input: 'kms-key-ids',
    value: 'us-west-2',
    says: 'not in target-regions',
  },
  {
    label: 'entry with a malformed region',
    inputs: { ...ENCRYPTED, 'kms-key-ids': 'EU-WEST-1: alias/a' },
    input: 'kms-key-ids',
    value: 'EU-WEST-1',
    says: 'lowercase',
  },
  {
    label: 'ARN mapped to another region',
    inputs: { ...ENCRYPTED, 'kms-key-ids': `ap-southeast-2: ${keyArn('eu-west-1')}` },
    input: 'kms-key-ids',
    value: keyArn('eu-west-1'),
    says: 'is a key in eu-west-1, but it would encrypt the copy in ap-southeast-2',
  },
  {
    label: 'one key id mapped to two regions',
    inputs: { ...ENCRYPTED, 'kms-key-ids': `eu-west-1=${UUID}\nap-southeast-2=${UUID}` },
    input: 'kms-key-ids',
    value: UUID,
    says: 'single-Region key id',
  },
  {
    label: 'entry without a key',
    inputs: { ...ENCRYPTED, 'kms-key-ids': 'eu-west-1:' },
    input: 'kms-key-ids',
    value: 'eu-west-1',
    says: 'has no key',
  },
  {
    label: 'entry with a bad key',
    inputs: { ...ENCRYPTED, 'kms-key-ids': 'eu-west-1: key-1' },
    input: 'kms-key-ids',
    value: 'key-1',
    says: 'the key for eu-west-1',
  },
  {
    label: 'unparseable YAML',
    inputs: { ...ENCRYPTED, 'kms-key-ids': '{eu-west-1: alias/a' },
    input: 'kms-key-ids',
    value: '{eu-west-1: alias/a',
    says: 'not a valid mapping',
  },
  {
    label: 'unparseable JSON',
    inputs: { ...ENCRYPTED, 'kms-key-ids': '{"eu-west-1": "alias/a",}x' },
    input: 'kms-key-ids',
    value: '{"eu-west-1": "alias/a",}x',
    says: 'not a valid mapping',
  },
  {
    label: 'a list, not a mapping',
    inputs: { ...ENCRYPTED, 'kms-key-ids': '- eu-west-1\n- alias/a' },
    input: 'kms-key-ids',
    value: '- eu-west-1\n- alias/a',
    says: 'not a mapping',
  },
  {
    label: 'a region twice',
    inputs: { ...ENCRYPTED, 'kms-key-ids': 'eu-west-1: alias/a\neu-west-1: alias/b' },
    input: 'kms-key-ids',
    value: 'eu-west-1: alias/a\neu-west-1: alias/b',
    says: 'a key is given twice',
  },
  {
    label: 'keys per region while not encrypted',
    inputs: { 'kms-key-ids': 'eu-west-1: alias/a' },
    input: 'kms-key-ids',
    value: 'eu-west-1: alias/a',
    says: 'set encrypted: true',
  },
  {
    label: 'a key=value line without "="',
    inputs: { ...ENCRYPTED, 'kms-key-ids': 'eu-west-1=alias/a\nap-southeast-2 alias/b' },
    input: 'kms-key-ids',
    value: 'ap-southeast-2 alias/b',
    says: 'has no "="',
  },
  // tags
  {
    label: 'aws: key',
    inputs: { tags: 'aws:created-by: me' },
    input: 'tags',
    value: 'aws:created-by',
    says: 'AWS reserves',
  },
  {
    label: 'AWS: key in capitals',
    inputs: { tags: 'AWS:x=1' },
    input: 'tags',
    value: 'AWS:x',
    says: 'AWS reserves',
  },
  { label: 'empty YAML key', inputs: { tags: '"": value' }, input: 'tags', value: '', says: 'empty' },
  {
    label: 'empty key=value key',
    inputs: { tags: 'a=1\n=value' },
    input: 'tags',
    value: '=value',
    says: 'no key',
  },
  {
    label: 'key over 128',
    inputs: { tags: `${long(129, 'k')}=v` },
    input: 'tags',
    value: long(129, 'k'),
    says: 'at most 128',
  },
  {
    label: 'value over 256',
    inputs: { tags: `k=${long(257, 'v')}` },
    input: 'tags',
    value: long(257, 'v'),
    says: 'at most 256',
  },
  {
    label: 'reserved provenance key',
    inputs: { tags: 'ami-distribute:source-image: ami-11111111' },
    input: 'tags',
    value: 'ami-distribute:source-image',
    says: 'reserves for its provenance tags',
  },
  {
    label: 'too many tags',
    inputs: { tags: manyTags(48) },
    input: 'tags',
    value: manyTags(48),
    says: 'at most 47 fit',
  },
  {
    label: 'nested value',
    inputs: { tags: 'team: {name: core}' },
    input: 'tags',
    value: 'team',
    says: 'plain string',
  },
  {
    label: 'several pairs on one line',
    inputs: { tags: 'team=core,env=prod' },
    input: 'tags',
    value: 'team=core,env=prod',
    says: 'own line',
  },
  {
    label: 'key=value key twice',
    inputs: { tags: 'a=1\na=2' },
    input: 'tags',
    value: 'a=2',
    says: 'given twice',
  },
  {
    label: 'broken JSON',
    inputs: { tags: '{"a": "b"' },
    input: 'tags',
    value: '{"a": "b"',
    says: 'not a valid mapping',
  },
  {
    label: 'plain text',
    inputs: { tags: 'release build' },
    input: 'tags',
    value: 'release build',
    says: 'not a mapping',
  },
  // on-timeout / on-cancel
  {
    label: 'on-timeout delete',
    inputs: { 'on-timeout': 'delete' },
    input: 'on-timeout',
    value: 'delete',
    says: 'keep or deregister',
  },
  {
    label: 'on-timeout Keep',
    inputs: { 'on-timeout': 'Keep' },
    input: 'on-timeout',
    value: 'Keep',
    says: 'keep or deregister',
  },
  {
    label: 'on-cancel DEREGISTER',
    inputs: { 'on-cancel': 'DEREGISTER' },
    input: 'on-cancel',
    value: 'DEREGISTER',
    says: 'keep or deregister',
  },
  // role
  {
    label: 'role name only',
    inputs: { 'role-to-assume': 'ami-copier' },
    input: 'role-to-assume',
    value: 'ami-copier',
    says: 'not an IAM role ARN',
  },
  {
    label: 'role with a short account',
    inputs: { 'role-to-assume': 'arn:aws:iam::1234:role/x' },
    input: 'role-to-assume',
    value: 'arn:aws:iam::1234:role/x',
    says: 'not an IAM role ARN',
  },
  {
    label: 'an assumed-role ARN',
    inputs: { 'role-to-assume': 'arn:aws:sts::123456789012:assumed-role/x/session' },
    input: 'role-to-assume',
    value: 'arn:aws:sts::123456789012:assumed-role/x/session',
    says: 'not an IAM role ARN',
  },
  {
    label: 'role of another partition',
    inputs: { 'role-to-assume': 'arn:aws-cn:iam::123456789012:role/x' },
    input: 'role-to-assume',
    value: 'arn:aws-cn:iam::123456789012:role/x',
    says: 'partition aws-cn',
  },
  {
    label: 'session name of 1',
    inputs: { 'role-session-name': 'a' },
    input: 'role-session-name',
    value: 'a',
    says: '2 to 64',
  },
  {
    label: 'session name of 65',
    inputs: { 'role-session-name': long(65) },
    input: 'role-session-name',
    value: long(65),
    says: '2 to 64',
  },
  {
    label: 'session name with a space',
    inputs: { 'role-session-name': 'my session' },
    input: 'role-session-name',
    value: 'my session',
    says: '2 to 64',
  },
  {
    label: 'session name with a slash',
    inputs: { 'role-session-name': 'ci/job' },
    input: 'role-session-name',
    value: 'ci/job',
    says: '2 to 64',
  },
  {
    label: 'duration 899',
    inputs: { 'role-duration-seconds': '899' },
    input: 'role-duration-seconds',
    value: '899',
    says: 'out of range',
  },
  {
    label: 'duration 43201',
    inputs: { 'role-duration-seconds': '43201' },
    input: 'role-duration-seconds',
    value: '43201',
    says: 'out of range',
  },
  {
    label: 'duration fraction',
    inputs: { 'role-duration-seconds': '3600.5' },
    input: 'role-duration-seconds',
    value: '3600.5',
    says: 'whole number',
  },
  {
    label: 'duration exponent',
    inputs: { 'role-duration-seconds': '1e4' },
    input: 'role-duration-seconds',
    value: '1e4',
    says: 'whole number',
  },
  {
    label: 'duration hex',
    inputs: { 'role-duration-seconds': '0x384' },
    input: 'role-duration-seconds',
    value: '0x384',
    says: 'whole number',
  },
  {
    label: 'duration with unit',
    inputs: { 'role-duration-seconds': '1h' },
    input: 'role-duration-seconds',
    value: '1h',
    says: 'whole number',
  },
  {
    label: 'duration negative',
    inputs: { 'role-duration-seconds': '-900' },
    input: 'role-duration-seconds',
    value: '-900',
    says: 'whole number',
  },
  {
    label: 'duration signed',
    inputs: { 'role-duration-seconds': '+900' },
    input: 'role-duration-seconds',
    value: '+900',
    says: 'whole number',
  },
  {
    label: 'duration huge',
    inputs: { 'role-duration-seconds': '99999999999999999999' },
    input: 'role-duration-seconds',
    value: '99999999999999999999',
    says: 'out of range',
  },
];

describe('parseConfig rejects', () => {
  it.each(REJECTIONS.map((row) => [row.label, row] as const))('%s', (_label, row) => {
    const result = parseWith(row.inputs, row.env);
    expect(result.ok).toBe(false);
    const problems = problemsOf(result);
    const match = problems.find((problem) => problem.input === row.input && problem.value === row.value);
    expect(match, JSON.stringify(problems, null, 2)).toBeDefined();
    expect(match?.message).toContain(row.says);
  });

  it('counts the source region among the regions kms-key-id serves when it is a target and encrypted is true', () => {
    const sourceAndOne = { ...ENCRYPTED, 'target-regions': 'us-east-1 eu-west-1' };
    const [problem, ...others] = problemsOf(parseWith({ ...sourceAndOne, 'kms-key-id': UUID }));
    expect(others).toEqual([]);
    expect(problem).toMatchObject({ input: 'kms-key-id', value: UUID });
    expect(problem?.message).toContain('copies in us-east-1, eu-west-1 (us-east-1: the encrypted copy');
    const arn = problemsOf(parseWith({ ...sourceAndOne, 'kms-key-id': keyArn('eu-west-1') }));
    expect(arn.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /give us-east-1 its own key with kms-key-ids, or remove us-east-1 from target-regions$/,
      ),
    ]);
  });

  it('accepts kms-key-id for the other regions when kms-key-ids gives the source region its own key', () => {
    const inputs = {
      ...ENCRYPTED,
      'target-regions': 'us-east-1 eu-west-1',
      'kms-key-ids': 'us-east-1: alias/images',
    };
    expect(problemsOf(parseWith({ ...inputs, 'kms-key-id': UUID }))).toEqual([]);
    expect(problemsOf(parseWith({ ...inputs, 'kms-key-id': keyArn('eu-west-1') }))).toEqual([]);
  });

  it('does not count the source region when it is not a target: nothing is copied there', () => {
    const result = parseWith({
      ...ENCRYPTED,
      'target-regions': 'eu-west-1',
      'kms-key-id': keyArn('eu-west-1'),
    });
    expect(problemsOf(result)).toEqual([]);
  });

  it('accepts a multi-Region key id and an alias for many regions', () => {
    expect(parseWith({ ...ENCRYPTED, 'kms-key-id': MRK }).ok).toBe(true);
    expect(parseWith({ ...ENCRYPTED, 'kms-key-id': 'alias/aws/ebs' }).ok).toBe(true);
  });
});

describe('parseConfig on invalid inputs: the target regions, when that input is valid', () => {
  it('gives the parsed target-regions when only other inputs are wrong', () => {
    const result = parseWith({ timeout: 'soon', 'target-regions': 'eu-west-1, ap-southeast-2' });
    expect(result).toMatchObject({ ok: false, targetRegions: ['eu-west-1', 'ap-southeast-2'] });
  });

  it('gives none when target-regions itself is wrong, even partly', () => {
    expect(parseWith({ 'target-regions': 'eu-west-1, EU-WEST-2' })).toMatchObject({
      ok: false,
      targetRegions: [],
    });
  });
});

describe('parseConfig reports every problem at once', () => {
  it('lists each problem of a thoroughly wrong input set, in the order of the inputs', () => {
    const result = parseWith({
      'source-ami-id': 'ami-xyz',
      'source-region': '',
      'target-regions': 'eu-west-1,,EU-WEST-2',
      name: '{nam}',
      encrypted: 'yes',
      'kms-key-id': 'key',
      tags: 'aws:x: 1',
      wait: 'no',
      timeout: 'soon',
      'on-cancel': 'delete',
      'role-duration-seconds': '60',
    });
    const inputs = problemsOf(result).map((problem) => problem.input);
    expect(inputs).toEqual([
      'source-ami-id',
      'source-region',
      'target-regions',
      'target-regions',
      'name',
      'encrypted',
      'kms-key-id',
      'tags',
      'wait',
      'timeout',
      'on-cancel',
      'role-duration-seconds',
    ]);
  });

  it('reports problems of several entries of one list', () => {
    const problems = problemsOf(parseWith({ 'target-regions': 'eu-west-9x us-east-1a EU-WEST-1' }));
    expect(problems.map((problem) => problem.value)).toEqual(['eu-west-9x', 'us-east-1a', 'EU-WEST-1']);
  });
});
