/**
 * ssm-parameter, end to end: every image the run outputs (the source's too) is published to an
 * aws:ec2:image parameter in its region, validated by the simulator as SSM does; the previous
 * value is reported; a rerun changes nothing; a parameter of another data type stops the run
 * before any copy.
 */
import { describe, expect, it } from 'vitest';
import { amiIdsOutput, entries } from '../support/invariants.js';
import { startScenario, whenLogged } from '../support/scenario.js';

const NAME = '/images/web/latest';

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  for (let waited = 0; !check() && waited < ms; waited += 50) await new Promise((r) => setTimeout(r, 50));
}

describe.concurrent('bundle: ssm-parameter', () => {
  it("publishes each region's image, reports the value it replaced, and a rerun changes nothing", async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1', 'us-west-2'] });
    try {
      const old = s.model.seedImage({ region: 'eu-west-1', name: 'web-base-old', sizeGiB: 8 });
      s.model.seedParameter({
        region: 'eu-west-1',
        name: NAME,
        value: old.imageId,
        dataType: 'aws:ec2:image',
      });
      const inputs = s.inputs({ 'ssm-parameter': NAME });
      const run = await s.run({ inputs, env: { GITHUB_SERVER_URL: 'https://github.example.com' } });
      expect(run.errorMessage).toBeUndefined();
      expect(run.exitCode).toBe(0);
      expect(run.summary).toContain(
        '[Workflow run](https://github.example.com/example-org/images/actions/runs/4242)',
      );
      const ids = amiIdsOutput(run);
      expect(Object.keys(ids).sort()).toEqual(['eu-west-1', 'us-east-1', 'us-west-2']);
      // SSM validates an aws:ec2:image value after PutParameter answers.
      await until(() => Object.entries(ids).every(([r, id]) => s.model.ssm.parameter(r, NAME)?.Value === id));
      for (const [region, imageId] of Object.entries(ids)) {
        const parameter = s.model.ssm.parameter(region, NAME);
        expect([parameter?.Value, parameter?.DataType], region).toEqual([imageId, 'aws:ec2:image']);
      }
      expect(s.model.ssm.parameter('us-west-2', NAME)?.Tags).toMatchObject({
        'ami-distribute:source-image': s.world.sourceImageId,
      });
      const byRegion = Object.fromEntries(entries(run).map((e) => [e.region, e.ssm]));
      expect(byRegion['eu-west-1']).toMatchObject({
        status: 'applied',
        parameter: NAME,
        version: 2,
        previousValue: old.imageId,
      });
      expect(byRegion['us-west-2']).toMatchObject({ status: 'applied', version: 1, previousValue: null });
      expect(byRegion['us-east-1']).toMatchObject({ status: 'applied', previousValue: null });

      const puts = s.model.log.count({ action: 'PutParameter' });
      const rerun = await s.run({ inputs, env: { GITHUB_RUN_ATTEMPT: '2' } });
      expect(rerun.exitCode).toBe(0);
      expect(s.model.log.count({ action: 'PutParameter' })).toBe(puts);
      expect(entries(rerun).map((e) => e.ssm?.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    } finally {
      await s.close();
    }
  });

  it('a parameter of another data type stops the run before any copy, with the fix', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1', 'us-west-2'] });
    try {
      s.model.seedParameter({ region: 'us-west-2', name: NAME, value: 'hello' });
      const run = await s.run({ inputs: s.inputs({ 'ssm-parameter': NAME, 'include-source': 'false' }) });
      expect(run.exitCode).toBe(1);
      expect(s.model.log.count({ action: 'CopyImage' })).toBe(0);
      expect(run.errorMessage).toContain(
        `us-west-2: the SSM parameter "${NAME}" exists with data type text, not aws:ec2:image`,
      );
      expect(run.errorMessage).toContain('delete it or choose another ssm-parameter name');
    } finally {
      await s.close();
    }
  });

  it("sibling jobs publishing the same copy: the write that meets the other's value still being validated waits, finds its image there, and succeeds", async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1'] });
    try {
      // 10 model minutes (2 real seconds at scale 300): the held write arrives while the other
      // run's value is being validated, as a sibling job's does in AWS.
      s.model.ssm.setValidationDelay(10 * 60_000);
      const region = 'eu-west-1';
      const hold = s.model.faults.hold((call) => call.action === 'PutParameter' && call.region === region);
      const inputs = s.inputs({ 'ssm-parameter': NAME, 'include-source': 'false' });
      const both = Promise.all([
        s.run({ inputs, env: { GITHUB_JOB: 'web' } }),
        s.run({ inputs, env: { GITHUB_JOB: 'worker' } }),
      ]);
      await hold.reached;
      await whenLogged(
        s.model,
        (e) => e.action === 'PutParameter' && e.region === region && e.outcome === 'ok',
      );
      hold.release();
      const runs = await both;

      expect(runs.map((r) => r.errorMessage)).toEqual([undefined, undefined]);
      expect(runs.map((r) => r.exitCode)).toEqual([0, 0]);
      const imageId = amiIdsOutput(runs[0] as (typeof runs)[0])[region];
      expect(runs.map((r) => amiIdsOutput(r)[region])).toEqual([imageId, imageId]);
      const reports = runs.map((r) => entries(r).find((e) => e.region === region)?.ssm);
      expect(reports.map((r) => r?.status).sort()).toEqual(['applied', 'unchanged']);
      const waited = runs.find((r) => entries(r)[0]?.ssm?.status === 'unchanged');
      expect(waited?.stdout).toContain(
        `${region}: ${NAME} is being written by another writer (TooManyUpdates)`,
      );
      const puts = s.model.log.all().filter((e) => e.action === 'PutParameter' && e.region === region);
      expect(puts.filter((e) => e.outcome === 'ok')).toHaveLength(1);
      expect(puts.some((e) => e.errorCode === 'TooManyUpdates')).toBe(true);
      await until(() => s.model.ssm.parameter(region, NAME)?.Value === imageId);
      expect(s.model.ssm.parameter(region, NAME)?.Value).toBe(imageId);
    } finally {
      await s.close();
    }
  });

  it("a write applied whose answer is lost: the SDK's resend is refused, and the step finds its own value and succeeds", async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1'] });
    try {
      s.model.ssm.setValidationDelay(10 * 60_000);
      s.model.faults.loseResponses('PutParameter', 1, 'eu-west-1');
      const run = await s.run({ inputs: s.inputs({ 'ssm-parameter': NAME, 'include-source': 'false' }) });
      expect(run.errorMessage).toBeUndefined();
      expect(run.exitCode).toBe(0);
      const imageId = amiIdsOutput(run)['eu-west-1'];
      expect(entries(run)[0]?.ssm).toMatchObject({ status: 'unchanged', previousValue: null });
      const puts = s.model.log.all().filter((e) => e.action === 'PutParameter');
      expect(puts.map((e) => e.errorCode ?? e.outcome)).toEqual(['lost', 'TooManyUpdates']);
      await until(() => s.model.ssm.parameter('eu-west-1', NAME)?.Value === imageId);
      expect(s.model.ssm.parameter('eu-west-1', NAME)?.Value).toBe(imageId);
    } finally {
      await s.close();
    }
  });

  it('refuses an invalid name at input time, before any call', async () => {
    const s = await startScenario({ targetRegions: ['eu-west-1'] });
    try {
      const run = await s.run({ inputs: s.inputs({ 'ssm-parameter': 'images/web latest' }) });
      expect(run.exitCode).toBe(1);
      expect(run.errorMessage).toContain('ssm-parameter');
      expect(s.model.log.all()).toEqual([]);
    } finally {
      await s.close();
    }
  });
});
