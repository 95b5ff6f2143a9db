import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INPUT_SPECS } from '../src/config/input-spec.js';
import { parseConfig } from '../src/config/parse-config.js';
import { OUTPUT_SPECS } from '../src/report/output-names.js';
import {
  parseActionMetadata,
  parserErrors,
  ruleProblems,
  workflowProblems,
  yamlBlocks,
} from './support/workflow-check.js';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const readme = read('README.md');
const workflowFiles = readdirSync(new URL('.github/workflows/', root))
  .filter((file) => /\.ya?ml$/.test(file))
  .sort();
const workflows = workflowFiles.map((file) => ({ file, text: read(`.github/workflows/${file}`) }));
const examples = yamlBlocks(readme);

type Mapping = Record<string, unknown>;

const example = (name: string) => {
  const found = examples.find(({ text }) => (parse(text) as { name?: string }).name === name);
  if (!found) throw new Error(`no example named ${name}`);
  return parse(found.text) as {
    on: unknown;
    jobs: Record<
      string,
      { if?: string; needs?: unknown; strategy?: unknown; steps: Record<string, unknown>[] }
    >;
  };
};
const distributeSteps = (name: string) =>
  Object.values(example(name).jobs).flatMap((job) =>
    job.steps.filter((step) => String(step.uses).endsWith('/ami-distribute@v1')),
  );

const GOOD = `name: Good
on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo hello
`;

describe('GitHub parser on broken workflows (the check can fail)', () => {
  it('accepts a minimal valid workflow', async () => {
    expect(await workflowProblems('good.yml', GOOD)).toEqual([]);
  });

  it.each([
    ['no on:', GOOD.replace('on: push\n', ''), /Required property is missing: on/],
    ['a misspelt key', GOOD.replace('steps:', 'stepz:'), /Unexpected value 'stepz'/],
    [
      'an unclosed expression',
      GOOD.replace('echo hello', `echo \${{ github.sha }`),
      /expression is not closed/,
    ],
    [
      'an unknown context',
      GOOD.replace('echo hello', `echo \${{ nope.x }}`),
      /Unrecognized named-value: 'nope'/,
    ],
    ['a bad permission value', GOOD.replace('contents: read', 'contents: rad'), /Unexpected value 'rad'/],
    [
      'both uses and run',
      GOOD.replace('- run: echo hello', '- uses: actions/checkout@v4\n        run: echo'),
      /run/,
    ],
    ['a job graph without a root', GOOD.replace('runs-on:', 'needs: build\n    runs-on:'), /no dependencies/],
    [
      'a bad cron expression',
      GOOD.replace('on: push', "on:\n  schedule:\n    - cron: '61 * * * *'"),
      /Invalid cron expression/,
    ],
  ])('rejects %s', async (_what, broken, message) => {
    const errors = await parserErrors('broken.yml', broken);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
    expect(errors.join('\n')).toMatch(/broken\.yml \(Line: \d+, Col: \d+\)/);
  });
});

describe('repository rules on broken workflows (the check can fail)', () => {
  const uses = (withBlock: string, after = '') => `name: Sample
on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    outputs:
      matrix: \${{ steps.distribute.outputs.matrix }}
    steps:
      - id: packer
        run: packer build image.pkr.hcl
      - id: distribute
        uses: our-org/ami-distribute@v1
        with:
${withBlock}
${after}`;
  const valid = uses(
    '          source-ami-id: us-east-1:ami-0123456789abcdef0\n          target-regions: eu-west-1',
  );

  it('accepts the valid sample', async () => {
    expect(await workflowProblems('sample.yml', valid)).toEqual([]);
  });

  it('rejects the README mistake: an output read from a step that never sets it', async () => {
    const broken = uses(
      `          source-ami-id: \${{ steps.packer.outputs.artifact_id }}\n          target-regions: eu-west-1`,
    );
    expect(await parserErrors('broken.yml', broken)).toEqual([]); // GitHub's parser lets it through
    expect(ruleProblems(broken)).toEqual([
      'job build, step distribute: steps.packer.outputs.artifact_id: step "packer" never writes "artifact_id=" to $GITHUB_OUTPUT',
    ]);
  });

  it('rejects an expression in a run: script', () => {
    const broken = valid.replace('packer build image.pkr.hcl', `echo "\${{ github.head_ref }}"`);
    expect(ruleProblems(broken)).toEqual([
      'job build, step packer: an expression in run: (pass it through env: instead)',
    ]);
  });

  it('rejects an unknown input, a missing required input and an undeclared output', () => {
    const broken = uses(
      '          source-ami: ami-0123456789abcdef0\n          target-regions: eu-west-1',
      `      - run: echo "$X"\n        env:\n          X: \${{ steps.distribute.outputs.ami-id }}\n`,
    );
    expect(ruleProblems(broken)).toEqual([
      'job build, step distribute: ami-distribute has no input "source-ami"',
      'job build, step distribute: neither source-ami-id nor packer-manifest is given',
      'job build, step 3: steps.distribute.outputs.ami-id: ami-distribute has no output "ami-id"',
    ]);
  });

  it('rejects a missing name or permissions, and needs outputs the job cannot see', () => {
    const broken = `${valid.replace('name: Sample\n', '').replace('permissions:\n  contents: read\n', '')}
  deploy:
    runs-on: ubuntu-latest
    strategy:
      matrix: \${{ fromJSON(needs.build.outputs.matrix) }}
    steps:
      - run: echo "$AMIS"
        env:
          AMIS: \${{ needs.build.outputs.amis }}
`;
    expect(ruleProblems(broken)).toEqual([
      'no top-level "name:" (a complete workflow has name, on, permissions, jobs)',
      'no top-level "permissions:" (a complete workflow has name, on, permissions, jobs)',
      'job deploy: needs.build is read but "build" is not in needs',
      'job deploy, step 1: needs.build is read but "build" is not in needs',
    ]);
    const withNeeds = broken.replace('  deploy:\n', '  deploy:\n    needs: build\n');
    expect(ruleProblems(withNeeds)).toContain('job deploy, step 1: job "build" declares no output "amis"');
  });
});

describe('.github/workflows', () => {
  it('holds the CI, dist check, integration and release workflows', () => {
    expect(workflowFiles).toEqual(['check-dist.yml', 'ci.yml', 'integration.yml', 'release.yml']);
  });

  it.each(workflows)('$file passes GitHub’s parser and the repository rules', async ({ file, text }) => {
    expect(await workflowProblems(file, text)).toEqual([]);
  });

  it.each(workflows)('$file reads only contents at the top and pins actions to a major tag', ({ text }) => {
    const doc = parse(text) as {
      permissions?: unknown;
      jobs: Record<string, { steps?: { uses?: string }[] }>;
    };
    expect(doc.permissions).toEqual({ contents: 'read' });
    const used = Object.values(doc.jobs).flatMap((job) => (job.steps ?? []).map((step) => step.uses));
    const actions = used.filter((name): name is string => name !== undefined && name !== './');
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
  });

  it('CI runs what .ci/run runs, with the Debian packages installed as root or through sudo', () => {
    const ci = read('.github/workflows/ci.yml');
    for (const command of ['npm ci', 'npm run typecheck', 'npm run lint', 'npm test']) {
      expect(read('.ci/run')).toContain(command);
      expect(ci).toContain(command);
    }
    expect(ci).toMatch(/ACTION_NODE="\$\(command -v node\)" npx vitest run __tests__\/e2e/);
    expect(ci).toContain('node-version: 24');
    expect(ci).toMatch(/id -u[\s\S]*sudo[\s\S]*apt-get install[^\n]*\n?[^\n]*awscli/);
  });

  it('the integration workflow starts the simulator in the job and runs the action with uses: ./', () => {
    const integration = read('.github/workflows/integration.yml');
    expect(integration).toMatch(/npm run --silent sim -- [^\n]*--json[\s\S]*&\n/);
    expect(integration).toContain('>> "$GITHUB_ENV"');
    expect(integration.match(/uses: \.\/\n/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('the dist check rebuilds dist/ and fails on any difference', () => {
    const check = read('.github/workflows/check-dist.yml');
    expect(check).toContain('npm run build');
    expect(check).toContain('git diff --exit-code');
  });

  it('dependabot updates npm and the actions weekly', () => {
    const config = parse(read('.github/dependabot.yml')) as {
      version: number;
      updates: { 'package-ecosystem': string; directory: string; schedule: { interval: string } }[];
    };
    expect(config.version).toBe(2);
    expect(config.updates.map((update) => update['package-ecosystem']).sort()).toEqual([
      'github-actions',
      'npm',
    ]);
    for (const update of config.updates) {
      expect(update.directory).toBe('/');
      expect(update.schedule.interval).toBe('weekly');
    }
  });
});

describe('README examples', () => {
  it('keeps the two commands as its first lines', () => {
    expect(readme.split('\n').slice(0, 6).join('\n')).toBe(
      [
        '# ami-distribute',
        '',
        '```sh',
        'npm ci && npm run demo    # runs the action on the built-in EC2 simulator: no AWS account needed',
        'npm ci && npm test        # the whole test suite (unit, simulator, end-to-end on dist/index.js, AWS CLI fidelity)',
        '```',
      ].join('\n'),
    );
  });

  it('shows the Packer, release, fire-and-forget, resume and sharing workflows', () => {
    const names = examples.map(({ text }) => (parse(text) as { name?: string }).name);
    expect(names).toEqual([
      'Build and distribute the image',
      'Release the image',
      'Start the copies',
      'Distribute a large image',
      'Deploy the current web image',
      'Distribute and share the image',
    ]);
  });

  it.each(examples)(
    'the yaml block at line $line is a complete workflow that passes',
    async ({ line, text }) => {
      expect(await workflowProblems(`README.md:${line}`, text)).toEqual([]);
    },
  );

  it('the Packer example deploys per region from the matrix output', () => {
    const deploy = example('Build and distribute the image').jobs.deploy;
    expect(deploy?.needs).toBe('build');
    expect(deploy?.strategy).toEqual({ matrix: `\${{ fromJSON(needs.build.outputs.matrix) }}` });
  });

  it('the release example runs on a pushed v* tag', () => {
    expect(example('Release the image').on).toEqual({ push: { tags: ['v*'] } });
  });

  it('the fire-and-forget example does not wait', () => {
    expect(distributeSteps('Start the copies').map((step) => (step.with as Mapping).wait)).toEqual([false]);
  });

  it('the resume example reruns the action with the same inputs and reuse-existing in a later job', () => {
    const [first, again] = distributeSteps('Distribute a large image').map((step) => ({
      ...(step.with as Mapping),
    }));
    expect(again).toEqual({ ...first, 'reuse-existing': true });
    expect(first?.timeout).toBe('5h30m');
    const resume = example('Distribute a large image').jobs.resume;
    expect(resume?.needs).toBe('copy');
    expect(resume?.if).toContain('"state":"timed-out"');
  });
});

describe('the Packer example, on a sample manifest', () => {
  // Packer's manifest post-processor appends one entry per build and run; amazon-ebs gives
  // artifact_id as region:ami pairs, one per region the build registered the image in.
  const manifest = {
    builds: [
      {
        name: 'web',
        builder_type: 'amazon-ebs',
        build_time: 1764500000,
        files: null,
        artifact_id: 'us-east-1:ami-0aaaaaaaaaaaaaaa1',
        packer_run_uuid: '5b0e1f5c-0b1d-4f3e-8d8c-1a2b3c4d5e6f',
        custom_data: null,
      },
      {
        name: 'web',
        builder_type: 'amazon-ebs',
        build_time: 1764600000,
        files: null,
        artifact_id: 'us-east-1:ami-0123456789abcdef0',
        packer_run_uuid: '9c8d7e6f-1a2b-4c3d-9e8f-0a1b2c3d4e5f',
        custom_data: null,
      },
    ],
    last_run_uuid: '9c8d7e6f-1a2b-4c3d-9e8f-0a1b2c3d4e5f',
  };

  it('gives the distribute step the manifest file, and the action takes the last run’s build from it', () => {
    const build = example('Build and distribute the image').jobs.build;
    const distribute = build?.steps.find((step) => step.id === 'distribute');
    const withInputs = (distribute?.with ?? {}) as Record<string, unknown>;
    expect(withInputs['packer-manifest']).toBe('packer-manifest.json');
    // The example's own inputs, with the expressions a runner would fill in replaced.
    const inputs = Object.fromEntries(
      Object.entries(withInputs).map(([name, value]) => [
        name,
        String(value).replace(/\$\{\{[^}]*\}\}/g, 'x'),
      ]),
    );
    const config = parseConfig(
      (name) => inputs[name] ?? '',
      {},
      {
        readFile: (path) => (path === 'packer-manifest.json' ? JSON.stringify(manifest, null, 2) : undefined),
      },
    );
    expect(config.ok && [config.config.sourceImageId, config.config.sourceRegion]).toEqual([
      'ami-0123456789abcdef0',
      'us-east-1',
    ]);
  });
});

describe('action.yml through GitHub’s action parser', () => {
  it('passes, with the inputs, outputs and runtime of the spec', () => {
    const { errors, action } = parseActionMetadata(read('action.yml'));
    expect(errors).toEqual([]);
    expect(action?.inputs?.map((input) => input.id)).toEqual(INPUT_SPECS.map((spec) => spec.name));
    expect(action?.outputs?.map((output) => output.id)).toEqual(OUTPUT_SPECS.map((spec) => spec.name));
    expect(action?.runs).toMatchObject({ using: 'node24', main: 'dist/index.js', post: 'dist/index.js' });
  });

  it('rejects broken metadata', () => {
    const actionYml = read('action.yml');
    const unknownRuntime = parseActionMetadata(actionYml.replace('using: node24', 'using: node99'));
    expect(unknownRuntime.errors.join('\n')).toMatch(/Unexpected value 'node99'/);
    const noRuns = parseActionMetadata(actionYml.replace(/\nruns:\n(?: {2}.*\n?)+/, '\n'));
    expect(noRuns.errors.join('\n')).toMatch(/Required property is missing: runs/);
  });
});
