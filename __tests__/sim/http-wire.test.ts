import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { signedPost, simulator } from './http-helpers.js';

const parser = new XMLParser({ ignoreAttributes: false });

describe('HTTP layer on the wire', () => {
  it('answers in the 2016-11-15 namespace with a requestId', async () => {
    const sim = await simulator();
    const { status, text } = await signedPost(sim.url, sim.model.defaultCredentials, 'us-east-1', 'ec2', {
      Action: 'DescribeRegions',
      Version: '2016-11-15',
      'RegionName.1': 'eu-west-1',
    });
    expect(status).toBe(200);
    const doc = parser.parse(text);
    expect(doc.DescribeRegionsResponse['@_xmlns']).toBe('http://ec2.amazonaws.com/doc/2016-11-15/');
    expect(doc.DescribeRegionsResponse.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(doc.DescribeRegionsResponse.regionInfo.item).toEqual({
      regionName: 'eu-west-1',
      regionEndpoint: 'ec2.eu-west-1.amazonaws.com',
      optInStatus: 'opt-in-not-required',
    });
  });

  it('refuses unknown actions with InvalidAction and unknown parameters with UnknownParameter, in AWS error documents', async () => {
    const sim = await simulator();
    const unknownAction = await signedPost(sim.url, sim.model.defaultCredentials, 'us-east-1', 'ec2', {
      Action: 'RunInstances',
      Version: '2016-11-15',
    });
    expect(unknownAction.status).toBe(400);
    const doc = parser.parse(unknownAction.text);
    expect(doc.Response.Errors.Error.Code).toBe('InvalidAction');
    expect(doc.Response.Errors.Error.Message).toBe(
      'The action RunInstances is not valid for this web service.',
    );
    expect(doc.Response.RequestID).toMatch(/^[0-9a-f-]{36}$/);
    const unknownParam = await signedPost(sim.url, sim.model.defaultCredentials, 'us-east-1', 'ec2', {
      Action: 'DescribeImages',
      Version: '2016-11-15',
      'Bogus.1': 'x',
    });
    expect(parser.parse(unknownParam.text).Response.Errors.Error.Code).toBe('UnknownParameter');
    expect(sim.model.log.count({ outcome: 'error' })).toBe(2);
  });

  it('rejects unsigned EC2 requests and signatures made with the wrong secret', async () => {
    const sim = await simulator();
    const unsigned = await fetch(sim.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeRegions&Version=2016-11-15',
    });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    const wrong = await signedPost(
      sim.url,
      { accessKeyId: sim.model.defaultCredentials.accessKeyId, secretAccessKey: 'wrong' },
      'us-east-1',
      'sts',
      { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    );
    expect(wrong.status).toBe(403);
    expect(parser.parse(wrong.text).ErrorResponse.Error.Code).toBe('SignatureDoesNotMatch');
  });

  it('takes the region from the credential scope', async () => {
    const sim = await simulator();
    sim.model.seedImage({ region: 'ap-southeast-1', name: 'here' });
    const there = await signedPost(sim.url, sim.model.defaultCredentials, 'ap-southeast-1', 'ec2', {
      Action: 'DescribeImages',
      Version: '2016-11-15',
      'Owner.1': 'self',
    });
    expect(parser.parse(there.text).DescribeImagesResponse.imagesSet.item.name).toBe('here');
    const elsewhere = await signedPost(sim.url, sim.model.defaultCredentials, 'us-east-1', 'ec2', {
      Action: 'DescribeImages',
      Version: '2016-11-15',
      'Owner.1': 'self',
    });
    expect(elsewhere.text).toContain('<imagesSet/>');
    expect(sim.model.log.all().map((e) => e.region)).toEqual(['ap-southeast-1', 'us-east-1']);
  });

  it('serves a read-only JSON state for debugging', async () => {
    const sim = await simulator();
    sim.model.seedImage({ region: 'us-east-1', name: 'web-base' });
    const state = (await (await fetch(`${sim.url}/_sim/state`)).json()) as { images: { Name: string }[] };
    expect(state.images.map((i) => i.Name)).toEqual(['web-base']);
  });
});
