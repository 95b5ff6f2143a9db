import { describe, expect, it } from 'vitest';
import type { Checked } from '../../src/config/problems.js';
import {
  MAX_SHARING_ENTITIES,
  parseAccountId,
  parseOrganizationArn,
  parseOrganizationalUnitArn,
} from '../../src/rules/sharing.js';

const MGMT = '111122223333';
const ORG = 'o-a1b2c3d4e5';
const OU = 'ou-ab12-cdefgh34';
const orgArn = (org = ORG, partition = 'aws', account = MGMT) =>
  `arn:${partition}:organizations::${account}:organization/${org}`;
const ouArn = (ou = OU, org = ORG, partition = 'aws', account = MGMT) =>
  `arn:${partition}:organizations::${account}:ou/${org}/${ou}`;
const SAMPLE_ORG_ARN = 'arn:aws:organizations::123456789012:organization/o-exampleorgid';
const SAMPLE_OU_ARN =
  'arn:aws:organizations::123456789012:ou/o-exampleorgid/ou-examplerootid111-exampleouid111';

function refusal(result: Checked<string>): string {
  if (result.ok) throw new Error(`accepted as ${result.value}`);
  expect(result.message).not.toMatch(/[\r\n]/);
  return result.message;
}

describe('MAX_SHARING_ENTITIES', () => {
  it('is the 1,000 accounts, organizations and OUs AWS lets one AMI be shared with', () => {
    expect(MAX_SHARING_ENTITIES).toBe(1000);
  });
});

describe('parseAccountId', () => {
  it.each(['123456789012', '000000000001', '012345678901', MGMT])('accepts %s', (text) => {
    expect(parseAccountId(text)).toEqual({ ok: true, value: text });
  });

  it('accepts any account but its own when told which that is', () => {
    expect(parseAccountId('123456789012', MGMT)).toEqual({ ok: true, value: '123456789012' });
    expect(refusal(parseAccountId(MGMT, MGMT))).toBe(
      `"${MGMT}" is the account that owns the copies: it can launch them already, remove it`,
    );
  });

  it.each([
    ['', 'empty: give a 12-digit AWS account id, e.g. 123456789012'],
    ['1234-5678-9012', '"1234-5678-9012" has dashes: drop them, write 123456789012'],
    ['1234 5678 9012', '"1234 5678 9012" has spaces: drop them, write 123456789012'],
    ['1234 - 5678 - 9012', 'has dashes and spaces: drop them, write 123456789012'],
    [' 123456789012', 'has spaces: drop them, write 123456789012'],
    ['123456789012 ', 'has spaces: drop them, write 123456789012'],
    [
      '12345678901',
      '"12345678901" has 11 digits: an AWS account id has exactly 12, e.g. 123456789012 (if it starts with 0, keep the 0',
    ],
    ['1234567890123', '"1234567890123" has 13 digits: an AWS account id has exactly 12'],
    ['1234-5678-901', 'has 11 digits'],
    ['ops@example.com', '"ops@example.com" is an email address: give the account\'s 12-digit id instead'],
    ['my-prod', '"my-prod" looks like an account alias or name: give the account\'s 12-digit id instead'],
    ['Production Account', 'looks like an account alias or name'],
    ['all', '"all" would make the image public, which is not done here: give 12-digit account ids'],
    [orgArn(), 'is an organization ARN, not an account: share with it as an organization'],
    [ouArn(), 'is an organizational unit ARN, not an account: share with it as an organizational unit'],
    [`arn:aws:organizations::${MGMT}:account/${ORG}/444455556666`, 'give just its id, 444455556666'],
    [
      `arn:aws:organizations::${MGMT}:root/${ORG}/r-ab12`,
      'to share with the whole organization give its ARN',
    ],
    [
      'arn:aws:iam::123456789012:root',
      'is an ARN, not an account id: give just the account id in it, 123456789012',
    ],
    ['ARN:AWS:IAM::123456789012:ROOT', 'give just the account id in it, 123456789012'],
    ['arn:aws:s3:::bucket', 'is an ARN, not an account id: give 12-digit account ids'],
    [
      ORG,
      `is an organization id, not an account: to share with the organization give its ARN (arn:aws:organizations::123456789012:organization/${ORG})`,
    ],
    [OU, `to share with the OU give its ARN (arn:aws:organizations::123456789012:ou/o-exampleorgid/${OU})`],
    ['12345678901x', '"12345678901x" is not an AWS account id: give 12 digits, e.g. 123456789012'],
    ['١٢٣٤٥٦٧٨٩٠١٢', 'is not an AWS account id'],
  ])('refuses %j, saying %j', (text, says) => {
    expect(refusal(parseAccountId(text))).toContain(says);
  });
});

describe('parseOrganizationArn', () => {
  it.each([
    [orgArn(), 'aws'],
    [orgArn(), undefined],
    [orgArn('o-abcdefghij'), 'aws'],
    [orgArn(`o-${'a1'.repeat(16)}`), 'aws'],
    [SAMPLE_ORG_ARN, 'aws'],
    [orgArn(ORG, 'aws-cn'), 'aws-cn'],
    [orgArn(ORG, 'aws-us-gov'), 'aws-us-gov'],
    [orgArn(ORG, 'aws-cn'), undefined],
  ])('accepts %s in the partition %s', (text, partition) => {
    expect(parseOrganizationArn(text, partition)).toEqual({ ok: true, value: text });
  });

  it.each([
    ['', 'aws', `empty: give an organization ARN, e.g. ${SAMPLE_ORG_ARN}`],
    ['', 'aws-cn', 'e.g. arn:aws-cn:organizations::123456789012:organization/o-exampleorgid'],
    [
      ORG,
      'aws',
      `"${ORG}" is an organization id: give the organization ARN, arn:aws:organizations::123456789012:organization/${ORG} with your management account's id in place of 123456789012`,
    ],
    [ORG, 'aws-us-gov', `arn:aws-us-gov:organizations::123456789012:organization/${ORG}`],
    [ORG, undefined, `arn:aws:organizations::123456789012:organization/${ORG}`],
    [
      'O-A1B2C3D4E5',
      'aws',
      `give the organization ARN, arn:aws:organizations::123456789012:organization/${ORG}`,
    ],
    [
      'o-abc',
      'aws',
      '"o-abc" is not an organization id (o- and 10 to 32 lowercase letters or digits), and the ARN is needed here',
    ],
    [OU, 'aws', 'is an organizational unit id, not an organization: give the organization ARN'],
    ['r-ab12', 'aws', "is the id of an organization's root: give the organization ARN"],
    [
      ouArn(),
      'aws',
      `is an organizational unit ARN: share with it as an organizational unit, or give ${orgArn()} to share with the whole organization`,
    ],
    [`arn:aws:organizations::${MGMT}:root/${ORG}/r-ab12`, 'aws', `give the organization ARN, ${orgArn()}`],
    [
      `arn:aws:organizations::${MGMT}:account/${ORG}/444455556666`,
      'aws',
      'is the ARN of the account 444455556666: share with 444455556666 as an account',
    ],
    ['123456789012', 'aws', 'is an account id: share with it as an account, or give the organization ARN'],
    ['ops@example.com', 'aws', 'is an email address: give the organization ARN'],
    [
      orgArn().toUpperCase(),
      'aws',
      `has capital letters: organization ARNs are lowercase, write ${orgArn()}`,
    ],
    [orgArn('o-A1B2C3D4E5'), 'aws', `write ${orgArn()}`],
    [
      orgArn('o-'),
      'aws',
      'has the organization id "o-", which is too short: an organization id is o- and 10 to 32 lowercase letters or digits (0 here)',
    ],
    [orgArn('o-abcdefghi'), 'aws', 'which is too short'],
    [
      orgArn(`o-${'a'.repeat(33)}`),
      'aws',
      'which is too long: an organization id is o- and 10 to 32 lowercase letters or digits (33 here)',
    ],
    [orgArn('o-abc_defghij'), 'aws', 'has the organization id "o-abc_defghij", which is not valid'],
    [orgArn('a1b2c3d4e5'), 'aws', 'has "a1b2c3d4e5" where the organization id goes'],
    [
      `${orgArn()}/extra`,
      'aws',
      `goes on after the organization id: an organization ARN ends in organization/${ORG}`,
    ],
    [
      `arn:aws:organizations:us-east-1:${MGMT}:organization/${ORG}`,
      'aws',
      `has the region "us-east-1", but Organizations ARNs have none: write ${orgArn()}`,
    ],
    [
      orgArn(ORG, 'aws', '1111-2222-3333'),
      'aws',
      'has the account "1111-2222-3333": Organizations ARNs hold the management account\'s 12-digit id',
    ],
    [orgArn(ORG, 'aws', ''), 'aws', 'has the account ""'],
    [
      orgArn(ORG, 'aws-cn'),
      'aws',
      'is in the partition aws-cn, but the copies are in aws: an image is shared only within its partition, give an organization in aws',
    ],
    [orgArn(), 'aws-us-gov', 'is in the partition aws, but the copies are in aws-us-gov'],
    [
      orgArn(ORG, 'foo'),
      'aws',
      'has the partition "foo", which is not AWS\'s: write aws (aws-cn in China, aws-us-gov in GovCloud)',
    ],
    [
      `arn:aws:iam::${MGMT}:root`,
      'aws',
      'is an ARN of the service "iam", not of AWS Organizations: give an organization ARN such as',
    ],
    [
      `arn:aws:organizations::${MGMT}:policy/${ORG}/service_control_policy/p-12345678`,
      'aws',
      'is not an organization ARN',
    ],
    [`${orgArn()} `, 'aws', 'has spaces in it: an ARN has none, remove them'],
    [` ${orgArn()}`, 'aws', 'has spaces in it'],
    ['arn:aws:organizations', 'aws', 'is not a whole ARN'],
    [`arn:aws:organizations::${MGMT}:constructor/${ORG}/x`, 'aws', 'is not an organization ARN'],
    ['my organization', 'aws', `is not an organization ARN: give one such as ${SAMPLE_ORG_ARN}`],
  ])('refuses %j (partition %s), saying %j', (text, partition, says) => {
    expect(refusal(parseOrganizationArn(text, partition))).toContain(says);
  });
});

describe('parseOrganizationalUnitArn', () => {
  it.each([
    [ouArn(), 'aws'],
    [ouArn(), undefined],
    [SAMPLE_OU_ARN, 'aws'],
    [ouArn('ou-abcd-abcdefgh'), 'aws'],
    [ouArn(`ou-${'a'.repeat(32)}-${'b'.repeat(32)}`), 'aws'],
    [ouArn(OU, ORG, 'aws-cn'), 'aws-cn'],
    [ouArn(OU, ORG, 'aws-us-gov'), 'aws-us-gov'],
  ])('accepts %s in the partition %s', (text, partition) => {
    expect(parseOrganizationalUnitArn(text, partition)).toEqual({ ok: true, value: text });
  });

  it.each([
    ['', 'aws', `empty: give an organizational unit ARN, e.g. ${SAMPLE_OU_ARN}`],
    [
      OU,
      'aws',
      `"${OU}" is an organizational unit id: give the OU ARN, arn:aws:organizations::123456789012:ou/o-exampleorgid/${OU} with your management account's and organization's ids in place of 123456789012 and o-exampleorgid`,
    ],
    [OU, 'aws-cn', `arn:aws-cn:organizations::123456789012:ou/o-exampleorgid/${OU}`],
    [
      'OU-AB12-CDEFGH34',
      'aws',
      `give the OU ARN, arn:aws:organizations::123456789012:ou/o-exampleorgid/${OU}`,
    ],
    [
      ORG,
      'aws',
      `is an organization id, not an organizational unit: give an OU ARN such as arn:aws:organizations::123456789012:ou/${ORG}/ou-examplerootid111-exampleouid111, or share with the whole organization`,
    ],
    [
      orgArn(),
      'aws',
      `is an organization ARN, not an OU ARN: share with it as an organization, or give an OU in it, e.g. arn:aws:organizations::${MGMT}:ou/${ORG}/ou-examplerootid111-exampleouid111`,
    ],
    ['r-ab12', 'aws', "is the id of an organization's root, not an OU: share with the whole organization"],
    [
      `arn:aws:organizations::${MGMT}:root/${ORG}/r-ab12`,
      'aws',
      `share with the whole organization by its ARN as an organization (${orgArn()})`,
    ],
    [
      `arn:aws:organizations::${MGMT}:account/${ORG}/444455556666`,
      'aws',
      'share with 444455556666 as an account',
    ],
    ['123456789012', 'aws', 'is an account id: share with it as an account, or give an OU ARN'],
    [ouArn().toUpperCase(), 'aws', `has capital letters: OU ARNs are lowercase, write ${ouArn()}`],
    [ouArn('ou-abc-abcdefgh'), 'aws', 'has the OU id "ou-abc-abcdefgh", whose root part has 3 characters'],
    [ouArn(`ou-${'a'.repeat(33)}-abcdefgh`), 'aws', 'whose root part has 33 characters'],
    [ouArn('ou-abcd-abcdefg'), 'aws', 'has the OU id "ou-abcd-abcdefg", whose last part has 7 characters'],
    [ouArn(`ou-abcd-${'b'.repeat(33)}`), 'aws', 'whose last part has 33 characters'],
    [
      ouArn('ou-abcdabcdefgh'),
      'aws',
      "which is not valid: an OU id is ou-, the root's 4 to 32 lowercase letters or digits, -, and 8 to 32 more",
    ],
    [ouArn('ou-'), 'aws', 'which is not valid'],
    [ouArn(''), 'aws', `has no OU id after ${ORG}/`],
    [`arn:aws:organizations::${MGMT}:ou/${ORG}`, 'aws', `has no OU id after ${ORG}/`],
    [`${ouArn()}/ou-ab12-zzzzzzzz`, 'aws', 'has more than one OU: an OU ARN names only the OU itself'],
    [ouArn(OU, 'o-abc'), 'aws', 'has the organization id "o-abc", which is too short'],
    [
      `arn:aws:organizations:eu-west-1:${MGMT}:ou/${ORG}/${OU}`,
      'aws',
      `but Organizations ARNs have none: write ${ouArn()}`,
    ],
    [ouArn(OU, ORG, 'aws', '12345678901'), 'aws', 'has the account "12345678901"'],
    [
      ouArn(OU, ORG, 'aws-us-gov'),
      'aws',
      'is in the partition aws-us-gov, but the copies are in aws: an image is shared only within its partition, give an organizational unit in aws',
    ],
    [
      `arn:aws:ec2:us-east-1:${MGMT}:image/ami-12345678`,
      'aws',
      'is an ARN of the service "ec2", not of AWS Organizations: give an OU ARN such as',
    ],
    [`${ouArn().slice(0, 20)} ${ouArn().slice(20)}`, 'aws', 'has spaces in it'],
    ['ou-ab', 'aws', '"ou-ab" is not an OU id (ou-, the root\'s 4 to 32'],
    ['engineering', 'aws', `is not an organizational unit ARN: give one such as ${SAMPLE_OU_ARN}`],
  ])('refuses %j (partition %s), saying %j', (text, partition, says) => {
    expect(refusal(parseOrganizationalUnitArn(text, partition))).toContain(says);
  });
});
