/** Parameter Store in the model (no HTTP): versions, history, tags, names, types, tiers, the log. */
import { describe, expect, it } from 'vitest';
import { virtualWorld } from './helpers.js';
import { ssm } from './ssm-helpers.js';

const REGION = 'eu-west-1';

describe('PutParameter / GetParameter', () => {
  it('creates version 1 with its ARN, then Overwrite adds version 2 and keeps both in the history', async () => {
    const { model, clock } = virtualWorld();
    const { call } = ssm(model, REGION);
    expect(
      call('PutParameter', { Name: '/app/web/ami', Type: 'String', Value: 'v1', Description: 'web' }),
    ).toEqual({
      Version: 1,
      Tier: 'Standard',
    });
    await clock.advance(60_000);
    expect(call('PutParameter', { Name: '/app/web/ami', Value: 'v2', Overwrite: true })).toEqual({
      Version: 2,
      Tier: 'Standard',
    });
    const { Parameter } = call<{ Parameter: Record<string, unknown> }>('GetParameter', {
      Name: '/app/web/ami',
    });
    expect(Parameter).toEqual({
      Name: '/app/web/ami',
      Type: 'String',
      Value: 'v2',
      Version: 2,
      LastModifiedDate: new Date(clock.now()),
      ARN: 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/web/ami',
      DataType: 'text',
    });
    const history = model.ssm.history(REGION, '/app/web/ami');
    expect(history.map((v) => [v.Version, v.Value, v.Description])).toEqual([
      [1, 'v1', 'web'],
      [2, 'v2', 'web'],
    ]);
    expect(history[0]?.LastModifiedDate.getTime()).toBe(clock.now() - 60_000);
  });

  it('refuses to replace an existing parameter without Overwrite, in AWS words, and changes nothing', () => {
    const { model } = virtualWorld();
    const { call, error } = ssm(model, REGION);
    call('PutParameter', { Name: 'plain', Type: 'String', Value: 'one' });
    const refused = error('PutParameter', { Name: 'plain', Type: 'String', Value: 'two' });
    expect([refused.code, refused.message, refused.status]).toEqual([
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
      400,
    ]);
    expect(model.ssm.parameter(REGION, 'plain')?.Value).toBe('one');
  });

  it('keeps parameters apart per region and per account; a name without a slash gets parameter/<name>', () => {
    const { model } = virtualWorld();
    const other = model.addUser({ accountId: '210987654321', userName: 'other' });
    ssm(model, REGION).call('PutParameter', { Name: 'shared-name', Type: 'String', Value: 'eu' });
    ssm(model, 'us-east-1').call('PutParameter', { Name: 'shared-name', Type: 'String', Value: 'us' });
    ssm(model, REGION, other.accessKeyId).call('PutParameter', {
      Name: 'shared-name',
      Type: 'String',
      Value: 'theirs',
    });
    expect(model.ssm.parameter(REGION, 'shared-name')).toMatchObject({
      Value: 'eu',
      ARN: 'arn:aws:ssm:eu-west-1:123456789012:parameter/shared-name',
    });
    expect(model.ssm.parameter('us-east-1', 'shared-name')?.Value).toBe('us');
    expect(model.ssm.parameter(REGION, 'shared-name', '210987654321')).toMatchObject({
      Value: 'theirs',
      ARN: 'arn:aws:ssm:eu-west-1:210987654321:parameter/shared-name',
    });
    expect(ssm(model, 'ap-south-1').error('GetParameter', { Name: 'shared-name' }).code).toBe(
      'ParameterNotFound',
    );
  });

  it('needs a Type to create, keeps it on overwrite, and checks the Type enum as AWS words it', () => {
    const { model } = virtualWorld();
    const { call, error } = ssm(model, REGION);
    expect(error('PutParameter', { Name: '/t', Value: 'x' }).message).toBe(
      'A parameter type is required when you create a parameter.',
    );
    expect(error('PutParameter', { Name: '/t', Value: 'x', Type: 'AWS::EC2::Image::Id' }).message).toBe(
      "1 validation error detected: Value 'AWS::EC2::Image::Id' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]",
    );
    call('PutParameter', { Name: '/t', Value: 'a,b', Type: 'StringList' });
    call('PutParameter', { Name: '/t', Value: 'a,b,c', Overwrite: true });
    expect(model.ssm.parameter(REGION, '/t')).toMatchObject({
      Type: 'StringList',
      Value: 'a,b,c',
      Version: 2,
    });
  });

  it('collects every constraint failure of a request into one ValidationException', () => {
    const { model } = virtualWorld();
    const refused = ssm(model, REGION).error('PutParameter', { Tier: 'Gold' });
    expect(refused.code).toBe('ValidationException');
    expect(refused.message).toBe(
      "3 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; Value null at 'value' failed to satisfy constraint: Member must not be null; Value 'Gold' at 'tier' failed to satisfy constraint: Member must satisfy enum value set: [Standard, Advanced, Intelligent-Tiering]",
    );
  });
});

describe('parameter names', () => {
  const deep = (levels: number) => `/${Array.from({ length: levels }, (_, i) => `l${i}`).join('/')}`;

  it.each([
    ['a/b', 'ValidationException', 'Parameter name must be a fully qualified name.'],
    ['/aws/golden', 'AccessDeniedException', 'No access to reserved parameter name: aws/golden.'],
    ['/AWS/golden', 'AccessDeniedException', 'No access to reserved parameter name: AWS/golden.'],
    [
      'awsome',
      'ValidationException',
      'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
    ],
    [
      '/Ssm-thing',
      'ValidationException',
      'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
    ],
    [
      '/SSM/x',
      'ValidationException',
      'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_',
    ],
    ['/has space', 'ValidationException', expect.stringContaining('sub-paths divided by slash symbol')],
    ['/a//b', 'ValidationException', expect.stringContaining('sub-paths divided by slash symbol')],
    ['/ends/', 'ValidationException', expect.stringContaining('sub-paths divided by slash symbol')],
    ['/no$dollars', 'ValidationException', expect.stringContaining('sub-paths divided by slash symbol')],
    [deep(16), 'HierarchyLevelLimitExceededException', 'A hierarchy can have a maximum of 15 levels.'],
    [
      `/${'n'.repeat(1011 - 'arn:aws:ssm:eu-west-1:123456789012:parameter/'.length + 1)}`,
      'ValidationException',
      expect.stringContaining('1011'),
    ],
  ])('refuses %s', (name, code, message) => {
    const { model } = virtualWorld();
    const refused = ssm(model, REGION).error('PutParameter', { Name: name, Type: 'String', Value: 'x' });
    expect([refused.code, refused.message]).toEqual([code, message]);
    expect(model.ssm.parameters()).toEqual([]);
  });

  it('accepts 15 levels, the longest ARN that fits, and trims surrounding spaces', () => {
    const { model } = virtualWorld();
    const { call } = ssm(model, REGION);
    const longest = `/${'n'.repeat(1011 - 'arn:aws:ssm:eu-west-1:123456789012:parameter/'.length)}`;
    for (const name of [deep(15), longest, '  /trimmed/name  '])
      call('PutParameter', { Name: name, Type: 'String', Value: 'x' });
    expect(model.ssm.parameters(REGION).map((p) => p.Name)).toEqual([deep(15), longest, '/trimmed/name']);
    expect(model.ssm.parameter(REGION, longest)?.ARN.length).toBe(1011);
  });
});

describe('tags', () => {
  it('applies Tags at creation and refuses Tags with Overwrite with the message AWS gives', () => {
    const { model } = virtualWorld();
    const { call, error } = ssm(model, REGION);
    call('PutParameter', {
      Name: '/tagged',
      Type: 'String',
      Value: 'x',
      Tags: [{ Key: 'team', Value: 'platform' }],
    });
    const refused = error('PutParameter', {
      Name: '/tagged',
      Value: 'y',
      Overwrite: true,
      Tags: [{ Key: 'team', Value: 'other' }],
    });
    expect([refused.code, refused.message]).toEqual([
      'ValidationException',
      "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
    ]);
    expect(model.ssm.parameter(REGION, '/tagged')).toMatchObject({ Value: 'x', Tags: { team: 'platform' } });
  });

  it('AddTagsToResource adds and overwrites keys, RemoveTagsFromResource drops them, ListTagsForResource lists them', () => {
    const { model } = virtualWorld();
    const { call } = ssm(model, REGION);
    call('PutParameter', { Name: '/t', Type: 'String', Value: 'x', Tags: [{ Key: 'a', Value: '1' }] });
    expect(
      call('AddTagsToResource', {
        ResourceType: 'Parameter',
        ResourceId: '/t',
        Tags: [
          { Key: 'a', Value: '2' },
          { Key: 'b', Value: '' },
        ],
      }),
    ).toEqual({});
    expect(call('ListTagsForResource', { ResourceType: 'Parameter', ResourceId: '/t' })).toEqual({
      TagList: [
        { Key: 'a', Value: '2' },
        { Key: 'b', Value: '' },
      ],
    });
    call('RemoveTagsFromResource', {
      ResourceType: 'Parameter',
      ResourceId: '/t',
      TagKeys: ['a', 'never-set'],
    });
    expect(model.ssm.parameter(REGION, '/t')?.Tags).toEqual({ b: '' });
  });

  it('answers InvalidResourceId for a missing parameter or another resource type, InvalidResourceType-free enum errors, and 50 tags at most', () => {
    const { model } = virtualWorld();
    const { call, error } = ssm(model, REGION);
    expect(error('ListTagsForResource', { ResourceType: 'Parameter', ResourceId: '/missing' })).toMatchObject(
      {
        code: 'InvalidResourceId',
        message: '',
      },
    );
    expect(error('ListTagsForResource', { ResourceType: 'Document', ResourceId: 'doc' }).code).toBe(
      'InvalidResourceId',
    );
    expect(error('ListTagsForResource', { ResourceType: 'Bucket', ResourceId: 'x' }).message).toMatch(
      /^1 validation error detected: Value 'Bucket' at 'resourceType' failed to satisfy constraint: Member must satisfy enum value set: \[Document, /,
    );
    call('PutParameter', { Name: '/many', Type: 'String', Value: 'x' });
    const tags = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ Key: `k${from + i}`, Value: 'v' }));
    call('AddTagsToResource', { ResourceType: 'Parameter', ResourceId: '/many', Tags: tags(0, 50) });
    expect(
      error('AddTagsToResource', { ResourceType: 'Parameter', ResourceId: '/many', Tags: tags(50, 1) }).code,
    ).toBe('TooManyTagsError');
    expect(Object.keys(model.ssm.parameter(REGION, '/many')?.Tags ?? {})).toHaveLength(50);
  });
});

describe('reads and deletion', () => {
  it('GetParameters answers the found ones and lists the rest as InvalidParameters; a :N selector picks a version', () => {
    const { model } = virtualWorld();
    const { call, error } = ssm(model, REGION);
    call('PutParameter', { Name: '/a', Type: 'String', Value: 'a1' });
    call('PutParameter', { Name: '/a', Value: 'a2', Overwrite: true });
    const answer = call<{
      Parameters: { Name: string; Value: string; Selector?: string }[];
      InvalidParameters: string[];
    }>('GetParameters', { Names: ['/a', '/a:1', '/b', '/a:7'] });
    expect(answer.Parameters.map((p) => [p.Name, p.Value, p.Selector])).toEqual([
      ['/a', 'a2', undefined],
      ['/a', 'a1', ':1'],
    ]);
    expect(answer.InvalidParameters).toEqual(['/b', '/a:7']);
    expect(error('GetParameter', { Name: '/a:7' })).toMatchObject({ code: 'ParameterVersionNotFound' });
    expect(error('GetParameters', { Names: Array.from({ length: 11 }, (_, i) => `/p${i}`) }).message).toMatch(
      /at 'names' failed to satisfy constraint: Member must have length less than or equal to 10$/,
    );
  });

  it('DeleteParameter removes the parameter and its history; unknown names answer ParameterNotFound without a message', () => {
    const { model } = virtualWorld();
    const { call, error } = ssm(model, REGION);
    call('PutParameter', { Name: '/gone', Type: 'String', Value: 'x', Tags: [{ Key: 'a', Value: 'b' }] });
    expect(call('DeleteParameter', { Name: '/gone' })).toEqual({});
    for (const action of ['GetParameter', 'GetParameterHistory', 'DeleteParameter'] as const) {
      expect(error(action, { Name: '/gone' })).toMatchObject({
        code: 'ParameterNotFound',
        message: '',
        status: 400,
      });
    }
    call('PutParameter', { Name: '/gone', Type: 'String', Value: 'again' });
    expect(model.ssm.history(REGION, '/gone').map((v) => v.Version)).toEqual([1]);
    expect(model.ssm.parameter(REGION, '/gone')?.Tags).toEqual({});
  });

  it('pages GetParameterHistory with MaxResults and NextToken, and refuses MaxResults over 50', () => {
    const { model } = virtualWorld();
    const { call, error } = ssm(model, REGION);
    call('PutParameter', { Name: '/h', Type: 'String', Value: 'v1' });
    for (const v of ['v2', 'v3']) call('PutParameter', { Name: '/h', Value: v, Overwrite: true });
    type Page = { Parameters: { Version: number; Labels: unknown[] }[]; NextToken?: string };
    const first = call<Page>('GetParameterHistory', { Name: '/h', MaxResults: 2 });
    expect(first.Parameters.map((p) => p.Version)).toEqual([1, 2]);
    const second = call<Page>('GetParameterHistory', {
      Name: '/h',
      MaxResults: 2,
      NextToken: first.NextToken,
    });
    expect([second.Parameters.map((p) => p.Version), second.NextToken]).toEqual([[3], undefined]);
    expect(error('GetParameterHistory', { Name: '/h', MaxResults: 51 }).message).toBe(
      "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50",
    );
  });

  it('keeps the newest 100 versions', () => {
    const { model } = virtualWorld();
    const { call } = ssm(model, REGION);
    call('PutParameter', { Name: '/busy', Type: 'String', Value: '1' });
    for (let v = 2; v <= 102; v++) call('PutParameter', { Name: '/busy', Value: String(v), Overwrite: true });
    const versions = model.ssm.history(REGION, '/busy').map((v) => v.Version);
    expect([versions.length, versions[0], versions.at(-1)]).toEqual([100, 3, 102]);
  });
});

describe('values, types and tiers', () => {
  it('SecureString: stored as given, shown only WithDecryption, with the AWS-managed key by default', () => {
    const { model } = virtualWorld();
    const { call } = ssm(model, REGION);
    call('PutParameter', { Name: '/secret', Type: 'SecureString', Value: 'hunter2' });
    const hidden = call<{ Parameter: { Value: string } }>('GetParameter', { Name: '/secret' }).Parameter
      .Value;
    expect(hidden).not.toContain('hunter2');
    expect(
      call<{ Parameter: { Value: string } }>('GetParameter', { Name: '/secret', WithDecryption: true })
        .Parameter.Value,
    ).toBe('hunter2');
    expect(model.ssm.parameter(REGION, '/secret')).toMatchObject({
      KeyId: 'alias/aws/ssm',
      Value: 'hunter2',
    });
  });

  it('AllowedPattern is checked on every version; a Standard value over 4096 characters is refused, Advanced takes 8192', () => {
    const { model } = virtualWorld();
    const { call, error } = ssm(model, REGION);
    call('PutParameter', { Name: '/n', Type: 'String', Value: '42', AllowedPattern: '^\\d+$' });
    expect(error('PutParameter', { Name: '/n', Value: 'forty-two', Overwrite: true }).message).toBe(
      'Parameter value, cannot be validated against allowedPattern: ^\\d+$',
    );
    expect(error('PutParameter', { Name: '/big', Type: 'String', Value: 'x'.repeat(4097) }).code).toBe(
      'ValidationException',
    );
    expect(
      call('PutParameter', { Name: '/big', Type: 'String', Value: 'x'.repeat(4097), Tier: 'Advanced' }),
    ).toEqual({
      Version: 1,
      Tier: 'Advanced',
    });
    expect(error('PutParameter', { Name: '/big', Value: 'y', Overwrite: true, Tier: 'Standard' }).code).toBe(
      'ValidationException',
    );
    expect(call('PutParameter', { Name: '/big', Value: 'y', Overwrite: true })).toEqual({
      Version: 2,
      Tier: 'Advanced',
    });
  });

  it('refuses changing the data type to or from aws:ec2:image, keeps it when omitted, and refuses unknown data types', () => {
    const { model } = virtualWorld();
    const { call, error } = ssm(model, REGION);
    call('PutParameter', { Name: '/text', Type: 'String', Value: 'ami-0123456789abcdef0' });
    const toImage = error('PutParameter', {
      Name: '/text',
      Value: 'ami-0123456789abcdef0',
      Overwrite: true,
      DataType: 'aws:ec2:image',
    });
    expect([toImage.code, toImage.message]).toEqual([
      'ValidationException',
      "The data type of parameter /text is text; it can't be changed to aws:ec2:image. Delete the parameter and create it again.",
    ]);
    model.seedParameter({
      region: REGION,
      name: '/image',
      value: 'ami-0123456789abcdef0',
      dataType: 'aws:ec2:image',
    });
    expect(
      error('PutParameter', { Name: '/image', Value: 'x', Overwrite: true, DataType: 'text' }).code,
    ).toBe('ValidationException');
    expect(
      error('PutParameter', { Name: '/other', Type: 'String', Value: 'x', DataType: 'AWS:EC2:IMAGE' })
        .message,
    ).toBe('The following data type is not supported: AWS:EC2:IMAGE (Data type names are all lowercase.)');
    expect(
      error('PutParameter', { Name: '/list', Type: 'StringList', Value: 'ami-1', DataType: 'aws:ec2:image' })
        .code,
    ).toBe('ValidationException');
    expect(model.ssm.history(REGION, '/text').map((v) => v.DataType)).toEqual(['text']);
  });
});

describe('seeding, the log and the pipeline', () => {
  it('seedParameter stores versions at once and the inspection API shows them', () => {
    const { model } = virtualWorld();
    model.seedParameter({
      region: REGION,
      name: '/seeded',
      value: 'one',
      tags: { env: 'prod' },
      description: 'd',
    });
    const second = model.seedParameter({ region: REGION, name: '/seeded', value: 'two' });
    expect(second).toMatchObject({
      Name: '/seeded',
      Value: 'two',
      Version: 2,
      Type: 'String',
      DataType: 'text',
      Tags: { env: 'prod' },
    });
    expect(model.ssm.history(REGION, '/seeded').map((v) => v.Value)).toEqual(['one', 'two']);
    expect(model.ssm.events(REGION).map((e) => e.operation)).toEqual(['Create', 'Update']);
  });

  it('logs SSM calls with service ssm, the JSON input, the outcome and the error code', () => {
    const { model } = virtualWorld();
    const { call, error } = ssm(model, REGION);
    call('PutParameter', { Name: '/logged', Type: 'String', Value: 'x' });
    error('GetParameter', { Name: '/nothing' });
    expect(
      model.log
        .find({ service: 'ssm' })
        .map((e) => [e.action, e.region, e.outcome, e.errorCode, e.accountId, e.params]),
    ).toEqual([
      [
        'PutParameter',
        REGION,
        'ok',
        undefined,
        '123456789012',
        { Name: '/logged', Type: 'String', Value: 'x' },
      ],
      ['GetParameter', REGION, 'error', 'ParameterNotFound', '123456789012', { Name: '/nothing' }],
    ]);
  });

  it('answers unknown and expired credentials and disabled regions with SSM codes', async () => {
    const { model, clock } = virtualWorld();
    expect(ssm(model, REGION, 'AKIAUNKNOWNKEY000000').error('GetParameter', { Name: '/x' })).toMatchObject({
      code: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 400,
    });
    model.faults.expireCredentials(model.defaultCredentials.accessKeyId, clock.now() + 1000);
    await clock.advance(1000);
    expect(ssm(model, REGION).error('GetParameter', { Name: '/x' })).toMatchObject({
      code: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
    });
    model.faults.reset();
    expect(ssm(model, 'ap-east-1').error('GetParameter', { Name: '/x' }).code).toBe(
      'UnrecognizedClientException',
    );
  });

  it('the fault switches apply to SSM actions, answered with SSM codes', () => {
    const { model } = virtualWorld();
    const { call, error, invoke } = ssm(model, REGION);
    model.faults.throttle(1, { actions: ['PutParameter'] });
    expect(error('PutParameter', { Name: '/f', Type: 'String', Value: 'x' })).toMatchObject({
      code: 'ThrottlingException',
      message: 'Rate exceeded',
      status: 400,
    });
    expect(model.ssm.parameter(REGION, '/f')).toBeUndefined();
    model.faults.reset();
    model.faults.serverErrors('GetParameter', 1);
    call('PutParameter', { Name: '/f', Type: 'String', Value: 'x' });
    expect(error('GetParameter', { Name: '/f' })).toMatchObject({ code: 'InternalServerError', status: 500 });
    model.faults.reset();
    model.faults.loseResponses('PutParameter', 1);
    expect(invoke('PutParameter', { Name: '/f', Value: 'y', Overwrite: true }).lost).toBe(true);
    expect(model.ssm.parameter(REGION, '/f')?.Value).toBe('y');
    model.faults.failNext('GetParameter', 1, 'TooManyUpdates');
    expect(error('GetParameter', { Name: '/f' }).code).toBe('TooManyUpdates');
    expect(call<{ Parameter: { Value: string } }>('GetParameter', { Name: '/f' }).Parameter.Value).toBe('y');
  });
});
