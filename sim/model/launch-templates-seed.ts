/**
 * Launch templates for tests, put straight into the store (no request, no policy), and a
 * plain copy of one for assertions: its versions, their data as stored, and the default.
 */
import { awsError } from './errors.js';
import { LAUNCH_TEMPLATE_NAME, templateById, templateByName } from './launch-templates-lookup.js';
import {
  type LaunchTemplateData,
  type LaunchTemplateRecord,
  latestVersion,
} from './launch-templates-records.js';
import type { Store } from './store.js';

export interface SeedLaunchTemplateSpec {
  readonly region: string;
  readonly name: string;
  /** Shorthand for `data.ImageId`. */
  readonly imageId?: string;
  /** Version 1's LaunchTemplateData (default: `{ InstanceType: 't3.micro' }` plus `imageId`). */
  readonly data?: LaunchTemplateData;
  readonly tags?: Readonly<Record<string, string>>;
  /** Later versions, each with its whole data (version 2, 3, …). */
  readonly moreVersions?: readonly LaunchTemplateData[];
  /** Default version (default 1). */
  readonly defaultVersion?: number;
  readonly accountId?: string;
  /** Creation time of the template and its versions (model ms); default: now. */
  readonly createdAt?: number;
}

export interface SeededLaunchTemplate {
  readonly launchTemplateId: string;
  readonly name: string;
  readonly region: string;
}

export interface LaunchTemplateSnapshot {
  readonly launchTemplateId: string;
  readonly name: string;
  readonly region: string;
  readonly accountId: string;
  readonly defaultVersion: number;
  readonly latestVersion: number;
  readonly tags: Record<string, string>;
  readonly versions: readonly {
    readonly versionNumber: number;
    readonly description: string | undefined;
    readonly data: LaunchTemplateData;
    readonly createdAt: number;
    readonly createdBy: string;
    readonly isDefault: boolean;
  }[];
}

export function seedLaunchTemplate(
  store: Store,
  defaultAccountId: string,
  spec: SeedLaunchTemplateSpec,
): SeededLaunchTemplate {
  const accountId = spec.accountId ?? defaultAccountId;
  if (!LAUNCH_TEMPLATE_NAME.test(spec.name)) throw new Error(`seedLaunchTemplate: bad name ${spec.name}`);
  if (templateByName(store, accountId, spec.region, spec.name)) {
    throw awsError(
      'InvalidLaunchTemplateName.AlreadyExistsException',
      'Launch template name already in use.',
    );
  }
  const createdAt = spec.createdAt ?? store.clock.now();
  const createdBy = `arn:aws:iam::${accountId}:root`;
  const first: LaunchTemplateData = {
    ...(spec.data ?? { InstanceType: 't3.micro' }),
    ...(spec.imageId === undefined ? {} : { ImageId: spec.imageId }),
  };
  const datas = [first, ...(spec.moreVersions ?? [])];
  const defaultVersion = spec.defaultVersion ?? 1;
  if (defaultVersion < 1 || defaultVersion > datas.length) {
    throw new Error(`seedLaunchTemplate: default version ${defaultVersion} of ${datas.length}`);
  }
  const template: LaunchTemplateRecord = {
    launchTemplateId: store.newId('lt'),
    accountId,
    region: spec.region,
    name: spec.name,
    createdAt,
    createdBy,
    defaultVersion,
    versions: datas.map((data, index) => ({
      versionNumber: index + 1,
      description: undefined,
      data: structuredClone(data),
      createdAt,
      createdBy,
    })),
    tags: new Map(Object.entries(spec.tags ?? {})),
  };
  store.launchTemplates.set(template.launchTemplateId, template);
  return { launchTemplateId: template.launchTemplateId, name: template.name, region: template.region };
}

/** The template `idOrName` in `region` (of `accountId`), copied, or undefined. */
export function launchTemplateSnapshot(
  store: Store,
  accountId: string,
  region: string,
  idOrName: string,
): LaunchTemplateSnapshot | undefined {
  const template =
    templateById(store, accountId, region, idOrName) ?? templateByName(store, accountId, region, idOrName);
  if (!template) return undefined;
  return {
    launchTemplateId: template.launchTemplateId,
    name: template.name,
    region: template.region,
    accountId: template.accountId,
    defaultVersion: template.defaultVersion,
    latestVersion: latestVersion(template).versionNumber,
    tags: Object.fromEntries(template.tags),
    versions: template.versions.map((v) => ({
      versionNumber: v.versionNumber,
      description: v.description,
      data: structuredClone(v.data),
      createdAt: v.createdAt,
      createdBy: v.createdBy,
      isDefault: v.versionNumber === template.defaultVersion,
    })),
  };
}
