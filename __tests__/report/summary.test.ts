import { describe, expect, it } from 'vitest';
import { runUrl } from '../../src/report/console-links.js';
import { failureAnnotations, failureMessage } from '../../src/report/failures.js';
import {
  formatCancelledEarlySummary,
  formatCancelledSummary,
  formatCrashedSummary,
  formatInvalidInputsSummary,
  formatSeconds,
  formatStoppedSummary,
  formatSummary,
} from '../../src/report/summary.js';
import { foreignLinks, markdownLinks } from '../support/markdown-links.js';
import { distributionResult, regionResult } from './fixtures.js';
import { summaryNote, summaryRow, summaryRows } from './summary-parts.js';

const REPORT = { wait: true, onCancel: 'keep' } as const;

const result = distributionResult([
  regionResult({ region: 'eu-west-1', kmsKeyId: 'alias/images' }),
  regionResult({ region: 'us-west-2', origin: 'reused', seconds: 0 }),
  regionResult({ region: 'ca-central-1', waitedForCapacitySeconds: 310 }),
  regionResult({
    region: 'ap-southeast-1',
    state: 'failed',
    reason: { code: 'Client.KmsKeyNotFound', message: 'KMS key alias/images not found' },
    hint: 'Check that the KMS key exists',
    disposition: 'removed',
  }),
  regionResult({
    region: 'sa-east-1',
    state: 'timed-out',
    progressPercent: 62,
    reason: { code: 'timed-out', message: 'Still pending when the timeout ran out.' },
    disposition: 'kept',
  }),
]);

describe('formatSummary', () => {
  const markdown = formatSummary(result, REPORT);

  it('has the source row, then one row per region with AMI, origin, state and time', () => {
    expect(summaryRows(markdown)).toHaveLength(6);
    expect(summaryRows(markdown)[0]).toMatch(
      /^\| us-east-1 \| \[`ami-0aaaaaaaaaaaaaaaa`\]\(https:.*\) \| source \| ✅ available \| - \|/,
    );
    const eu = summaryRow(markdown, 'eu-west-1');
    // The fixture's ids are not hex: no console link, the id as code.
    expect(eu).toContain('| eu-west-1 | `ami-euwest10000000000` |');
    expect(eu).toContain('| new | ✅ available | 12m34s |');
    expect(summaryRow(markdown, 'us-west-2')).toContain('| reused | ✅ available | 0s |');
    expect(summaryRow(markdown, 'sa-east-1')).toContain('| ⌛ timed-out (62%) |');
  });

  it('puts the long text in numbered notes below the table, one per row that has any', () => {
    const eu = summaryRow(markdown, 'eu-west-1');
    expect(summaryNote(markdown, eu)).toBe('1. **eu-west-1**: encrypted with `alias/images`');
    // A reused copy made by another run: nothing to say about how it was made.
    expect(summaryRow(markdown, 'us-west-2')).toMatch(/\| {2}\|$/);
    expect(summaryNote(markdown, summaryRow(markdown, 'ca-central-1'))).toContain(
      'waited 5m10s for copy capacity',
    );
    const failed = summaryNote(markdown, summaryRow(markdown, 'ap-southeast-1'));
    expect(failed.split('\n')).toEqual([
      '3. **ap-southeast-1**:',
      '   - `Client.KmsKeyNotFound: KMS key alias/images not found`',
      '   - Check that the KMS key exists',
      '   - copy and snapshots removed',
      '   - encrypted (default EBS key)',
    ]);
    expect(summaryNote(markdown, summaryRow(markdown, 'sa-east-1'))).toContain('still running in AWS');
    // The table's cells stay short: no note text in a row.
    for (const row of summaryRows(markdown)) expect(row.length).toBeLessThan(260);
  });

  it('labels the cost line as an estimate and states the rates', () => {
    // new copies that did not fail: eu-west-1, ca-central-1, sa-east-1 -> 3 x 50 GiB
    expect(markdown).toContain('Estimated cost');
    expect(markdown).toContain('3 new copies × 50 GiB');
    expect(markdown).toContain('$3.00 one-off inter-region data transfer at $0.02/GB');
    expect(markdown).toContain('$7.50/month snapshot storage at $0.05/GB-month');
  });
});

describe('console links', () => {
  it('links each image to its page in the EC2 console of its region and partition, and nothing odd', () => {
    const markdown = formatSummary(
      distributionResult([
        regionResult({ region: 'eu-west-1', imageId: 'ami-0123456789abcdef0' }),
        regionResult({ region: 'cn-north-1', imageId: 'ami-0fedcba9876543210' }),
        regionResult({ region: 'us-west-2', imageId: 'ami-NOTHEX' }),
      ]),
      REPORT,
    );
    expect(markdown).toContain(
      '| eu-west-1 | [`ami-0123456789abcdef0`](https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#ImageDetails:imageId=ami-0123456789abcdef0) | new |',
    );
    expect(markdown).toContain(
      '[`ami-0fedcba9876543210`](https://console.amazonaws.cn/ec2/home?region=cn-north-1#ImageDetails:imageId=ami-0fedcba9876543210)',
    );
    expect(markdown).toContain('| us-west-2 | `ami-NOTHEX` |');
  });
});

describe('the run link', () => {
  it('links the workflow run when the runner gives its server, repository and run id, and not otherwise', () => {
    const env = {
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/images',
      GITHUB_RUN_ID: '42',
    };
    expect(runUrl(env)).toBe('https://github.com/acme/images/actions/runs/42');
    expect(formatSummary(result, { ...REPORT, runUrl: runUrl(env) })).toContain(
      '[Workflow run](https://github.com/acme/images/actions/runs/42)',
    );
    expect(runUrl({ ...env, GITHUB_SERVER_URL: 'javascript:alert(1)' })).toBeUndefined();
    expect(runUrl({ ...env, GITHUB_REPOSITORY: 'acme/images) [x](//evil' })).toBeUndefined();
    expect(runUrl({ ...env, GITHUB_RUN_ID: '' })).toBeUndefined();
    expect(formatSummary(result, REPORT)).not.toContain('Workflow run');
  });
});

describe('failures', () => {
  it('names each failing region with the reason, hint and disposition', () => {
    const message = failureMessage(result, REPORT) ?? '';
    expect(message.split('\n')[0]).toBe('2 of 5 regions did not end available:');
    expect(message).toContain('- ap-southeast-1: failed');
    expect(message).toContain('Check that the KMS key exists');
    expect(message).toContain('The copy and its snapshots were removed.');
    expect(message).toContain('- sa-east-1: timed-out');
    expect(message).toContain('The copy was kept and continues in AWS.');
    expect(failureAnnotations(result, REPORT).map((a) => a.title)).toEqual([
      'ami-distribute: ap-southeast-1 failed',
      'ami-distribute: sa-east-1 timed-out',
    ]);
  });

  it("ends a step's failure with one full stop, whether or not AWS's message has one", () => {
    const failedStep = (message: string) =>
      distributionResult([
        regionResult({
          region: 'eu-west-1',
          steps: [
            {
              step: 'ssm',
              status: 'failed',
              facts: {},
              text: `ssm failed (ssm:PutParameter): TooManyUpdates: ${message}`,
              reason: { code: 'TooManyUpdates', message },
            },
          ],
        }),
      ]);
    const annotation = (message: string) => failureAnnotations(failedStep(message), REPORT)[0]?.message;
    expect(annotation('Try again after the validation completes.')).toBe(
      'ssm failed (ssm:PutParameter): TooManyUpdates: Try again after the validation completes. The image ami-euwest10000000000 is available and in the outputs.',
    );
    expect(annotation('no full stop')).toBe(
      'ssm failed (ssm:PutParameter): TooManyUpdates: no full stop. The image ami-euwest10000000000 is available and in the outputs.',
    );
  });

  it('has nothing to say when every region is available', () => {
    expect(
      failureMessage(distributionResult([regionResult({ region: 'eu-west-1' })]), REPORT),
    ).toBeUndefined();
  });
});

const LINK = '[Sign in](//evil.example/login)';
const HOSTILE = `x\n::error::owned\n::stop-commands::x ${LINK} \`tick\` a|b <b>bold</b> https://evil.example`;

describe('formatSummary with names and reasons from elsewhere', () => {
  const hostile = {
    ...distributionResult([
      regionResult({ region: 'eu-west-1', kmsKeyId: 'alias/a|b' }),
      regionResult({
        region: 'ap-southeast-1',
        state: 'failed',
        reason: { code: 'Client.InternalError', message: HOSTILE },
        disposition: 'removal-failed',
      }),
    ]),
  };
  const named = { ...hostile, source: { ...hostile.source, name: LINK } };
  const markdown = formatSummary(named, REPORT);

  it('renders no link, image or HTML from the source name or a StateReason', () => {
    // The only links: the source row's console page.
    expect(markdownLinks(markdown).length).toBeGreaterThan(0);
    expect(foreignLinks(markdown)).toEqual([]);
    expect(markdown).toContain(`named \`${LINK}\` in us-east-1`);
  });

  it('keeps each row one line with six cells: line breaks and pipes cannot break the table', () => {
    const table = summaryRows(markdown);
    expect(table).toHaveLength(3);
    for (const row of table) expect(row.split(/(?<!\\)\|/)).toHaveLength(8);
    expect(markdown.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
    // Below the table a code span is not in a cell: the pipe stays as it is.
    expect(summaryNote(markdown, summaryRow(markdown, 'eu-west-1'))).toContain('encrypted with `alias/a|b`');
  });

  it('shows the reason verbatim inside a code span with a longer fence, in the note', () => {
    expect(summaryNote(markdown, summaryRow(markdown, 'ap-southeast-1'))).toContain(
      '``Client.InternalError: x ::error::owned ::stop-commands::x [Sign in](//evil.example/login) `tick` a|b <b>bold</b> https://evil.example``',
    );
  });
});

describe('summaries of runs that made nothing', () => {
  it('a stopped run lists its problems, escaped', () => {
    const markdown = formatStoppedSummary([
      `Source image ami-0123456789abcdef0 in us-east-1 is failed (Client.Error: ${HOSTILE}); only an available image can be copied.`,
    ]);
    expect(markdown).toContain('Stopped before any copy was made:');
    expect(markdown).toContain('- Source image ami-0123456789abcdef0 in us-east-1 is failed');
    expect(markdownLinks(markdown)).toEqual([]);
    expect(markdown.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
  });

  it('invalid inputs: every problem with its input name, escaped', () => {
    const markdown = formatInvalidInputsSummary([
      {
        input: 'name',
        value: LINK,
        message: `the template "${LINK}" gives names of at least 200 characters`,
      },
      { input: 'timeout', value: 'soon', message: '"soon" is not a duration' },
    ]);
    expect(markdown).toContain('2 inputs are invalid; nothing was sent to AWS:');
    expect(markdown).toContain('- `name`: the template "\\[Sign in\\]\\(//evil\\.example/login\\)" gives');
    expect(markdown).toContain('- `timeout`: "soon" is not a duration');
    expect(markdownLinks(markdown)).toEqual([]);
    expect(formatInvalidInputsSummary([{ input: 'wait', value: 'x', message: 'm' }])).toContain(
      'An input is invalid',
    );
  });

  it('a stopped run also says what it was asked and what it checks before copying', () => {
    const markdown = formatStoppedSummary(['eu-west-1 is not enabled for this account.'], {
      sourceImageId: 'ami-0123456789abcdef0',
      sourceRegion: 'us-east-1',
      targetRegions: ['eu-west-1', 'us-west-2'],
    });
    expect(markdown).toContain(
      'Asked to copy `ami-0123456789abcdef0` from us-east-1 to 2 regions: eu-west-1, us-west-2.',
    );
    expect(markdown).toContain('stops at the first check that finds a problem');
    expect(markdown.split('\n').filter((line) => /^\d\. /.test(line))).toHaveLength(4);
    expect(markdown).toContain('Nothing was created or changed');
    expect(formatStoppedSummary(['x'])).not.toContain('Asked to copy');
  });

  it('a run cancelled before any copy says so, not that a check stopped it', () => {
    const markdown = formatCancelledEarlySummary('Cancelled during preflight; no copy was made.', {
      sourceImageId: 'ami-0123456789abcdef0',
      sourceRegion: 'us-east-1',
      targetRegions: ['eu-west-1'],
    });
    expect(markdown).toContain(
      'Cancelled before any copy was made: Cancelled during preflight; no copy was made\\.',
    );
    expect(markdown).toContain('to 1 region: eu-west-1.');
    expect(markdown).not.toContain('Stopped');
  });

  it('a run that failed unexpectedly shows the error as code and the copies it had started', () => {
    const markdown = formatCrashedSummary(`boom ${HOSTILE}`, [
      { region: 'eu-west-1', imageId: 'ami-0123456789abcdef0' },
    ]);
    expect(markdown).toContain('Failed unexpectedly: ``boom x ::error::owned');
    expect(markdown).toContain('- eu-west-1: `ami-0123456789abcdef0`');
    expect(markdownLinks(markdown)).toEqual([]);
    expect(markdown.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
    expect(formatCrashedSummary('boom', [])).toContain('- none');
  });

  it('a cancelled run that could not settle lists the copies left running', () => {
    const markdown = formatCancelledSummary([{ region: 'eu-west-1', imageId: 'ami-0123456789abcdef0' }]);
    expect(markdown).toContain('- eu-west-1: `ami-0123456789abcdef0`');
  });
});

describe('a cancelled copy', () => {
  const cancelled = distributionResult([
    regionResult({
      region: 'eu-west-1',
      state: 'cancelled',
      reason: { code: 'cancelled', message: 'Still pending when the run was cancelled.' },
      disposition: 'kept',
    }),
  ]);

  it('with on-cancel: deregister, says the post step deregisters it, not that it continues', () => {
    const options = { wait: true, onCancel: 'deregister' } as const;
    const message = failureMessage(cancelled, options) ?? '';
    expect(message).toContain('The post step deregisters the copy');
    expect(message).not.toContain('continues in AWS');
    const markdown = formatSummary(cancelled, options);
    expect(summaryNote(markdown, summaryRow(markdown, 'eu-west-1'))).toContain(
      'the post step deregisters the copy',
    );
  });

  it('with on-cancel: keep, says it continues in AWS', () => {
    expect(failureMessage(cancelled, REPORT)).toContain('The copy was kept and continues in AWS.');
    const markdown = formatSummary(cancelled, REPORT);
    expect(summaryNote(markdown, summaryRow(markdown, 'eu-west-1'))).toContain(
      'copy kept (still running in AWS)',
    );
  });
});

describe('failureMessage with a StateReason over several lines', () => {
  it('keeps one line per failing region', () => {
    const message =
      failureMessage(
        distributionResult([
          regionResult({
            region: 'eu-west-1',
            state: 'failed',
            reason: { code: 'Client.InternalError', message: HOSTILE },
            disposition: 'removed',
          }),
        ]),
        REPORT,
      ) ?? '';
    expect(message.split('\n')).toHaveLength(2);
    expect(message).toContain('x\\n::error::owned\\n::stop-commands::x');
  });
});

describe('formatSeconds', () => {
  it.each([
    [undefined, '-'],
    [0, '0s'],
    [59, '59s'],
    [61, '1m01s'],
    [3600, '1h00m'],
    [9000, '2h30m'],
  ])('%s -> %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });
});
