/**
 * What the model keeps of a launch template: per account and region, an id, a unique name,
 * its tags, the default version and every version created (numbered from 1; versions are
 * never deleted, so the latest is the last). Each version keeps its LaunchTemplateData as
 * given, fields the simulator does not know included.
 */
import type { RequestLaunchTemplateData } from '@aws-sdk/client-ec2';

/** LaunchTemplateData as the caller gave it (the SDK's shape, plus anything else passed through). */
export type LaunchTemplateData = RequestLaunchTemplateData & Readonly<Record<string, unknown>>;

export interface LaunchTemplateVersionRecord {
  readonly versionNumber: number;
  readonly description: string | undefined;
  readonly data: LaunchTemplateData;
  readonly createdAt: number;
  /** ARN of the principal that created the version. */
  readonly createdBy: string;
}

export interface LaunchTemplateRecord {
  readonly launchTemplateId: string;
  readonly accountId: string;
  readonly region: string;
  readonly name: string;
  readonly createdAt: number;
  readonly createdBy: string;
  defaultVersion: number;
  readonly versions: LaunchTemplateVersionRecord[];
  readonly tags: Map<string, string>;
}

/** A ClientToken of CreateLaunchTemplate / CreateLaunchTemplateVersion and what it created. */
export interface LaunchTemplateTokenRecord {
  readonly fingerprint: string;
  readonly launchTemplateId: string;
  readonly versionNumber: number;
  readonly at: number;
}

export function latestVersion(template: LaunchTemplateRecord): LaunchTemplateVersionRecord {
  const latest = template.versions[template.versions.length - 1];
  if (!latest) throw new Error(`launch template ${template.launchTemplateId} has no version`);
  return latest;
}
