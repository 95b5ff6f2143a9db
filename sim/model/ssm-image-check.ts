/**
 * The asynchronous check of an `aws:ec2:image` value, as AWS documents it: the caller (whose
 * PutParameter queued it) must be allowed `ec2:DescribeImages`, and the value must be the id of
 * an image in the parameter's region that the account owns or may launch (owned, public, or
 * shared with it) and that is `available` when the validation completes. Anything else fails
 * the way EventBridge reports it: "Unable to Describe Resource".
 */
import type { Accounts } from './accounts.js';
import { canSee } from './images.js';
import { evaluatePolicy } from './policy.js';
import { IMAGE_VALIDATION_FAILURE, type ImageValueCheck } from './ssm-parameters.js';
import { imageStateAt, type Store } from './store.js';

const IMAGE_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;

export function imageValueCheck(store: Store, accounts: Accounts): ImageValueCheck {
  return ({ accountId, region, candidate, caller, completesAt }) => {
    const describe = evaluatePolicy(accounts.policyOf(caller), {
      action: 'ec2:DescribeImages',
      resource: '*',
    });
    if (describe !== 'allow') return IMAGE_VALIDATION_FAILURE;
    if (!IMAGE_ID.test(candidate.value)) return IMAGE_VALIDATION_FAILURE;
    const image = store.imageIn(region, candidate.value);
    if (!image || !canSee(image, accountId)) return IMAGE_VALIDATION_FAILURE;
    return imageStateAt(image, completesAt).state === 'available' ? undefined : IMAGE_VALIDATION_FAILURE;
  };
}
