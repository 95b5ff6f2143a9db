/**
 * DescribeLaunchTemplates (by ids, by names, by filters) and DescribeLaunchTemplateVersions
 * (of one template: the versions asked for, `$Latest`, `$Default`, a Min/MaxVersion range, or
 * all; without a template: the latest and/or default versions of every template), newest
 * version first, paginated with AWS's MaxResults bounds.
 */
import type {
  DescribeLaunchTemplatesRequest,
  DescribeLaunchTemplateVersionsRequest,
  LaunchTemplateVersion,
} from '@aws-sdk/client-ec2';
import { type CallContext, isoTime, paginate } from './context.js';
import { awsError } from './errors.js';
import { matchesFilters, tagFilterValues } from './filters.js';
import {
  checkTemplateId,
  referencedTemplate,
  resolveVersion,
  templateById,
  templateByName,
  templatesIn,
} from './launch-templates-lookup.js';
import type { LaunchTemplateRecord, LaunchTemplateVersionRecord } from './launch-templates-records.js';
import { launchTemplateVersionView, launchTemplateView } from './launch-templates-views.js';
import type { Store } from './store.js';

const MAX_RESULTS = 200;
const NOT_FOUND = 'At least one of the launch templates specified in the request does not exist.';

export function describeLaunchTemplates(
  store: Store,
  ctx: CallContext,
  input: DescribeLaunchTemplatesRequest,
) {
  checkMaxResults(input.MaxResults);
  const ids = input.LaunchTemplateIds ?? [];
  const names = input.LaunchTemplateNames ?? [];
  let templates: LaunchTemplateRecord[];
  if (ids.length > 0 || names.length > 0) {
    const byId = ids.map((id) => {
      checkTemplateId(id);
      const found = templateById(store, ctx.accountId, ctx.region, id);
      if (!found) throw awsError('InvalidLaunchTemplateId.NotFound', NOT_FOUND);
      return found;
    });
    const byName = names.map((name) => {
      const found = templateByName(store, ctx.accountId, ctx.region, name);
      if (!found) throw awsError('InvalidLaunchTemplateName.NotFoundException', NOT_FOUND);
      return found;
    });
    templates = [...new Set([...byId, ...byName])];
  } else {
    templates = templatesIn(store, ctx.accountId, ctx.region);
  }
  const matching = templates.filter((t) =>
    matchesFilters(input.Filters, (name) => templateFilterValues(t, name)),
  );
  const { page, nextToken } = paginate(matching, input.MaxResults, input.NextToken);
  return { LaunchTemplates: page.map(launchTemplateView), NextToken: nextToken };
}

function templateFilterValues(template: LaunchTemplateRecord, name: string): readonly string[] | undefined {
  if (name === 'launch-template-name') return [template.name];
  if (name === 'create-time') return [isoTime(template.createdAt)];
  return tagFilterValues(name, template.tags);
}

const ALIASES = ['$Latest', '$Default'];

export function describeLaunchTemplateVersions(
  store: Store,
  ctx: CallContext,
  input: DescribeLaunchTemplateVersionsRequest,
) {
  checkMaxResults(input.MaxResults);
  if (input.ResolveAlias === true) {
    throw awsError(
      'UnsupportedOperation',
      'The simulator does not resolve resolve:ssm: image aliases (ResolveAlias).',
    );
  }
  const versions = input.Versions ?? [];
  const named = input.LaunchTemplateId !== undefined || input.LaunchTemplateName !== undefined;
  let found: [LaunchTemplateRecord, LaunchTemplateVersionRecord][];
  if (named) {
    const template = referencedTemplate(store, ctx, input);
    found = versionsOf(template, versions, input.MinVersion, input.MaxVersion).map((v) => [template, v]);
  } else {
    if (versions.length === 0 || versions.some((v) => !ALIASES.includes(v))) {
      throw awsError(
        versions.length === 0 ? 'MissingParameter' : 'InvalidParameterValue',
        'To describe the launch template data for all your launch templates, for Versions specify $Latest, $Default, or both, and omit LaunchTemplateId, LaunchTemplateName, and version numbers. To describe the launch template data for a specific launch template, specify LaunchTemplateId or LaunchTemplateName, and for Versions specify one or more of the following values: $Latest, $Default, or one or more version numbers.',
      );
    }
    found = templatesIn(store, ctx.accountId, ctx.region).flatMap((template) =>
      versionsOf(template, versions, undefined, undefined).map(
        (v): [LaunchTemplateRecord, LaunchTemplateVersionRecord] => [template, v],
      ),
    );
  }
  const views = found
    .map(([template, version]) => launchTemplateVersionView(template, version))
    .filter((view) => matchesFilters(input.Filters, (name) => versionFilterValues(view, name)));
  const { page, nextToken } = paginate(views, input.MaxResults, input.NextToken);
  return { LaunchTemplateVersions: page, NextToken: nextToken };
}

/** The versions asked for (each once), or all within Min/MaxVersion; newest first. */
function versionsOf(
  template: LaunchTemplateRecord,
  versions: readonly string[],
  minVersion: string | undefined,
  maxVersion: string | undefined,
): LaunchTemplateVersionRecord[] {
  let chosen: LaunchTemplateVersionRecord[];
  if (versions.length > 0) {
    chosen = [...new Set(versions.map((v) => resolveVersion(template, v)))];
  } else {
    const min = minVersion === undefined ? 1 : resolveVersion(template, minVersion).versionNumber;
    const max = maxVersion === undefined ? Infinity : resolveVersion(template, maxVersion).versionNumber;
    chosen = template.versions.filter((v) => v.versionNumber >= min && v.versionNumber <= max);
  }
  return chosen.sort((a, b) => b.versionNumber - a.versionNumber);
}

function versionFilterValues(view: LaunchTemplateVersion, name: string): readonly string[] | undefined {
  const data = view.LaunchTemplateData ?? {};
  const text = (value: string | number | boolean | undefined) => (value === undefined ? [] : [String(value)]);
  switch (name) {
    case 'create-time':
      return text(view.CreateTime?.toISOString());
    case 'ebs-optimized':
      return text(data.EbsOptimized);
    case 'http-endpoint':
      return text(data.MetadataOptions?.HttpEndpoint);
    case 'http-tokens':
      return text(data.MetadataOptions?.HttpTokens);
    case 'iam-instance-profile':
      return [...text(data.IamInstanceProfile?.Arn), ...text(data.IamInstanceProfile?.Name)];
    case 'image-id':
      return text(data.ImageId);
    case 'instance-type':
      return text(data.InstanceType);
    case 'is-default-version':
      return text(view.DefaultVersion);
    case 'kernel-id':
      return text(data.KernelId);
    case 'ram-disk-id':
      return text(data.RamDiskId);
    default:
      return undefined;
  }
}

function checkMaxResults(maxResults: number | undefined): void {
  if (maxResults !== undefined && (maxResults < 1 || maxResults > MAX_RESULTS)) {
    throw awsError(
      'InvalidParameterValue',
      `Value (${maxResults}) for parameter maxResults is invalid. Expecting a value between 1 and ${MAX_RESULTS}.`,
    );
  }
}
