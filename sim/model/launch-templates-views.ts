/** How a launch template and its versions look in EC2's answers (the SDK's shapes). */
import type { LaunchTemplate, LaunchTemplateVersion, ResponseLaunchTemplateData } from '@aws-sdk/client-ec2';
import {
  type LaunchTemplateRecord,
  type LaunchTemplateVersionRecord,
  latestVersion,
} from './launch-templates-records.js';
import { tagList } from './tags.js';

export function launchTemplateView(template: LaunchTemplateRecord): LaunchTemplate {
  return {
    LaunchTemplateId: template.launchTemplateId,
    LaunchTemplateName: template.name,
    CreateTime: new Date(template.createdAt),
    CreatedBy: template.createdBy,
    DefaultVersionNumber: template.defaultVersion,
    LatestVersionNumber: latestVersion(template).versionNumber,
    ...(template.tags.size > 0 ? { Tags: tagList(template.tags) } : {}),
  };
}

export function launchTemplateVersionView(
  template: LaunchTemplateRecord,
  version: LaunchTemplateVersionRecord,
): LaunchTemplateVersion {
  return {
    LaunchTemplateId: template.launchTemplateId,
    LaunchTemplateName: template.name,
    VersionNumber: version.versionNumber,
    ...(version.description === undefined ? {} : { VersionDescription: version.description }),
    CreateTime: new Date(version.createdAt),
    CreatedBy: version.createdBy,
    DefaultVersion: template.defaultVersion === version.versionNumber,
    // Stored as given; the request and response shapes of LaunchTemplateData share member names.
    LaunchTemplateData: structuredClone(version.data) as ResponseLaunchTemplateData,
  };
}
