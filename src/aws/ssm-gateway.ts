/**
 * `SsmAccess` over the AWS SDK: one client per region from `clientFor`. Only what publishing an
 * image needs: read a parameter, write one of data type aws:ec2:image.
 */
import { GetParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { awsErrorCode } from './errors.js';
import { perRegion } from './per-region.js';
import type { SsmAccess, SsmRegion } from './types.js';

export function createSdkSsmAccess(clientFor: (region: string) => SSMClient): SsmAccess {
  return { forRegion: perRegion((region) => sdkRegion(region, clientFor(region))) };
}

function sdkRegion(region: string, client: SSMClient): SsmRegion {
  return {
    region,
    async getParameter(name) {
      try {
        const answer = await client.send(new GetParameterCommand({ Name: name }));
        const parameter = answer.Parameter;
        if (!parameter) return undefined;
        return {
          name: parameter.Name ?? name,
          value: parameter.Value ?? '',
          dataType: parameter.DataType ?? 'text',
          version: parameter.Version ?? 0,
        };
      } catch (error) {
        if (awsErrorCode(error) === 'ParameterNotFound') return undefined;
        throw error;
      }
    },
    async putImageParameter(request) {
      const tags = Object.entries(request.tags).map(([Key, Value]) => ({ Key, Value }));
      const answer = await client.send(
        new PutParameterCommand({
          Name: request.name,
          Value: request.imageId,
          Type: 'String',
          DataType: 'aws:ec2:image',
          Description: request.description,
          ...(request.overwrite ? { Overwrite: true } : tags.length > 0 ? { Tags: tags } : {}),
        }),
      );
      return answer.Version ?? 0;
    },
  };
}
