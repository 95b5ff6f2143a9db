/**
 * Deprecation of every image at one time: `deprecate-at` as given, or `deprecate-after` counted
 * from the source image's creation (so a rerun gives the same time), rounded up to the minute.
 * Preflight refuses a time that is past or more than 10 years ahead before anything is copied.
 */
import { deprecationTime, MAX_DEPRECATION_MS } from '../../rules/deprecation.js';
import type { PostCopyStep, StepPreflightInput, StepReport } from '../step.js';
import { NOT_YET_COPIED, stepCall } from '../step.js';
import type { DeprecateSection } from './inputs.js';

export const deprecateStep: PostCopyStep<'deprecate'> = {
  name: 'deprecate',
  activate(section) {
    if (!section) return undefined;
    return {
      name: 'deprecate',
      async preflight(input: StepPreflightInput): Promise<string[]> {
        const at = deprecateAt(section, input.source.creationDate, input.now);
        const iso = new Date(at).toISOString();
        if (at <= input.now) {
          return [
            `deprecate-after: the deprecation time ${iso} (counted from the source image's creation, ${input.source.creationDate}) is already past: give a longer delay, or a deprecate-at time in the future`,
          ];
        }
        if (at - input.now > MAX_DEPRECATION_MS) {
          return [
            `the deprecation time ${iso} is more than 10 years ahead, AWS's limit: give an earlier time`,
          ];
        }
        return [];
      },
      async apply(target, ctx): Promise<StepReport> {
        const at = deprecateAt(section, ctx.source.creationDate, ctx.startedAt);
        const iso = new Date(at).toISOString();
        const current = target.image?.deprecationTime;
        if (!ctx.dryRun && current !== undefined && Date.parse(current) === at) {
          return report('unchanged', iso, `already deprecated at ${iso}`);
        }
        await stepCall('ec2:EnableImageDeprecation', () =>
          ctx.ec2.enableImageDeprecation(target.image?.imageId ?? NOT_YET_COPIED, at, { dryRun: ctx.dryRun }),
        );
        return ctx.dryRun
          ? report('would-apply', iso, `would deprecate at ${iso}`)
          : report('applied', iso, `deprecates at ${iso}`);
      },
    };
  },
};

/** The deprecation time of the run: fixed, or the delay after the source's creation (else after `fallback`). */
export function deprecateAt(
  section: DeprecateSection,
  sourceCreated: string | undefined,
  fallback: number,
): number {
  if (section.kind === 'at') return section.at;
  const created = sourceCreated === undefined ? Number.NaN : Date.parse(sourceCreated);
  return deprecationTime(Number.isFinite(created) ? created : fallback, section.afterMs);
}

function report(status: StepReport['status'], at: string, text: string): StepReport {
  return { step: 'deprecate', status, facts: { deprecationTime: at }, text };
}
