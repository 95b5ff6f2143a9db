/**
 * `npm run demo`: the bundled action (dist/index.js) copies a 50 GiB image from us-east-1 to
 * three regions, encrypted with a KMS key per region, against the EC2 simulator on 127.0.0.1.
 * No AWS account, no network. The action runs as a child process exactly as the GitHub runner
 * runs it; its log streams live, then the outputs and the job summary are shown as a person
 * reads them. Exits with the action's exit code.
 *
 *   npm run demo                        the demo
 *   npm run demo -- --debug             also show the action's debug lines (each poll)
 *   npm run demo -- --fail eu-west-1    copies into that region fail, as AWS reports it
 */
import { runAction } from '../__tests__/support/run-action.js';
import { startWorld, type World } from '../__tests__/support/sim-world.js';
import { type Paint, paintFor } from './paint.js';
import { summaryAsText } from './summary-text.js';
import { WorkflowLog } from './workflow-log.js';

const TARGETS = ['eu-west-1', 'ap-southeast-1', 'us-west-2'] as const;
/** Simulated seconds per real second: a ~22-minute copy of 50 GiB takes ~4.5 s. */
const SCALE = 300;

interface DemoOptions {
  readonly debug: boolean;
  /** A target region whose copies end `failed`. */
  readonly failRegion: string | undefined;
}

async function demo(options: DemoOptions): Promise<number> {
  const paint = paintFor(process.stdout, process.env);
  const say = (text = '') => process.stdout.write(`${text}\n`);
  const world = await startWorld({ scale: SCALE });
  try {
    if (options.failRegion) world.sim.model.faults.failCopies(options.failRegion);
    const inputs = stepInputs(world);
    introduce(world, inputs, paint, say);

    say(paint.bold('── Action log ──────────────────────────────────────────────'));
    const log = new WorkflowLog({ paint, debug: options.debug, write: (text) => process.stdout.write(text) });
    const run = await runAction({
      // The runner starts the action with Node 24; on an older local Node the SDK would
      // interrupt the log with a notice about its own future Node requirement.
      env: { ...world.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      inputs,
      timeoutMs: 120_000,
      onSpawn: (child) => {
        child.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
        child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(paint.dim(chunk.toString())));
      },
    });
    log.end();
    say();

    say(paint.bold('── Outputs ─────────────────────────────────────────────────'));
    for (const [name, value] of Object.entries(run.outputs)) {
      say(`${paint.bold(name)}:`);
      say(indent(prettyJson(value)));
    }
    say();
    say(paint.bold('── Job summary ─────────────────────────────────────────────'));
    say(summaryAsText(run.summary, paint).trimEnd());
    say();
    say(paint.bold('── Simulator ───────────────────────────────────────────────'));
    say(simulatorReport(world));
    say();
    const ok = run.exitCode === 0;
    say(
      ok
        ? paint.green(`Action succeeded in ${(run.durationMs / 1000).toFixed(1)} s.`)
        : paint.red(
            `Action failed (exit ${run.exitCode ?? run.signal}): ${run.errorMessage ?? 'see the log'}`,
          ),
    );
    return run.exitCode ?? 1;
  } finally {
    await world.close();
  }
}

/** KMS keys for the three regions (two by alias, one by ARN) and the step's `with:` inputs. */
function stepInputs(world: World): Record<string, string> {
  const model = world.sim.model;
  model.createKmsKey('eu-west-1', { aliases: ['alias/images'] });
  model.createKmsKey('ap-southeast-1', { aliases: ['alias/images'] });
  const usKey = model.createKmsKey('us-west-2', { aliases: ['alias/golden-images'] });
  return {
    'source-ami-id': world.sourceImageId,
    'target-regions': TARGETS.join(', '),
    encrypted: 'true',
    'kms-key-id': 'alias/images',
    'kms-key-ids': `us-west-2: ${usKey.arn}`,
    tags: 'release: "2026.11.26"\nenv: production',
  };
}

function introduce(
  world: World,
  inputs: Record<string, string>,
  paint: Paint,
  say: (text?: string) => void,
): void {
  const source = world.sim.model.image(world.sourceImageId);
  const tags = (source?.Tags ?? []).map((t) => `${t.Key}=${t.Value}`).join(', ');
  say(paint.bold('ami-distribute demo: the bundled action against a local EC2 simulator'));
  say(`Simulator: ${world.sim.url} (EC2 Query API, SigV4), clock ${SCALE}× faster than real time.`);
  say(
    `Source:    ${world.sourceImageId} '${source?.Name}' in us-east-1, ${sizeGiB(world)} GiB, tags ${tags}.`,
  );
  say('Step:');
  say('  - uses: ./   # node dist/index.js, as the runner starts it');
  say('    with:');
  for (const [name, value] of Object.entries(inputs)) {
    const lines = value.split('\n');
    if (lines.length === 1) say(`      ${name}: ${value}`);
    else say(`      ${name}: |\n${lines.map((line) => `        ${line}`).join('\n')}`);
  }
  say(
    paint.dim(
      `Times in the action's log are real seconds; at ${SCALE}× the simulator's copies take the simulated minutes shown at the end.`,
    ),
  );
  say();
}

/** What the simulator saw and did: the action's calls by API, the copies and their keys. */
function simulatorReport(world: World): string {
  const model = world.sim.model;
  const calls = model.log.find({ service: 'ec2' });
  const byAction = new Map<string, number>();
  for (const call of calls) byAction.set(call.action, (byAction.get(call.action) ?? 0) + 1);
  const counts = [...byAction].sort(([, a], [, b]) => b - a).map(([action, n]) => `${action} ×${n}`);
  const lines = [`The action made ${calls.length} EC2 calls: ${counts.join(', ')}.`];
  for (const region of TARGETS) {
    for (const image of model.images(region)) {
      const id = image.ImageId as string;
      const snapshots = model.snapshots(region).filter((s) => s.Description?.includes(id));
      const keys = [...new Set(snapshots.map((s) => s.KmsKeyId ?? 'unencrypted'))].join(', ');
      const done = model.completionTime(region, id);
      const took =
        done !== undefined && image.CreationDate
          ? `, copied in ${Math.round((done - Date.parse(image.CreationDate)) / 60_000)} simulated minutes`
          : '';
      lines.push(`  ${region}: ${id} ${image.State}${took}; snapshots encrypted with ${keys}`);
    }
  }
  return lines.join('\n');
}

function sizeGiB(world: World): number {
  const devices = world.sim.model.image(world.sourceImageId)?.BlockDeviceMappings ?? [];
  return devices.reduce((sum, device) => sum + (device.Ebs?.VolumeSize ?? 0), 0);
}

function prettyJson(value: string): string {
  try {
    return JSON.stringify(JSON.parse(value), null, 2);
  } catch {
    return value;
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

function parseArgs(args: readonly string[]): DemoOptions {
  const failAt = args.indexOf('--fail');
  const failRegion = failAt >= 0 ? args[failAt + 1] : undefined;
  if (failAt >= 0 && !TARGETS.some((region) => region === failRegion)) {
    throw new Error(`--fail needs one of ${TARGETS.join(', ')}`);
  }
  return { debug: args.includes('--debug'), failRegion };
}

process.exitCode = await demo(parseArgs(process.argv.slice(2)));
