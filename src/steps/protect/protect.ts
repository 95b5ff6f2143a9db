/**
 * Deregistration protection on every image once it is available. The pipeline runs steps only
 * on available images, so a copy that failed is never protected (a protected image cannot be
 * cleaned up). An image already protected as asked is left as it is.
 */
import type { PostCopyStep, StepReport } from '../step.js';
import { NOT_YET_COPIED, stepCall } from '../step.js';
import type { ProtectSection } from './inputs.js';

export const protectStep: PostCopyStep<'protect'> = {
  name: 'protect',
  activate(section) {
    if (!section) return undefined;
    const wanted = protectionLabel(section);
    return {
      name: 'protect',
      async apply(target, ctx): Promise<StepReport> {
        const current = target.image?.deregistrationProtection;
        if (
          !ctx.dryRun &&
          (current === wanted || (current === 'enabled-with-cooldown' && !section.withCooldown))
        ) {
          return report('unchanged', current, `already protected from deregistration (${current})`);
        }
        await stepCall('ec2:EnableImageDeregistrationProtection', () =>
          ctx.ec2.enableDeregistrationProtection(
            target.image?.imageId ?? NOT_YET_COPIED,
            section.withCooldown,
            {
              dryRun: ctx.dryRun,
            },
          ),
        );
        return ctx.dryRun
          ? report('would-apply', wanted, `would protect from deregistration (${wanted})`)
          : report('applied', wanted, `protected from deregistration (${wanted})`);
      },
    };
  },
};

/** DescribeImages' DeregistrationProtection values for a protected image. */
const WITH_COOLDOWN = 'enabled-with-cooldown';
const WITHOUT_COOLDOWN = 'enabled-without-cooldown';

function protectionLabel(section: ProtectSection): string {
  return section.withCooldown ? WITH_COOLDOWN : WITHOUT_COOLDOWN;
}

function report(status: StepReport['status'], protection: string, text: string): StepReport {
  return { step: 'protect', status, facts: { deregistrationProtection: protection }, text };
}
