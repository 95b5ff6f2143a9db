/**
 * GetParameter, GetParameters, GetParameterHistory and DeleteParameter, over committed versions
 * only: a version still being validated is invisible (AWS: ParameterNotFound for a new
 * parameter, the previous version for an update). A `name:N` selector picks version N; labels
 * are not modelled. An unknown name answers ParameterNotFound with no message, as AWS does.
 */
import { paginate } from './context.js';
import { awsError } from './errors.js';
import { Constraints } from './ssm-constraints.js';
import { splitSelector } from './ssm-names.js';
import type { SsmCallContext } from './ssm-operations.js';
import type { ParameterRecord, ParameterVersion, SsmParameters } from './ssm-parameters.js';

export interface GetParameterInput {
  readonly Name?: string;
  readonly WithDecryption?: boolean;
}

export interface GetParametersInput {
  readonly Names?: readonly string[];
  readonly WithDecryption?: boolean;
}

export interface GetParameterHistoryInput {
  readonly Name?: string;
  readonly WithDecryption?: boolean;
  readonly MaxResults?: number;
  readonly NextToken?: string;
}

export interface DeleteParameterInput {
  readonly Name?: string;
}

const parameterNotFound = () => awsError('ParameterNotFound', '');

/** What a SecureString read without WithDecryption shows: a stand-in for KMS ciphertext. */
export function ciphertext(version: ParameterVersion): string {
  return Buffer.from(`sim-kms:${version.keyId ?? ''}:${version.value}`).toString('base64');
}

const shownValue = (version: ParameterVersion, decrypt: boolean | undefined) =>
  version.type === 'SecureString' && decrypt !== true ? ciphertext(version) : version.value;

function parameterOutput(
  record: ParameterRecord,
  version: ParameterVersion,
  decrypt?: boolean,
  selector?: string,
) {
  return {
    Name: version.name,
    Type: version.type,
    Value: shownValue(version, decrypt),
    Version: version.version,
    ...(selector !== undefined ? { Selector: `:${selector}` } : {}),
    LastModifiedDate: new Date(version.lastModifiedDate),
    ARN: record.arn,
    DataType: version.dataType,
  };
}

/** The record and version a reference names, or the error GetParameter gives. */
function resolve(store: SsmParameters, ctx: SsmCallContext, reference: string) {
  const { name, selector } = splitSelector(reference);
  const record = store.find(ctx.accountId, ctx.region, name);
  if (!record) throw parameterNotFound();
  const version =
    selector === undefined
      ? record.versions.at(-1)
      : record.versions.find((v) => /^\d+$/.test(selector) && v.version === Number(selector));
  if (!version) {
    throw awsError(
      'ParameterVersionNotFound',
      `Systems Manager could not find version ${selector} of ${name}. Verify the version and try again.`,
    );
  }
  return { record, version, selector };
}

export function getParameter(store: SsmParameters, ctx: SsmCallContext, input: GetParameterInput) {
  new Constraints().notNull(input.Name, 'name').length(input.Name, 'name', 1, 2048).check();
  const { record, version, selector } = resolve(store, ctx, input.Name ?? '');
  return { Parameter: parameterOutput(record, version, input.WithDecryption, selector) };
}

export function getParameters(store: SsmParameters, ctx: SsmCallContext, input: GetParametersInput) {
  new Constraints().notNull(input.Names, 'names').count(input.Names, 'names', 1, 10).check();
  const Parameters: ReturnType<typeof parameterOutput>[] = [];
  const InvalidParameters: string[] = [];
  for (const reference of new Set(input.Names ?? [])) {
    try {
      const { record, version, selector } = resolve(store, ctx, reference);
      Parameters.push(parameterOutput(record, version, input.WithDecryption, selector));
    } catch {
      InvalidParameters.push(reference);
    }
  }
  return { Parameters, InvalidParameters };
}

export function getParameterHistory(
  store: SsmParameters,
  ctx: SsmCallContext,
  input: GetParameterHistoryInput,
) {
  new Constraints()
    .notNull(input.Name, 'name')
    .length(input.Name, 'name', 1, 2048)
    .range(input.MaxResults, 'maxResults', 1, 50)
    .check();
  const record = store.find(ctx.accountId, ctx.region, input.Name ?? '');
  if (!record) throw parameterNotFound();
  const { page, nextToken } = paginate(record.versions, input.MaxResults ?? 50, input.NextToken);
  return {
    Parameters: page.map((v) => ({
      Name: v.name,
      Type: v.type,
      ...(v.keyId !== undefined ? { KeyId: v.keyId } : {}),
      LastModifiedDate: new Date(v.lastModifiedDate),
      LastModifiedUser: v.lastModifiedUser,
      ...(v.description !== undefined ? { Description: v.description } : {}),
      Value: shownValue(v, input.WithDecryption),
      ...(v.allowedPattern !== undefined ? { AllowedPattern: v.allowedPattern } : {}),
      Version: v.version,
      Labels: [],
      Tier: v.tier,
      Policies: [],
      DataType: v.dataType,
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

export function deleteParameter(store: SsmParameters, ctx: SsmCallContext, input: DeleteParameterInput) {
  new Constraints().notNull(input.Name, 'name').length(input.Name, 'name', 1, 2048).check();
  if (!store.delete(ctx.accountId, ctx.region, input.Name ?? '', ctx.now)) throw parameterNotFound();
  return {};
}
