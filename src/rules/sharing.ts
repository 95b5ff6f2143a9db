import { accept, type Checked, quote, reject } from '../config/problems.js';

/**
 * Whom a copy is shared with (ModifyImageAttribute LaunchPermission): accounts by their 12-digit
 * id, organizations and organizational units by their ARN (AWS takes no bare `o-…` or `ou-…`
 * id there). Formats as the Organizations API reference gives them:
 * `arn:<partition>:organizations::<management account>:organization/o-<10-32 [a-z0-9]>` and
 * `…:ou/o-<…>/ou-<4-32 [0-9a-z], the root's id>-<8-32 [0-9a-z]>`. An image can be shared only
 * within its own partition. The messages recognise the other forms, since giving one where
 * another belongs is the usual mistake.
 */

/** AWS allows at most 1,000 sharing entities (accounts + organizations + OUs) per AMI. */
export const MAX_SHARING_ENTITIES = 1000;

const ACCOUNT_ID = /^\d{12}$/;
const ORG_ID = /^o-[a-z0-9]{10,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const PARTITION = /^aws(?:-[a-z]+)*$/;
const ARN = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/;
const ORGANIZATIONS_ARN =
  /^arn:(aws(?:-[a-z]+)*):organizations::(\d{12}):([a-z]+)\/(o-[a-z0-9]{10,32})(?:\/(.+))?$/;

const ORG_RULE = 'o- and 10 to 32 lowercase letters or digits';
const OU_RULE = "ou-, the root's 4 to 32 lowercase letters or digits, -, and 8 to 32 more";

const SAMPLE_ACCOUNT = '123456789012';
const SAMPLE_ORG = 'o-exampleorgid';
const SAMPLE_OU = 'ou-examplerootid111-exampleouid111';

const organizationArn = (partition: string, account: string, org: string) =>
  `arn:${partition}:organizations::${account}:organization/${org}`;
const unitArn = (partition: string, account: string, org: string, ou: string) =>
  `arn:${partition}:organizations::${account}:ou/${org}/${ou}`;

/** What a piece of text is, when it is a well-formed something. */
type Form =
  | { readonly kind: 'account'; readonly id: string }
  | { readonly kind: 'organization-id'; readonly org: string }
  | { readonly kind: 'ou-id'; readonly ou: string }
  | { readonly kind: 'root-id' }
  | { readonly kind: 'public' }
  | { readonly kind: 'email' }
  | {
      readonly kind: 'organization-arn';
      readonly partition: string;
      readonly account: string;
      readonly org: string;
    }
  | {
      readonly kind: 'ou-arn' | 'root-arn' | 'account-arn';
      readonly partition: string;
      readonly account: string;
      readonly org: string;
      /** The OU id, root id or member account id after the organization id. */
      readonly child: string;
    }
  /** Any other ARN, with the account it names, if any (`arn:aws:iam::123456789012:root`). */
  | { readonly kind: 'other-arn'; readonly account: string | undefined };

/** What can follow `<type>/o-…/` in an Organizations ARN. */
const CHILDREN = new Map<
  string,
  { readonly kind: 'ou-arn' | 'root-arn' | 'account-arn'; readonly id: RegExp }
>([
  ['ou', { kind: 'ou-arn', id: OU_ID }],
  ['root', { kind: 'root-arn', id: ROOT_ID }],
  ['account', { kind: 'account-arn', id: ACCOUNT_ID }],
]);

function recognise(text: string): Form | undefined {
  if (ACCOUNT_ID.test(text)) return { kind: 'account', id: text };
  if (ORG_ID.test(text)) return { kind: 'organization-id', org: text };
  if (OU_ID.test(text)) return { kind: 'ou-id', ou: text };
  if (ROOT_ID.test(text)) return { kind: 'root-id' };
  if (text === 'all') return { kind: 'public' };
  if (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text)) return { kind: 'email' };
  const org = ORGANIZATIONS_ARN.exec(text);
  if (org !== null) {
    const [, partition = '', account = '', type, id = '', child] = org;
    if (type === 'organization' && child === undefined) {
      return { kind: 'organization-arn', partition, account, org: id };
    }
    const inside = CHILDREN.get(type ?? '');
    if (inside !== undefined && child !== undefined && inside.id.test(child)) {
      return { kind: inside.kind, partition, account, org: id, child };
    }
  }
  const arn = ARN.exec(text);
  if (arn !== null && arn[2] !== 'organizations' && !/\s/.test(text)) {
    return { kind: 'other-arn', account: ACCOUNT_ID.test(arn[4] ?? '') ? arn[4] : undefined };
  }
  return undefined;
}

/**
 * A 12-digit AWS account id. `ownAccount`, when given, is refused (sharing with yourself is a
 * mistake: the owner can launch its images anyway).
 */
export function parseAccountId(text: string, ownAccount?: string): Checked<string> {
  const shown = quote(text);
  const give = `give 12-digit account ids, e.g. ${SAMPLE_ACCOUNT}`;
  if (text === '') return reject(`empty: give a 12-digit AWS account id, e.g. ${SAMPLE_ACCOUNT}`);
  if (ACCOUNT_ID.test(text)) {
    if (text === ownAccount) {
      return reject(`${shown} is the account that owns the copies: it can launch them already, remove it`);
    }
    return accept(text);
  }
  if (/^[\d\s-]+$/.test(text) && /\d/.test(text)) return separatedDigits(text);
  const form = recognise(text) ?? recognise(text.toLowerCase());
  switch (form?.kind) {
    case 'organization-arn':
      return reject(
        `${shown} is an organization ARN, not an account: share with it as an organization; here ${give}`,
      );
    case 'ou-arn':
      return reject(
        `${shown} is an organizational unit ARN, not an account: share with it as an organizational unit; here ${give}`,
      );
    case 'account-arn':
      return reject(`${shown} is the Organizations ARN of an account: give just its id, ${form.child}`);
    case 'root-arn':
      return reject(
        `${shown} is the ARN of an organization's root, not an account: to share with the whole organization give its ARN as an organization; here ${give}`,
      );
    case 'other-arn':
      return form.account === undefined
        ? reject(`${shown} is an ARN, not an account id: ${give}`)
        : reject(`${shown} is an ARN, not an account id: give just the account id in it, ${form.account}`);
    case 'organization-id':
      return reject(
        `${shown} is an organization id, not an account: to share with the organization give its ARN (${organizationArn('aws', SAMPLE_ACCOUNT, form.org)}) as an organization; here ${give}`,
      );
    case 'ou-id':
      return reject(
        `${shown} is an organizational unit id, not an account: to share with the OU give its ARN (${unitArn('aws', SAMPLE_ACCOUNT, SAMPLE_ORG, form.ou)}) as an organizational unit; here ${give}`,
      );
    case 'public':
      return reject(`${shown} would make the image public, which is not done here: ${give}`);
    case 'email':
      return reject(
        `${shown} is an email address: give the account's 12-digit id instead, e.g. ${SAMPLE_ACCOUNT} (aws sts get-caller-identity in that account prints it)`,
      );
    default:
      break;
  }
  if (/[a-z]/i.test(text) && !/^\d/.test(text)) {
    return reject(
      `${shown} looks like an account alias or name: give the account's 12-digit id instead, e.g. ${SAMPLE_ACCOUNT} (aws sts get-caller-identity in that account prints it)`,
    );
  }
  return reject(`${shown} is not an AWS account id: give 12 digits, e.g. ${SAMPLE_ACCOUNT}`);
}

/** `1234-5678-9012`, `1234 5678 9012`, `12345678901`: digits, perhaps grouped. */
function separatedDigits(text: string): Checked<string> {
  const shown = quote(text);
  const digits = text.replace(/[\s-]/g, '');
  if (digits.length === 12) {
    const dashes = text.includes('-');
    const spaces = /\s/.test(text);
    const what = dashes && spaces ? 'dashes and spaces' : dashes ? 'dashes' : 'spaces';
    return reject(`${shown} has ${what}: drop them, write ${digits}`);
  }
  const zero = digits.length === 11 ? ' (if it starts with 0, keep the 0: quote the value in YAML)' : '';
  return reject(
    `${shown} has ${digits.length} digits: an AWS account id has exactly 12, e.g. ${SAMPLE_ACCOUNT}${zero}`,
  );
}

/** arn:<partition>:organizations::<12-digit management account>:organization/o-<10-32 [a-z0-9]> */
export function parseOrganizationArn(text: string, partition: string | undefined): Checked<string> {
  const shown = quote(text);
  const p = partition ?? 'aws';
  const sample = organizationArn(p, SAMPLE_ACCOUNT, SAMPLE_ORG);
  if (text === '') return reject(`empty: give an organization ARN, e.g. ${sample}`);
  const own = recognise(text);
  if (own?.kind === 'organization-arn') return checkPartition(text, own.partition, partition, 'organization');
  if (recognise(text.toLowerCase())?.kind === 'organization-arn') {
    return reject(
      `${shown} has capital letters: organization ARNs are lowercase, write ${text.toLowerCase()}`,
    );
  }
  const form = own ?? recognise(text.toLowerCase());
  const whole = 'to share with the whole organization';
  switch (form?.kind) {
    case 'organization-id':
      return reject(
        `${shown} is an organization id: give the organization ARN, ${organizationArn(p, SAMPLE_ACCOUNT, form.org)} with your management account's id in place of ${SAMPLE_ACCOUNT} (aws organizations describe-organization prints it)`,
      );
    case 'ou-id':
      return reject(
        `${shown} is an organizational unit id, not an organization: give the organization ARN, e.g. ${sample}, or the OU's ARN as an organizational unit`,
      );
    case 'ou-arn':
      return reject(
        `${shown} is an organizational unit ARN: share with it as an organizational unit, or give ${organizationArn(form.partition, form.account, form.org)} ${whole}`,
      );
    case 'root-arn':
      return reject(
        `${shown} is the ARN of the organization's root: give the organization ARN, ${organizationArn(form.partition, form.account, form.org)}`,
      );
    case 'root-id':
      return reject(
        `${shown} is the id of an organization's root: give the organization ARN, e.g. ${sample}`,
      );
    case 'account-arn':
      return reject(
        `${shown} is the ARN of the account ${form.child}: share with ${form.child} as an account, or give ${organizationArn(form.partition, form.account, form.org)} ${whole}`,
      );
    case 'account':
      return reject(
        `${shown} is an account id: share with it as an account, or give the organization ARN, e.g. ${sample}`,
      );
    case 'email':
      return reject(`${shown} is an email address: give the organization ARN, e.g. ${sample}`);
    default:
      break;
  }
  const wrong = arnProblem(text, 'organization', sample);
  if (wrong !== undefined) return reject(wrong);
  if (text.startsWith('o-')) {
    return reject(
      `${shown} is not an organization id (${ORG_RULE}), and the ARN is needed here: give one such as ${sample}`,
    );
  }
  return reject(
    `${shown} is not an organization ARN: give one such as ${sample} (aws organizations describe-organization prints it)`,
  );
}

/** arn:<partition>:organizations::<account>:ou/o-<...>/ou-<...> */
export function parseOrganizationalUnitArn(text: string, partition: string | undefined): Checked<string> {
  const shown = quote(text);
  const p = partition ?? 'aws';
  const sample = unitArn(p, SAMPLE_ACCOUNT, SAMPLE_ORG, SAMPLE_OU);
  if (text === '') return reject(`empty: give an organizational unit ARN, e.g. ${sample}`);
  const own = recognise(text);
  if (own?.kind === 'ou-arn') return checkPartition(text, own.partition, partition, 'organizational unit');
  if (recognise(text.toLowerCase())?.kind === 'ou-arn') {
    return reject(`${shown} has capital letters: OU ARNs are lowercase, write ${text.toLowerCase()}`);
  }
  const form = own ?? recognise(text.toLowerCase());
  const whole = 'share with the whole organization by its ARN as an organization';
  switch (form?.kind) {
    case 'ou-id':
      return reject(
        `${shown} is an organizational unit id: give the OU ARN, ${unitArn(p, SAMPLE_ACCOUNT, SAMPLE_ORG, form.ou)} with your management account's and organization's ids in place of ${SAMPLE_ACCOUNT} and ${SAMPLE_ORG} (aws organizations describe-organizational-unit prints it)`,
      );
    case 'organization-id':
      return reject(
        `${shown} is an organization id, not an organizational unit: give an OU ARN such as ${unitArn(p, SAMPLE_ACCOUNT, form.org, SAMPLE_OU)}, or ${whole}`,
      );
    case 'organization-arn':
      return reject(
        `${shown} is an organization ARN, not an OU ARN: share with it as an organization, or give an OU in it, e.g. ${unitArn(form.partition, form.account, form.org, SAMPLE_OU)}`,
      );
    case 'root-arn':
      return reject(
        `${shown} is the ARN of the organization's root, not an OU: ${whole} (${organizationArn(form.partition, form.account, form.org)})`,
      );
    case 'root-id':
      return reject(`${shown} is the id of an organization's root, not an OU: ${whole}`);
    case 'account-arn':
      return reject(
        `${shown} is the ARN of the account ${form.child}, not an OU: share with ${form.child} as an account`,
      );
    case 'account':
      return reject(
        `${shown} is an account id: share with it as an account, or give an OU ARN, e.g. ${sample}`,
      );
    default:
      break;
  }
  const wrong = arnProblem(text, 'ou', sample);
  if (wrong !== undefined) return reject(wrong);
  if (text.startsWith('ou-')) {
    return reject(
      `${shown} is not an OU id (${OU_RULE}), and the OU ARN is needed here: give one such as ${sample}`,
    );
  }
  return reject(
    `${shown} is not an organizational unit ARN: give one such as ${sample} (aws organizations describe-organizational-unit prints it)`,
  );
}

function checkPartition(
  text: string,
  arnPartition: string,
  partition: string | undefined,
  what: string,
): Checked<string> {
  if (partition === undefined || arnPartition === partition) return accept(text);
  return reject(
    `${quote(text)} is in the partition ${arnPartition}, but the copies are in ${partition}: an image is shared only within its partition, give an ${what} in ${partition}`,
  );
}

/** What is wrong with an ARN meant to be an organization's or an OU's, or undefined if not an ARN. */
function arnProblem(text: string, want: 'organization' | 'ou', sample: string): string | undefined {
  const shown = quote(text);
  if (/\s/.test(text) && /^arn:/i.test(text.replace(/\s/g, ''))) {
    return `${shown} has spaces in it: an ARN has none, remove them`;
  }
  const arn = ARN.exec(text);
  if (arn === null)
    return text.startsWith('arn:') ? `${shown} is not a whole ARN: give one such as ${sample}` : undefined;
  const [, partition = '', service = '', region = '', account = '', resource = ''] = arn;
  const what = want === 'organization' ? 'an organization ARN' : 'an OU ARN';
  if (service !== 'organizations') {
    return `${shown} is an ARN of ${service === '' ? 'no service' : `the service ${quote(service)}`}, not of AWS Organizations: give ${what} such as ${sample}`;
  }
  if (!PARTITION.test(partition)) {
    return `${shown} has the partition ${quote(partition)}, which is not AWS's: write aws (aws-cn in China, aws-us-gov in GovCloud)`;
  }
  if (region !== '') {
    return `${shown} has the region ${quote(region)}, but Organizations ARNs have none: write arn:${partition}:organizations::${account}:${resource}`;
  }
  if (!ACCOUNT_ID.test(account)) {
    return `${shown} has the account ${quote(account)}: Organizations ARNs hold the management account's 12-digit id`;
  }
  const [type, org = '', child, ...more] = resource.split('/');
  if (type !== want) return `${shown} is not ${what}: give one such as ${sample}`;
  if (!ORG_ID.test(org)) return `${shown} ${orgIdProblem(org)}`;
  if (want === 'organization') {
    return `${shown} goes on after the organization id: ${what} ends in organization/${org}`;
  }
  if (child === undefined || child === '')
    return `${shown} has no OU id after ${org}/: give one such as ${sample}`;
  if (more.length > 0) {
    return `${shown} has more than one OU: an OU ARN names only the OU itself (ou/${org}/<its ou- id>), however deep it is`;
  }
  return `${shown} ${ouIdProblem(child)}`;
}

/** `has the organization id "o-abc", too short: …` */
function orgIdProblem(org: string): string {
  const rule = `an organization id is ${ORG_RULE}`;
  if (!org.startsWith('o-')) return `has ${quote(org)} where the organization id goes: ${rule}`;
  const length = org.length - 2;
  if (/^o-[a-z0-9]*$/.test(org) && length < 10) {
    return `has the organization id ${quote(org)}, which is too short: ${rule} (${length} here)`;
  }
  if (/^o-[a-z0-9]*$/.test(org) && length > 32) {
    return `has the organization id ${quote(org)}, which is too long: ${rule} (${length} here)`;
  }
  return `has the organization id ${quote(org)}, which is not valid: ${rule}`;
}

/** `has the OU id "ou-ab-…", whose root part is too short: …` */
function ouIdProblem(ou: string): string {
  const rule = `an OU id is ${OU_RULE}`;
  const parts = /^ou-([0-9a-z]+)-([0-9a-z]+)$/.exec(ou);
  if (parts === null) return `has the OU id ${quote(ou)}, which is not valid: ${rule}`;
  const [, root = '', own = ''] = parts;
  if (root.length < 4 || root.length > 32) {
    return `has the OU id ${quote(ou)}, whose root part has ${root.length} characters: ${rule}`;
  }
  return `has the OU id ${quote(ou)}, whose last part has ${own.length} characters: ${rule}`;
}
