/** Calling the model's Parameter Store as a user (no HTTP), for the simulator's SSM tests. */
import type { SimAwsError, SimModel, SsmAction } from '../../sim/index.js';

export function ssm(model: SimModel, region: string, accessKeyId = model.defaultCredentials.accessKeyId) {
  const meta = { region, accessKeyId, via: 'gateway' as const };
  const invoke = (action: SsmAction, input: object) => model.invokeSsm(action, meta, input as never);
  return {
    invoke,
    call: <T = Record<string, unknown>>(action: SsmAction, input: object) =>
      invoke(action, input).result as T,
    /** The error the call throws (fails the test when it succeeds). */
    error: (action: SsmAction, input: object): SimAwsError => {
      try {
        invoke(action, input);
      } catch (error) {
        return error as SimAwsError;
      }
      throw new Error(`expected ${action} to fail, it succeeded`);
    },
  };
}
