/**
 * Sharing: launch permission on every image for the accounts, organizations and OUs (and
 * everyone, with share-public), create-volume permission on its snapshots for the accounts with
 * share-snapshots. It asks what is already there first and adds only what is missing, so a
 * rerun on a reused copy makes no change it does not need.
 */

import { snapshotIdsOf } from '../../aws/image-info.js';
import type { LaunchPermission } from '../../aws/types.js';
import type { ActiveStep, PostCopyStep, StepPreflightInput, StepReport } from '../step.js';
import { NOT_YET_COPIED, stepCall } from '../step.js';
import type { ShareSection } from './inputs.js';
import { sharePreflight } from './share-preflight.js';

export const shareStep: PostCopyStep<'share'> = {
  name: 'share',
  activate(section) {
    if (!section) return undefined;
    return sharing(section);
  },
};

function sharing(section: ShareSection): ActiveStep {
  const wanted = wantedPermissions(section);
  return {
    name: 'share',
    preflight: (input: StepPreflightInput) => sharePreflight(section, input),
    async apply(target, ctx): Promise<StepReport> {
      const imageId = target.image?.imageId ?? NOT_YET_COPIED;
      const snapshotIds = target.image ? snapshotIdsOf(target.image) : [];
      if (ctx.dryRun) {
        await stepCall('ec2:ModifyImageAttribute', () =>
          ctx.ec2.addLaunchPermissions(imageId, wanted, { dryRun: true }),
        );
        if (section.snapshots) {
          for (const snapshotId of snapshotIds.length > 0 ? snapshotIds : ['snap-00000000000000000']) {
            await stepCall('ec2:ModifySnapshotAttribute', () =>
              ctx.ec2.addCreateVolumePermission(snapshotId, section.accounts, { dryRun: true }),
            );
          }
        }
        return report('would-apply', wanted, section, `would share with ${describe(wanted)}`);
      }
      const existing = await stepCall('ec2:DescribeImageAttribute', () =>
        ctx.ec2.describeLaunchPermissions(imageId),
      );
      const missing = wanted.filter((p) => !existing.some((e) => samePermission(e, p)));
      if (missing.length > 0) {
        await stepCall('ec2:ModifyImageAttribute', () => ctx.ec2.addLaunchPermissions(imageId, missing));
      }
      if (section.snapshots) {
        for (const snapshotId of snapshotIds) {
          await stepCall('ec2:ModifySnapshotAttribute', () =>
            ctx.ec2.addCreateVolumePermission(snapshotId, section.accounts),
          );
        }
      }
      const now = [...existing, ...missing];
      return report(
        missing.length > 0 ? 'applied' : 'unchanged',
        now,
        section,
        missing.length > 0 ? `shared with ${describe(missing)}` : `already shared with ${describe(wanted)}`,
      );
    },
  };
}

function report(
  status: StepReport['status'],
  permissions: readonly LaunchPermission[],
  section: ShareSection,
  text: string,
): StepReport {
  return {
    step: 'share',
    status,
    facts: {
      sharedWith: {
        accounts: permissions.flatMap((p) => (p.kind === 'account' ? [p.id] : [])),
        organizations: permissions.flatMap((p) => (p.kind === 'organization' ? [p.arn] : [])),
        organizationalUnits: permissions.flatMap((p) => (p.kind === 'organizational-unit' ? [p.arn] : [])),
        public: permissions.some((p) => p.kind === 'public'),
      },
      snapshotsShared: section.snapshots,
    },
    text: section.snapshots ? `${text}; snapshots: create-volume permission for the accounts` : text,
  };
}

export function wantedPermissions(section: ShareSection): LaunchPermission[] {
  return [
    ...section.accounts.map((id): LaunchPermission => ({ kind: 'account', id })),
    ...section.organizations.map((arn): LaunchPermission => ({ kind: 'organization', arn })),
    ...section.organizationalUnits.map((arn): LaunchPermission => ({ kind: 'organizational-unit', arn })),
    ...(section.public ? [{ kind: 'public' } as const] : []),
  ];
}

function samePermission(a: LaunchPermission, b: LaunchPermission): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'account' && b.kind === 'account') return a.id === b.id;
  if (a.kind === 'public') return true;
  return 'arn' in a && 'arn' in b && a.arn === b.arn;
}

function describe(permissions: readonly LaunchPermission[]): string {
  const counts = [
    count(permissions.filter((p) => p.kind === 'account').length, 'account'),
    count(permissions.filter((p) => p.kind === 'organization').length, 'organization'),
    count(permissions.filter((p) => p.kind === 'organizational-unit').length, 'OU'),
  ].filter((part) => part !== '');
  if (permissions.some((p) => p.kind === 'public')) counts.push('everyone (public)');
  return counts.join(', ');
}

function count(n: number, noun: string): string {
  return n === 0 ? '' : `${n} ${noun}${n === 1 ? '' : 's'}`;
}
