/**
 * Runs the active steps for one region's image, one after the other, and turns every refusal
 * into that region's report: a failed step never stops the other regions, nor the steps after
 * it in the same region (each is independent of the others' success).
 */
import { awsErrorCode, awsErrorMessage } from '../aws/errors.js';
import type { ActiveStep, StepContext, StepReport, StepTarget } from './step.js';
import { StepCallError } from './step.js';

export async function runSteps(
  steps: readonly ActiveStep[],
  target: StepTarget,
  ctx: StepContext,
): Promise<StepReport[]> {
  const reports: StepReport[] = [];
  for (const step of steps) {
    let report: StepReport;
    try {
      report = await step.apply(target, ctx);
    } catch (error) {
      const action = error instanceof StepCallError ? error.action : undefined;
      const code = error instanceof StepCallError ? error.code : awsErrorCode(error);
      const message = error instanceof StepCallError ? error.message : awsErrorMessage(error);
      const denied = ctx.dryRun && code === 'UnauthorizedOperation';
      if (ctx.dryRun && target.image === undefined && code.endsWith('.NotFound')) {
        // The copy does not exist yet, and AWS looked for it before it could answer for the permission.
        reports.push({
          step: step.name,
          status: 'would-apply',
          facts: { dryRun: true, permissionChecked: false },
          text: `${step.name}: ${action ?? 'the call'} not checked: AWS needs the copy to exist first (${code})`,
        });
        continue;
      }
      report = {
        step: step.name,
        status: 'failed',
        facts: ctx.dryRun ? { dryRun: true } : {},
        text: denied
          ? `${step.name}: ${action ?? 'a call'} denied: ${message}`
          : `${step.name} ${ctx.dryRun ? 'would fail' : 'failed'}${action ? ` (${action})` : ''}: ${code}: ${message}`,
        reason: { code, message, ...(action ? { action } : {}) },
      };
    }
    const say = report.status === 'failed' ? ctx.logger.warning : ctx.logger.info;
    say.call(ctx.logger, `${target.region}: ${report.text}`);
    reports.push(report);
  }
  return reports;
}

/** The report of every step for an image the steps could not act on (not available). */
export function skippedSteps(steps: readonly ActiveStep[], why: string): StepReport[] {
  return steps.map((step) => ({
    step: step.name,
    status: 'skipped',
    facts: {},
    text: `${step.name} not done: ${why}`,
  }));
}
