/** Shared set-up for the simulator's own tests. */
import {
  createModel,
  type ModelOptions,
  type SimModel,
  type VirtualClock,
  virtualClock,
} from '../../sim/model/index.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export function virtualWorld(options: Omit<ModelOptions, 'clock'> = {}): {
  model: SimModel;
  clock: VirtualClock;
} {
  const clock = virtualClock(Date.UTC(2026, 0, 1));
  return { model: createModel({ seed: 42, ...options, clock }), clock };
}

/** Calls an EC2 action as the default user through the model pipeline (no HTTP). */
export function ec2(model: SimModel, region: string) {
  const meta = { region, accessKeyId: model.defaultCredentials.accessKeyId, via: 'gateway' as const };
  return {
    call: <T = Record<string, unknown>>(action: Parameters<SimModel['invokeEc2']>[0], input: object) =>
      model.invokeEc2(action, meta, input as never).result as T,
  };
}

/** The AWS error code a synchronous model call throws (or 'no error'). */
export function errorCode(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}
