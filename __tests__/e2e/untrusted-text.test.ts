/**
 * Strings from AWS or from other people reach the run: a shared source image named in Markdown
 * link syntax, a description and a tag with line breaks and workflow commands, a copy whose
 * StateReason carries the same. Through the bundle, the log must carry each of them on one line
 * (no line starts with `::error::owned` or `::stop-commands::`) and the job summary must render
 * them as text (no link).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summaryNote, summaryRow } from '../report/summary-parts.js';
import { imagesOutput } from '../support/invariants.js';
import { foreignLinks, markdownLinks } from '../support/markdown-links.js';
import { type ActionRun, runAction } from '../support/run-action.js';
import { startWorld, type World } from '../support/sim-world.js';

const LINK = '[Sign in](//evil.example/login)';
const COMMANDS = '\n::error::owned\n::stop-commands::x\n';
const DESCRIPTION = `Web base${COMMANDS}[click](https://evil.example)`;
const REASON = {
  code: 'Client.InternalError',
  message: `Copy image failed${COMMANDS}${LINK} with \`ticks\` and a | pipe`,
};
const FAILING = 'ap-southeast-2';

/** The workflow commands the action itself writes, each at the start of a line. */
const OWN_COMMANDS = /^::(group|endgroup|warning|error|debug|add-mask)(::| )/;

describe('bundle: names, descriptions, tags and StateReasons from elsewhere', () => {
  let world: World;
  let run: ActionRun;

  beforeAll(async () => {
    world = await startWorld({
      scale: 1200,
      source: {
        // AWS's name rules allow [ ] ( ) / and spaces, but no line break; descriptions and tags may hold one.
        name: LINK,
        description: DESCRIPTION,
        tags: { team: 'platform', note: `a${COMMANDS}[x](https://evil.example)` },
      },
    });
    world.sim.model.faults.failCopies(FAILING, REASON, 0.3);
    run = await runAction({
      env: world.env,
      inputs: {
        'source-ami-id': world.sourceImageId,
        'target-regions': `eu-west-1, ${FAILING}`,
        timeout: '4s',
      },
    });
  });
  afterAll(() => world.close());

  it('ran with those strings: the copy carries the description and tag, the failure AWS’s reason', () => {
    expect(run.exitCode).toBe(1);
    const [copied, failed] = imagesOutput(run);
    expect(copied).toMatchObject({ region: 'eu-west-1', state: 'available' });
    const copy = world.sim.model.image(copied?.imageId ?? '');
    expect(copy?.Name).toBe(LINK);
    expect(copy?.Description).toBe(DESCRIPTION);
    expect(failed).toMatchObject({ region: FAILING, state: 'failed' });
    expect(failed?.reason).toBe(`${REASON.code}: ${REASON.message}`);
  });

  it('writes none of them where a workflow command could start', () => {
    const lines = `${run.stdout}\n${run.stderr}`.split(/\r?\n/);
    expect(lines.filter((line) => line.startsWith('::error::owned'))).toEqual([]);
    expect(lines.filter((line) => line.startsWith('::stop-commands::'))).toEqual([]);
    expect(lines.filter((line) => line.startsWith('::') && !OWN_COMMANDS.test(line))).toEqual([]);
    // The step's own failure message is the only plain ::error:: line, and it is the action's.
    expect(lines.filter((line) => line.startsWith('::error::'))).toEqual([
      expect.stringMatching(/^::error::1 of 2 regions did not end available:%0A- ap-southeast-2: failed/),
    ]);
    // The source name is logged, as text on a line of the action's own.
    expect(run.stdout).toContain(`'${LINK}', 50 GiB, unencrypted.`);
  });

  it('renders them as text in the job summary: no link, the table intact', () => {
    // The only links are the summary's own, to each image in the EC2 console.
    expect(foreignLinks(run.summary)).toEqual([]);
    expect(markdownLinks(run.summary).length).toBeGreaterThan(0);
    expect(run.summary).toContain(`named \`${LINK}\` in us-east-1`);
    const row = summaryRow(run.summary, FAILING);
    expect(row.split(/(?<!\\)\|/)).toHaveLength(8);
    // The reason is a note below the table: a code span outside a cell keeps its pipe as it is.
    expect(summaryNote(run.summary, row)).toContain(
      '``Client.InternalError: Copy image failed ::error::owned ::stop-commands::x [Sign in](//evil.example/login) with `ticks` and a | pipe``',
    );
    expect(run.summary.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
  });
});
