/** STS over the Query protocol: parameters in, `<…Response><…Result>` XML out (2011-06-15 namespace). */
import { awsError } from '../model/errors.js';
import type { StsAction } from '../model/model.js';
import type { StsCredentialsResult } from '../model/sts.js';
import { document, el, STS_NAMESPACE } from './xml.js';

export const STS_ACTIONS: readonly StsAction[] = [
  'AssumeRole',
  'AssumeRoleWithWebIdentity',
  'GetCallerIdentity',
];

export function isStsAction(action: string): action is StsAction {
  return (STS_ACTIONS as readonly string[]).includes(action);
}

const KNOWN_PARAMS: Record<StsAction, readonly string[]> = {
  AssumeRole: [
    'RoleArn',
    'RoleSessionName',
    'DurationSeconds',
    'Policy',
    'ExternalId',
    'SerialNumber',
    'TokenCode',
    'SourceIdentity',
  ],
  AssumeRoleWithWebIdentity: [
    'RoleArn',
    'RoleSessionName',
    'WebIdentityToken',
    'DurationSeconds',
    'Policy',
    'ProviderId',
  ],
  GetCallerIdentity: [],
};

export function decodeStsInput(
  action: StsAction,
  params: ReadonlyMap<string, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version') continue;
    const root = key.split('.')[0] ?? key;
    if (
      !KNOWN_PARAMS[action].includes(root) &&
      !['PolicyArns', 'Tags', 'TransitiveTagKeys', 'ProvidedContexts'].includes(root)
    ) {
      throw awsError('InvalidParameterValue', `The parameter ${key} is not recognized`);
    }
    if (key === 'DurationSeconds') {
      if (!/^\d+$/.test(value))
        throw awsError('ValidationError', `Invalid value '${value}' for DurationSeconds`);
      out[key] = Number(value);
    } else if (!key.includes('.')) out[key] = value;
  }
  return out;
}

function credentialsXml(result: StsCredentialsResult): string[] {
  return [
    el('AssumedRoleUser', [
      el('AssumedRoleId', result.AssumedRoleUser.AssumedRoleId),
      el('Arn', result.AssumedRoleUser.Arn),
    ]),
    el('Credentials', [
      el('AccessKeyId', result.Credentials.AccessKeyId),
      el('SecretAccessKey', result.Credentials.SecretAccessKey),
      el('SessionToken', result.Credentials.SessionToken),
      el('Expiration', result.Credentials.Expiration),
    ]),
  ];
}

export function stsResponseXml(action: StsAction, result: object, requestId: string): string {
  let body: string[];
  if (action === 'GetCallerIdentity') {
    const identity = result as { UserId: string; Account: string; Arn: string };
    body = [el('Arn', identity.Arn), el('UserId', identity.UserId), el('Account', identity.Account)];
  } else {
    const assumed = result as StsCredentialsResult;
    body = [
      el('SubjectFromWebIdentityToken', assumed.SubjectFromWebIdentityToken),
      el('Audience', assumed.Audience),
      ...credentialsXml(assumed),
      el('Provider', assumed.Provider),
    ];
  }
  return document(`${action}Response`, STS_NAMESPACE, [
    el(`${action}Result`, body),
    el('ResponseMetadata', [el('RequestId', requestId)]),
  ]);
}
