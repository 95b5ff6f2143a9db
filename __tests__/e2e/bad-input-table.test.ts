/**
 * Malformed inputs, end to end: each set goes through the bundle as a runner would pass it.
 * Every one must exit 1 with one problem that names the input, and must not send a single
 * request: the simulator's log stays empty (so in particular nothing is created or changed).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { clientEnvironment, startSimulator } from '../../sim/index.js';
import { runAction } from '../support/run-action.js';
import { expectNoLeaks } from '../support/secrets.js';

const VALID = {
  'source-ami-id': 'ami-0123456789abcdef0',
  'target-regions': 'eu-west-1, us-west-2',
} as const;

interface Row {
  /** The input the message must name. */
  readonly input: string;
  readonly why: string;
  /** Inputs over VALID (an empty string unsets one). */
  readonly with: Readonly<Record<string, string>>;
  /** Environment changes (an empty string unsets a variable). */
  readonly env?: Readonly<Record<string, string>>;
  /** Text the message must quote (the offending value, or part of it). */
  readonly quotes?: string;
}

const listed = (regions: string) => regions.split(/[\s,]+/).filter(Boolean);

const tags = (count: number) => Array.from({ length: count }, (_, i) => `key${i}=value${i}`).join('\n');

const ROWS: readonly Row[] = [
  { input: 'source-ami-id', why: 'missing', with: { 'source-ami-id': '' } },
  { input: 'source-ami-id', why: 'too short an id', with: { 'source-ami-id': 'ami-xyz' }, quotes: 'ami-xyz' },
  { input: 'source-ami-id', why: 'an instance id', with: { 'source-ami-id': 'i-0123456789abcdef0' } },
  { input: 'source-ami-id', why: 'upper-case hex', with: { 'source-ami-id': 'ami-0123456789ABCDEF0' } },
  {
    input: 'source-region',
    why: 'no region anywhere',
    with: {},
    env: { AWS_REGION: '', AWS_DEFAULT_REGION: '' },
  },
  {
    input: 'source-region',
    why: 'not a region name',
    with: { 'source-region': 'us-east' },
    quotes: 'us-east',
  },
  { input: 'source-region', why: 'an Availability Zone', with: { 'source-region': 'us-east-1a' } },
  { input: 'source-region', why: 'upper case', with: { 'source-region': 'US-EAST-1' } },
  {
    input: 'source-region',
    why: 'disagrees with the id prefix',
    with: { 'source-ami-id': 'eu-west-3:ami-0123456789abcdef0', 'source-region': 'us-east-1' },
  },
  { input: 'target-regions', why: 'missing', with: { 'target-regions': '' } },
  {
    input: 'target-regions',
    why: 'upper case',
    with: { 'target-regions': 'eu-west-1, EU-WEST-2' },
    quotes: 'EU-WEST-2',
  },
  {
    input: 'target-regions',
    why: 'unknown region',
    with: { 'target-regions': 'eu-west-1, mars-1' },
    quotes: 'mars-1',
  },
  { input: 'target-regions', why: 'semicolons', with: { 'target-regions': 'eu-west-1;us-west-2' } },
  { input: 'target-regions', why: 'another partition', with: { 'target-regions': 'cn-north-1' } },
  { input: 'name', why: 'unknown token', with: { name: 'web-{nope}' }, quotes: '{nope}' },
  { input: 'name', why: 'too short', with: { name: 'ab' } },
  { input: 'name', why: 'too long', with: { name: 'n'.repeat(129) } },
  { input: 'name', why: 'a character AWS refuses', with: { name: 'web*base' } },
  { input: 'description', why: 'longer than 255', with: { description: 'd'.repeat(256) } },
  { input: 'encrypted', why: 'yes is not a boolean', with: { encrypted: 'yes' }, quotes: 'yes' },
  { input: 'kms-key-id', why: 'a key without encrypted', with: { 'kms-key-id': 'alias/images' } },
  { input: 'kms-key-id', why: 'not a key reference', with: { encrypted: 'true', 'kms-key-id': 'my key' } },
  {
    input: 'kms-key-id',
    why: 'a key ARN of another region',
    with: {
      encrypted: 'true',
      'target-regions': 'eu-west-1',
      'kms-key-id': 'arn:aws:kms:ap-south-1:123456789012:key/0b6f1c4e-1f2a-4c3d-9e8f-0a1b2c3d4e5f',
    },
  },
  {
    input: 'kms-key-id',
    why: 'a key ARN of another region, for the encrypted copy in the source region',
    with: {
      encrypted: 'true',
      'target-regions': 'us-east-1, eu-west-1',
      'kms-key-id': 'arn:aws:kms:eu-west-1:123456789012:key/0b6f1c4e-1f2a-4c3d-9e8f-0a1b2c3d4e5f',
    },
    quotes: 'in its own region us-east-1',
  },
  {
    input: 'kms-key-ids',
    why: 'a region that is not a target',
    with: { encrypted: 'true', 'kms-key-ids': 'eu-central-1: alias/images' },
    quotes: 'eu-central-1',
  },
  {
    input: 'kms-key-ids',
    why: 'broken YAML',
    with: { encrypted: 'true', 'kms-key-ids': 'eu-west-1: [alias' },
  },
  { input: 'copy-tags', why: 'on is not a boolean', with: { 'copy-tags': 'on' } },
  { input: 'tags', why: 'an aws: key', with: { tags: 'aws:owner=me' }, quotes: 'aws:owner' },
  { input: 'tags', why: 'more than 47 tags', with: { tags: tags(48) } },
  { input: 'tags', why: 'a key over 128 characters', with: { tags: `${'k'.repeat(129)}=v` } },
  { input: 'tags', why: 'a line without =', with: { tags: 'team platform' } },
  { input: 'tag-snapshots', why: '1 is not a boolean', with: { 'tag-snapshots': '1' } },
  { input: 'wait', why: 'maybe', with: { wait: 'maybe' } },
  { input: 'timeout', why: 'zero', with: { timeout: '0s' } },
  { input: 'timeout', why: 'over 72h', with: { timeout: '73h' } },
  { input: 'timeout', why: 'a fraction', with: { timeout: '1.5h' }, quotes: '1.5h' },
  { input: 'timeout', why: 'no unit', with: { timeout: '90' } },
  { input: 'timeout', why: 'words', with: { timeout: 'soon' } },
  { input: 'reuse-existing', why: 'nope', with: { 'reuse-existing': 'nope' } },
  { input: 'include-source', why: 'y', with: { 'include-source': 'y' } },
  { input: 'cleanup-failed', why: 'no', with: { 'cleanup-failed': 'no' } },
  { input: 'on-timeout', why: 'not a choice', with: { 'on-timeout': 'delete' }, quotes: 'delete' },
  { input: 'on-cancel', why: 'not a choice', with: { 'on-cancel': 'remove' } },
  { input: 'role-to-assume', why: 'a role name, not an ARN', with: { 'role-to-assume': 'image-publisher' } },
  {
    input: 'role-to-assume',
    why: 'a role of another partition',
    with: { 'role-to-assume': 'arn:aws-cn:iam::123456789012:role/image-publisher' },
  },
  { input: 'role-session-name', why: 'one character', with: { 'role-session-name': 'a' } },
  { input: 'role-session-name', why: 'a space', with: { 'role-session-name': 'my session' } },
  { input: 'role-duration-seconds', why: 'under 900', with: { 'role-duration-seconds': '899' } },
  { input: 'role-duration-seconds', why: 'over 43200', with: { 'role-duration-seconds': '43201' } },
  { input: 'role-duration-seconds', why: 'exponent notation', with: { 'role-duration-seconds': '1e4' } },
  { input: 'copy-completion-duration', why: 'under 15 minutes', with: { 'copy-completion-duration': '10m' } },
  {
    input: 'copy-completion-duration',
    why: 'not in 15-minute steps',
    with: { 'copy-completion-duration': '50m' },
  },
  { input: 'copy-completion-duration', why: 'over 48 hours', with: { 'copy-completion-duration': '49h' } },
  { input: 'copy-completion-duration', why: 'no unit', with: { 'copy-completion-duration': '120' } },
  { input: 'dry-run', why: 'yes', with: { 'dry-run': 'yes' } },
  { input: 'share-accounts', why: 'dashes in the id', with: { 'share-accounts': '1234-5678-9012' } },
  {
    input: 'share-accounts',
    why: '11 digits',
    with: { 'share-accounts': '12345678901' },
    quotes: '12345678901',
  },
  { input: 'share-accounts', why: 'an email', with: { 'share-accounts': 'ops@example.com' } },
  {
    input: 'share-organizations',
    why: 'an organization id, not its ARN',
    with: { 'share-organizations': 'o-abcdefghij' },
    quotes: 'o-abcdefghij',
  },
  {
    input: 'share-organizations',
    why: 'an OU ARN',
    with: { 'share-organizations': 'arn:aws:organizations::123456789012:ou/o-abcdefghij/ou-ab12-cdefgh34' },
  },
  {
    input: 'share-organizational-units',
    why: 'an OU id, not its ARN',
    with: { 'share-organizational-units': 'ou-ab12-cdefgh34' },
  },
  {
    input: 'share-organizational-units',
    why: 'another partition',
    with: {
      'share-organizational-units': 'arn:aws-cn:organizations::123456789012:ou/o-abcdefghij/ou-ab12-cdefgh34',
    },
  },
  { input: 'share-public', why: 'on', with: { 'share-public': 'on' } },
  { input: 'share-snapshots', why: 'without share-accounts', with: { 'share-snapshots': 'true' } },
  {
    input: 'deregistration-protection',
    why: 'not a choice',
    with: { 'deregistration-protection': 'cooldown' },
  },
  { input: 'deprecate-at', why: 'in the past', with: { 'deprecate-at': '2020-01-01T00:00Z' } },
  { input: 'deprecate-at', why: 'more than 10 years ahead', with: { 'deprecate-at': '2099-01-01T00:00Z' } },
  { input: 'deprecate-at', why: 'no time zone', with: { 'deprecate-at': '2030-01-01T00:00' } },
  { input: 'deprecate-at', why: 'not a date', with: { 'deprecate-at': '2030-02-30' } },
  { input: 'deprecate-after', why: 'weeks', with: { 'deprecate-after': '4w' } },
  { input: 'deprecate-after', why: 'over 3650 days', with: { 'deprecate-after': '3651d' } },
  {
    input: 'deprecate-after',
    why: 'together with deprecate-at',
    with: { 'deprecate-at': '2030-01-01T00:00Z', 'deprecate-after': '90d' },
  },
];

const simulators: { close(): Promise<void> }[] = [];
afterAll(() => Promise.all(simulators.map((s) => s.close())));

describe.concurrent('bad input table: exit 1, name the input, send nothing', () => {
  it('has at least 30 rows covering every input that can be wrong', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(ROWS.map((r) => r.input)).size).toBeGreaterThanOrEqual(20);
  });

  it.for(ROWS)('$input: $why', async (row) => {
    // Its own simulator: a request, if any, is this row's.
    const sim = await startSimulator({ modelOptions: { seed: 1 } });
    simulators.push(sim);
    const env = { ...clientEnvironment(sim.url, sim.model.defaultCredentials, 'us-east-1'), ...row.env };
    const run = await runAction({
      inputs: { ...VALID, ...row.with },
      env: Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')),
    });
    expect(run.exitCode).toBe(1);
    const message = run.errorMessage ?? '';
    expect(message).toMatch(/^1 input problem; nothing was sent to AWS:\n {2}- /);
    expect(message).toContain(`  - ${row.input}: `);
    if (row.quotes) expect(message).toContain(row.quotes);
    expect(sim.model.log.all()).toEqual([]);
    expect(JSON.parse(run.outputs['ami-ids'] ?? 'null')).toEqual({});
    // Every target fails: the regions given, unless target-regions itself is the problem.
    const targets =
      row.input === 'target-regions' ? [] : listed(row.with['target-regions'] ?? VALID['target-regions']);
    expect(JSON.parse(run.outputs['failed-regions'] ?? 'null')).toEqual(targets);
    expect(run.summary).toContain('An input is invalid; nothing was sent to AWS:');
    expect(run.summary).toContain(`- \`${row.input}\`: `);
    expectNoLeaks(run, sim.model);
  });
});
