/**
 * The launch template actions that change something: CreateLaunchTemplate,
 * CreateLaunchTemplateVersion (from a source version, the new data merged over it),
 * ModifyLaunchTemplate (the default version) and DeleteLaunchTemplate. As on AWS, the launch
 * parameters are not validated: an ImageId that does not exist (or is not an AMI id at all) is
 * stored as given, and only a launch would fail on it.
 */
import type {
  CreateLaunchTemplateRequest,
  CreateLaunchTemplateVersionRequest,
  DeleteLaunchTemplateRequest,
  ModifyLaunchTemplateRequest,
} from '@aws-sdk/client-ec2';
import type { CallContext } from './context.js';
import { awsError } from './errors.js';
import {
  LAUNCH_TEMPLATE_NAME,
  MAX_LAUNCH_TEMPLATES_PER_REGION,
  MAX_VERSIONS_PER_LAUNCH_TEMPLATE,
  referencedTemplate,
  resolveVersion,
  templateByName,
  templatesIn,
} from './launch-templates-lookup.js';
import {
  type LaunchTemplateData,
  type LaunchTemplateRecord,
  latestVersion,
} from './launch-templates-records.js';
import { launchTemplateVersionView, launchTemplateView } from './launch-templates-views.js';
import type { Store } from './store.js';
import { applyTags, type TagInput } from './tags.js';

const MAX_DESCRIPTION = 255;

export function createLaunchTemplate(store: Store, ctx: CallContext, input: CreateLaunchTemplateRequest) {
  const name = input.LaunchTemplateName;
  if (name === undefined) {
    throw awsError('MissingParameter', 'The request must contain the parameter LaunchTemplateName');
  }
  if (!LAUNCH_TEMPLATE_NAME.test(name)) {
    throw awsError(
      'InvalidLaunchTemplateName.MalformedException',
      "A launch template name must be between 3 and 128 characters, and may contain letters, numbers, and the following characters: '-', '_', '.', '/', '(', and ')'.",
    );
  }
  checkDescription(input.VersionDescription);
  const data = requiredData(input.LaunchTemplateData, 'a launch template');
  const tags = new Map<string, string>();
  applyTags(tags, launchTemplateTags(input.TagSpecifications));
  const remembered = rememberedToken(store, ctx, 'CreateLaunchTemplate', input);
  if (remembered) return { LaunchTemplate: launchTemplateView(remembered.template) };
  if (templateByName(store, ctx.accountId, ctx.region, name)) {
    throw awsError(
      'InvalidLaunchTemplateName.AlreadyExistsException',
      'Launch template name already in use.',
    );
  }
  if (templatesIn(store, ctx.accountId, ctx.region).length >= MAX_LAUNCH_TEMPLATES_PER_REGION) {
    throw awsError(
      'ResourceLimitExceeded',
      `You have reached the maximum of ${MAX_LAUNCH_TEMPLATES_PER_REGION} launch templates in this Region.`,
    );
  }
  const template: LaunchTemplateRecord = {
    launchTemplateId: store.newId('lt'),
    accountId: ctx.accountId,
    region: ctx.region,
    name,
    createdAt: ctx.now,
    createdBy: ctx.principalArn,
    defaultVersion: 1,
    versions: [
      {
        versionNumber: 1,
        description: input.VersionDescription,
        data,
        createdAt: ctx.now,
        createdBy: ctx.principalArn,
      },
    ],
    tags,
  };
  store.launchTemplates.set(template.launchTemplateId, template);
  rememberToken(store, ctx, 'CreateLaunchTemplate', input, template);
  return { LaunchTemplate: launchTemplateView(template) };
}

export function createLaunchTemplateVersion(
  store: Store,
  ctx: CallContext,
  input: CreateLaunchTemplateVersionRequest,
) {
  const template = referencedTemplate(store, ctx, input);
  checkDescription(input.VersionDescription);
  const given = requiredData(input.LaunchTemplateData, 'a launch template version');
  if (input.ResolveAlias === true) {
    throw awsError(
      'UnsupportedOperation',
      'The simulator does not resolve resolve:ssm: image aliases (ResolveAlias).',
    );
  }
  const remembered = rememberedToken(store, ctx, 'CreateLaunchTemplateVersion', input);
  if (remembered?.version) {
    return { LaunchTemplateVersion: launchTemplateVersionView(remembered.template, remembered.version) };
  }
  // The new version inherits the source version's parameters; those given replace them.
  const source =
    input.SourceVersion === undefined ? undefined : resolveVersion(template, input.SourceVersion);
  if (template.versions.length >= MAX_VERSIONS_PER_LAUNCH_TEMPLATE) {
    throw awsError(
      'ResourceLimitExceeded',
      `The launch template ${template.launchTemplateId} has reached the maximum of ${MAX_VERSIONS_PER_LAUNCH_TEMPLATE} versions. Delete versions you no longer use.`,
    );
  }
  const version = {
    versionNumber: latestVersion(template).versionNumber + 1,
    description: input.VersionDescription,
    data: { ...structuredClone(source?.data ?? {}), ...given } as LaunchTemplateData,
    createdAt: ctx.now,
    createdBy: ctx.principalArn,
  };
  template.versions.push(version);
  rememberToken(store, ctx, 'CreateLaunchTemplateVersion', input, template, version.versionNumber);
  return { LaunchTemplateVersion: launchTemplateVersionView(template, version) };
}

export function modifyLaunchTemplate(store: Store, ctx: CallContext, input: ModifyLaunchTemplateRequest) {
  const template = referencedTemplate(store, ctx, input);
  if (input.DefaultVersion !== undefined) {
    template.defaultVersion = resolveVersion(template, input.DefaultVersion).versionNumber;
  }
  return { LaunchTemplate: launchTemplateView(template) };
}

export function deleteLaunchTemplate(store: Store, ctx: CallContext, input: DeleteLaunchTemplateRequest) {
  const template = referencedTemplate(store, ctx, input);
  store.launchTemplates.delete(template.launchTemplateId);
  return { LaunchTemplate: launchTemplateView(template) };
}

function checkDescription(description: string | undefined): void {
  if (description !== undefined && description.length > MAX_DESCRIPTION) {
    throw awsError(
      'InvalidParameterValue',
      `The version description must be at most ${MAX_DESCRIPTION} characters long.`,
    );
  }
}

/** The data as given, without unset members; none at all is refused as AWS does. */
function requiredData(data: CreateLaunchTemplateRequest['LaunchTemplateData'], what: string) {
  const given = Object.fromEntries(Object.entries(data ?? {}).filter(([, value]) => value !== undefined));
  if (Object.keys(given).length === 0) {
    throw awsError(
      'MissingParameter',
      `No launch template data was provided. Launch template data is required to create ${what}.`,
    );
  }
  return structuredClone(given) as LaunchTemplateData;
}

/** Tags of the `launch-template` specifications; another resource type is refused. */
function launchTemplateTags(specs: CreateLaunchTemplateRequest['TagSpecifications']): TagInput[] {
  return (specs ?? []).flatMap((spec) => {
    if (spec.ResourceType !== 'launch-template') {
      throw awsError(
        'InvalidParameterValue',
        `'${spec.ResourceType ?? ''}' is not a valid taggable resource type for this operation.`,
      );
    }
    return spec.Tags ?? [];
  });
}

type TokenAction = 'CreateLaunchTemplate' | 'CreateLaunchTemplateVersion';

const tokenKey = (ctx: CallContext, action: TokenAction, token: string) =>
  `${ctx.accountId}|${ctx.region}|${action}|${token}`;

/** What an earlier request with this ClientToken created (same parameters), or undefined. */
function rememberedToken(
  store: Store,
  ctx: CallContext,
  action: TokenAction,
  input: { ClientToken?: string | undefined },
) {
  if (input.ClientToken === undefined) return undefined;
  const record = store.launchTemplateTokens.get(tokenKey(ctx, action, input.ClientToken));
  if (!record || ctx.now - record.at > store.settings.clientTokenTtlMs) return undefined;
  if (record.fingerprint !== fingerprint(input)) {
    throw awsError(
      'IdempotentParameterMismatch',
      'Arguments on this idempotent request are inconsistent with arguments used in previous request(s).',
    );
  }
  const template = store.launchTemplates.get(record.launchTemplateId);
  if (!template) return undefined;
  return { template, version: template.versions[record.versionNumber - 1] };
}

function rememberToken(
  store: Store,
  ctx: CallContext,
  action: TokenAction,
  input: { ClientToken?: string | undefined },
  template: LaunchTemplateRecord,
  versionNumber = 1,
): void {
  if (input.ClientToken === undefined) return;
  store.launchTemplateTokens.set(tokenKey(ctx, action, input.ClientToken), {
    fingerprint: fingerprint(input),
    launchTemplateId: template.launchTemplateId,
    versionNumber,
    at: ctx.now,
  });
}

/** Every parameter but the token and DryRun, keys sorted at every level. */
function fingerprint(input: object): string {
  const { ClientToken: _token, DryRun: _dryRun, ...rest } = input as Record<string, unknown>;
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, v]) => [k, canonical(v)]),
      );
    }
    return value;
  };
  return JSON.stringify(canonical(rest));
}
