/**
 * What would make sharing fail in some region, checked before any copy is made:
 * - an encrypted image cannot be made public at all;
 * - an image encrypted with the AWS-managed key (`aws/ebs`) cannot be shared with other accounts;
 *   a copy without a named key uses the region's default EBS key, which is `aws/ebs` unless the
 *   account changed it (GetEbsDefaultKmsKeyId says);
 * - public sharing is refused while image block public access is on in the region.
 */
import { awsErrorCode, awsErrorMessage } from '../../aws/errors.js';
import type { StepPreflightInput } from '../step.js';
import type { ShareSection } from './inputs.js';

const AWS_MANAGED_ALIAS = 'alias/aws/ebs';

export async function sharePreflight(section: ShareSection, input: StepPreflightInput): Promise<string[]> {
  const withAccounts =
    section.accounts.length + section.organizations.length + section.organizationalUnits.length > 0;
  const checks = input.regions.map(async (target): Promise<string[]> => {
    const problems: string[] = [];
    const ec2 = input.ec2.forRegion(target.region);
    if (section.public && target.encrypted) {
      problems.push(
        `${target.region}: share-public: true, but the ${target.origin === 'source' ? 'source image is' : 'copy will be'} encrypted, and AWS does not make encrypted images public: share with accounts, organizations or OUs instead, or distribute an unencrypted image`,
      );
    } else if (section.public) {
      const state = await ask(() => ec2.imageBlockPublicAccessState(), 'ec2:GetImageBlockPublicAccessState');
      if (state.error) problems.push(`${target.region}: ${state.error}`);
      else if (state.value !== 'unblocked') {
        problems.push(
          `${target.region}: share-public: true, but image block public access is on (${state.value}), so AWS refuses public sharing: check with "aws ec2 get-image-block-public-access-state --region ${target.region}"; if the images are meant to be public, turn it off with "aws ec2 disable-image-block-public-access --region ${target.region}", else remove share-public`,
        );
      }
    }
    if (withAccounts && target.origin === 'copy' && target.encrypted) {
      let key: string | undefined = target.kmsKeyId;
      if (key === undefined) {
        const fromAccount = await ask(() => ec2.ebsDefaultKmsKeyId(), 'ec2:GetEbsDefaultKmsKeyId');
        if (fromAccount.error) {
          problems.push(`${target.region}: ${fromAccount.error}`);
          return problems;
        }
        key = fromAccount.value;
      }
      if (key === undefined) return problems;
      if (key === AWS_MANAGED_ALIAS || key.endsWith(`:${AWS_MANAGED_ALIAS}`)) {
        problems.push(
          `${target.region}: the copy would be encrypted with the AWS-managed key aws/ebs${target.kmsKeyId === undefined ? " (the region's default EBS key)" : ''}, and AWS does not share images encrypted with it: set kms-key-ids (or kms-key-id) to a customer-managed key in ${target.region} whose key policy lets the shared accounts use it`,
        );
      }
    }
    return problems;
  });
  return (await Promise.all(checks)).flat();
}

async function ask(
  call: () => Promise<string>,
  action: string,
): Promise<{ value: string; error?: undefined } | { value?: undefined; error: string }> {
  try {
    return { value: await call() };
  } catch (error) {
    return {
      error: `${action} failed before sharing could be checked: ${awsErrorCode(error)}: ${awsErrorMessage(error)}`,
    };
  }
}
