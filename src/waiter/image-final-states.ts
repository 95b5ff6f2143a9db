/**
 * Which image states end a wait, and the reasons the wait gives when AWS's answer ends a copy:
 * a final failed state (AWS's StateReason, or ours when AWS gives none) or a copy that vanished.
 */
import type { ImageInfo } from '../aws/types.js';

/** Image states that are final failures. `transient` and unknown states keep the wait going. */
export const FAILED_IMAGE_STATES: ReadonlySet<string> = new Set([
  'failed',
  'invalid',
  'error',
  'deregistered',
  'disabled',
]);

const VANISHED_WORDS = 'the copy was deregistered (by someone or something else) or never became visible';

export interface FailureReason {
  readonly code: string;
  readonly message: string;
}

/** The reason the wait gives for a copy that disappeared while pending. */
export function isVanishedReason(reason: FailureReason): boolean {
  return reason.code === 'InvalidAMIID.NotFound' && reason.message.endsWith(VANISHED_WORDS);
}

/** The reason for a copy DescribeImages in `region` stopped listing. */
export function vanishedReason(region: string, imageId: string): FailureReason {
  return {
    code: 'InvalidAMIID.NotFound',
    message: `DescribeImages in ${region} no longer lists ${imageId}: ${VANISHED_WORDS}`,
  };
}

/** AWS's reason for an image in a failed state, or ours when it gave none. */
export function failedStateReason(image: Pick<ImageInfo, 'state' | 'stateReason'>): FailureReason {
  return (
    image.stateReason ?? {
      code: `Image.${image.state}`,
      message: `The image is in state ${image.state} and AWS gave no reason`,
    }
  );
}
