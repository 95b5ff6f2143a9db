/**
 * Finding a launch template the way EC2 does (by `LaunchTemplateId` or `LaunchTemplateName`,
 * in the caller's account and region) and a version of it (a number, `$Latest` or
 * `$Default`), with AWS's error codes and, where known, its messages.
 */
import type { CallContext } from './context.js';
import { awsError } from './errors.js';
import {
  type LaunchTemplateRecord,
  type LaunchTemplateVersionRecord,
  latestVersion,
} from './launch-templates-records.js';
import type { Store } from './store.js';

export const LAUNCH_TEMPLATE_ID = /^lt-[0-9a-f]{17}$/;
/** 3-128 characters: letters, digits and `( ) . - / _` (the SDK model's pattern). */
export const LAUNCH_TEMPLATE_NAME = /^[a-zA-Z0-9().\-/_]{3,128}$/;
/** AWS's quotas: 5,000 launch templates per region, 10,000 versions per template. */
export const MAX_LAUNCH_TEMPLATES_PER_REGION = 5_000;
export const MAX_VERSIONS_PER_LAUNCH_TEMPLATE = 10_000;

export interface TemplateReference {
  readonly LaunchTemplateId?: string | undefined;
  readonly LaunchTemplateName?: string | undefined;
}

/** The account's templates in a region, oldest first. */
export function templatesIn(store: Store, accountId: string, region: string): LaunchTemplateRecord[] {
  return [...store.launchTemplates.values()].filter((t) => t.accountId === accountId && t.region === region);
}

export function templateByName(
  store: Store,
  accountId: string,
  region: string,
  name: string,
): LaunchTemplateRecord | undefined {
  return templatesIn(store, accountId, region).find((t) => t.name === name);
}

export function templateById(
  store: Store,
  accountId: string,
  region: string,
  id: string,
): LaunchTemplateRecord | undefined {
  const template = store.launchTemplates.get(id);
  return template && template.accountId === accountId && template.region === region ? template : undefined;
}

export function checkTemplateId(id: string): void {
  if (!LAUNCH_TEMPLATE_ID.test(id)) {
    throw awsError(
      'InvalidLaunchTemplateId.Malformed',
      `The specified ID for the launch template, ${id}, is malformed.`,
    );
  }
}

/** The template one request names (CreateLaunchTemplateVersion, Modify, Delete, DescribeVersions). */
export function referencedTemplate(
  store: Store,
  ctx: CallContext,
  reference: TemplateReference,
): LaunchTemplateRecord {
  const { LaunchTemplateId: id, LaunchTemplateName: name } = reference;
  if (id !== undefined && name !== undefined) {
    throw awsError(
      'InvalidParameterCombination',
      'You must specify either the launch template ID or the launch template name, but not both.',
    );
  }
  if (id !== undefined) {
    checkTemplateId(id);
    const template = templateById(store, ctx.accountId, ctx.region, id);
    if (!template) {
      throw awsError(
        'InvalidLaunchTemplateId.NotFound',
        `The specified launch template, with template ID ${id}, does not exist.`,
      );
    }
    return template;
  }
  if (name !== undefined) {
    const template = templateByName(store, ctx.accountId, ctx.region, name);
    if (!template) {
      throw awsError(
        'InvalidLaunchTemplateName.NotFoundException',
        `The specified launch template, with template name ${name}, does not exist.`,
      );
    }
    return template;
  }
  throw awsError(
    'MissingParameter',
    'The request must contain the parameter LaunchTemplateId or LaunchTemplateName',
  );
}

export function versionNotFound(template: LaunchTemplateRecord, version: string) {
  return awsError(
    'InvalidLaunchTemplateId.VersionNotFound',
    `Could not find the specified version ${version} for the launch template with ID ${template.launchTemplateId}.`,
  );
}

/** `$Latest`, `$Default` or a version number of `template` (anything else: VersionNotFound). */
export function resolveVersion(template: LaunchTemplateRecord, version: string): LaunchTemplateVersionRecord {
  if (version === '$Latest') return latestVersion(template);
  const number =
    version === '$Default' ? template.defaultVersion : /^\d+$/.test(version) ? Number(version) : 0;
  const found = template.versions[number - 1];
  if (number < 1 || !found) throw versionNotFound(template, version);
  return found;
}
