/**
 * The job summary rendered as GitHub renders it (GFM, see gfm.ts), then read back: the table's
 * structure, the links, the notes under it, and what names full of Markdown turn into.
 */
import { describe, expect, it } from 'vitest';
import type { DistributionResult, RegionResult } from '../../src/distribute/result-types.js';
import {
  formatCancelledEarlySummary,
  formatCancelledSummary,
  formatCrashedSummary,
  formatInvalidInputsSummary,
  formatStoppedSummary,
  formatSummary,
} from '../../src/report/summary.js';
import type { StepReport } from '../../src/steps/step.js';
import { distributionResult, regionResult } from './fixtures.js';
import { linkTargets, orderedListItems, renderGfm, tables, tagNames, textOf } from './gfm.js';

const REPORT = { onCancel: 'keep', includeSource: false } as const;
const RUN_URL = 'https://github.com/acme/images/actions/runs/42';
const SOURCE_ID = 'ami-0aaaaaaaaaaaaaaaa';

/** The tags micromark writes for what the summary uses: heading, paragraphs, table, lists, code, links, emphasis. */
const SUMMARY_TAGS = new Set([
  'h2',
  'p',
  'code',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'a',
  'ol',
  'ul',
  'li',
  'strong',
  'em',
]);

let next = 0x100;
/** A region's result with a well-formed, distinct image id (so it gets a console link). */
function copy(overrides: Partial<RegionResult> & Pick<RegionResult, 'region'>): RegionResult {
  next += 1;
  return regionResult({ imageId: `ami-0${next.toString(16).padStart(16, '0')}`, ...overrides });
}

function step(text: string, status: StepReport['status'] = 'applied'): StepReport {
  return { step: 'share', status, facts: {}, text };
}

function render(result: DistributionResult, options: Parameters<typeof formatSummary>[1] = REPORT) {
  const html = renderGfm(formatSummary(result, options));
  const [table, ...more] = tables(html);
  expect(more, 'one table').toEqual([]);
  if (!table) throw new Error('no table');
  return { html, table, notes: orderedListItems(html) };
}

/** The console page of an image, as console-links.ts makes it for the aws partition. */
function consoleUrl(region: string, imageId: string): string {
  return `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#ImageDetails:imageId=${imageId}`;
}

describe('the summary rendered as GitHub-flavoured Markdown', () => {
  const regions = [
    copy({ region: 'eu-west-1', kmsKeyId: 'alias/images' }),
    copy({ region: 'us-west-2', origin: 'reused', seconds: 0, encrypted: false }),
    copy({
      region: 'ap-southeast-1',
      state: 'failed',
      reason: { code: 'Client.KmsKeyNotFound', message: 'KMS key alias/images not found' },
      hint: 'Check that the KMS key exists in ap-southeast-1.',
      disposition: 'removed',
    }),
    regionResult({
      region: 'sa-east-1',
      imageId: undefined,
      state: 'failed',
      seconds: undefined,
      encrypted: false,
    }),
    copy({ region: 'cn-north-1', encrypted: false }),
  ];
  const { html, table, notes } = render(distributionResult(regions), { ...REPORT, runUrl: RUN_URL });

  it('has one table: the header, then the source row and one row per region, six cells each', () => {
    expect(table.header).toEqual(['Region', 'AMI', 'Copy', 'State', 'Time', 'Notes']);
    expect(table.rows.map((row) => row[0])).toEqual([
      'us-east-1',
      'eu-west-1',
      'us-west-2',
      'ap-southeast-1',
      'sa-east-1',
      'cn-north-1',
    ]);
    for (const row of table.rows) expect(row).toHaveLength(6);
    expect(table.rows.map((row) => row[2])).toEqual(['source', 'new', 'reused', 'new', 'new', 'new']);
    expect(table.rows[0]).toEqual(['us-east-1', SOURCE_ID, 'source', '✅ available', '-', '']);
    expect(table.rows[3]?.slice(3, 5)).toEqual(['❌ failed (100%)', '12m34s']);
    expect(table.rows[4]?.slice(1, 5)).toEqual(['-', 'new', '❌ failed (100%)', '-']);
  });

  it('links each image to the console page of its own region, and the run; nothing else', () => {
    expect(linkTargets(html)).toEqual([
      consoleUrl('us-east-1', SOURCE_ID),
      ...regions
        .filter((r) => r.imageId !== undefined && r.region !== 'cn-north-1')
        .map((r) => consoleUrl(r.region, r.imageId as string)),
      `https://console.amazonaws.cn/ec2/home?region=cn-north-1#ImageDetails:imageId=${regions[4]?.imageId}`,
      RUN_URL,
    ]);
    // Each link sits in its own row's AMI cell.
    table.html.forEach((cells, index) => {
      const region = table.rows[index]?.[0] ?? '';
      for (const url of linkTargets(cells[1] ?? '')) expect(url).toContain(`region=${region}#`);
      expect(linkTargets(cells.filter((_, column) => column !== 1).join(''))).toEqual([]);
    });
    for (const url of linkTargets(html)) expect(url).toMatch(/^https:\/\//);
  });

  it('numbers the notes below the table; each row with notes points to its own', () => {
    const markers = table.rows.map((row) => row[5]);
    expect(markers).toEqual(['', '[1]', '', '[2]', '', '']);
    expect(notes).toEqual([
      'eu-west-1: encrypted with alias/images',
      'ap-southeast-1: Client.KmsKeyNotFound: KMS key alias/images not found Check that the KMS key exists in ap-southeast-1. copy and snapshots removed encrypted (default EBS key)',
    ]);
    // The failed region's parts are a nested list under its note, the reason first.
    expect(html).toMatch(/<li>.*ap-southeast-1.*:\n<ul>\n<li><code>Client\.KmsKeyNotFound/);
  });

  it('writes only the tags of a summary: no raw HTML', () => {
    for (const tag of tagNames(html)) expect(SUMMARY_TAGS, tag).toContain(tag);
  });
});

describe('the source row', () => {
  // The rule: exactly one row marked source, first, for the source image in its region; a
  // target entry that maps the source region to the source image is that row, not a second.
  const sourceRows = (table: { rows: string[][] }) => table.rows.filter((row) => row[2] === 'source');

  it('is there when the source region is not a target, and says nothing when it is not in the outputs', () => {
    const { table, notes } = render(distributionResult([copy({ region: 'eu-west-1', encrypted: false })]));
    expect(table.rows.map((row) => row.slice(0, 3))).toEqual([
      ['us-east-1', SOURCE_ID, 'source'],
      ['eu-west-1', expect.stringMatching(/^ami-/), 'new'],
    ]);
    expect(notes).toEqual([]);
  });

  it('with include-source says that the outputs map the source region, and what the steps did to it', () => {
    const result = {
      ...distributionResult([copy({ region: 'eu-west-1', encrypted: false })]),
      sourceOutput: regionResult({
        region: 'us-east-1',
        imageId: SOURCE_ID,
        origin: 'source',
        steps: [step('shared with 2 accounts')],
      }),
    };
    const { table, notes } = render(result, { ...REPORT, includeSource: true });
    expect(sourceRows(table)).toHaveLength(1);
    expect(table.rows[0]?.[5]).toBe('[1]');
    expect(notes).toEqual([
      'us-east-1 (source image): in the outputs for the source region (include-source) shared with 2 accounts',
    ]);
  });

  it('is the target entry that maps the source region to the source image: listed once, first', () => {
    const mapped = regionResult({
      region: 'us-east-1',
      imageId: SOURCE_ID,
      origin: 'source',
      seconds: 0,
      steps: [step('shared with 1 account')],
    });
    const result = distributionResult([copy({ region: 'eu-west-1' }), mapped, copy({ region: 'us-west-2' })]);
    const { table, notes } = render(result);
    expect(table.rows.map((row) => row[0])).toEqual(['us-east-1', 'eu-west-1', 'us-west-2']);
    expect(sourceRows(table)).toEqual([['us-east-1', SOURCE_ID, 'source', '✅ available', '-', '[1]']]);
    expect(notes[0]).toBe(
      'us-east-1 (source image): the source region is a target: it maps to the source image in the outputs (nothing copied) shared with 1 account',
    );
  });

  it('stands beside an encrypted copy made in the source region: two images, two rows', () => {
    const encrypted = copy({ region: 'us-east-1', kmsKeyId: 'alias/images' });
    const { table } = render(distributionResult([encrypted, copy({ region: 'eu-west-1' })]));
    expect(table.rows.map((row) => row.slice(0, 3))).toEqual([
      ['us-east-1', SOURCE_ID, 'source'],
      ['us-east-1', encrypted.imageId, 'new'],
      ['eu-west-1', expect.stringMatching(/^ami-/), 'new'],
    ]);
  });

  it('in a dry run shows the dry-run state of the mapped entry and claims no output', () => {
    const mapped = regionResult({
      region: 'us-east-1',
      imageId: SOURCE_ID,
      origin: 'source',
      state: 'dry-run',
      seconds: undefined,
      notes: ['dry run: would use the source image'],
    });
    const { table, notes } = render(
      distributionResult([mapped, copy({ region: 'eu-west-1', state: 'dry-run' })]),
    );
    expect(sourceRows(table)).toEqual([['us-east-1', SOURCE_ID, 'source', '🔍 dry-run', '-', '[1]']]);
    expect(notes[0]).toBe('us-east-1 (source image): dry run: would use the source image');
  });
});

describe('names and texts full of Markdown', () => {
  const EVIL_LINK = '[click](https://evil.example/x)';
  const HOSTILE = `a|b *bold* _it_ \`tick\` <script>alert(1)</script> ${EVIL_LINK} ![i](https://evil.example/i.png) <https://evil.example> www.evil.example x@evil.example ~~s~~ &amp; [^1]\nsecond line | c`;
  const regions = [
    copy({ region: 'eu-west-1', kmsKeyId: `alias/${HOSTILE}` }),
    copy({
      region: 'ap-southeast-1',
      state: 'failed',
      reason: { code: 'Client.InternalError', message: HOSTILE },
      hint: HOSTILE,
      disposition: 'removal-failed',
      notes: [HOSTILE, `- ${HOSTILE}`, `+ x`, '=== ', '---'],
      steps: [step(HOSTILE, 'failed')],
    }),
    regionResult({ region: 'us-west-2', imageId: `ami-0|${HOSTILE}`, encrypted: false }),
  ];
  const result = {
    ...distributionResult(regions),
    source: { ...distributionResult([]).source, name: HOSTILE },
  };
  const { html, table, notes } = render(result, { ...REPORT, runUrl: RUN_URL });

  it('keep the table whole: the same rows, six cells each', () => {
    expect(table.rows.map((row) => row[0])).toEqual([
      'us-east-1',
      'eu-west-1',
      'ap-southeast-1',
      'us-west-2',
    ]);
    for (const row of table.rows) expect(row).toHaveLength(6);
    expect(table.rows[3]?.[1]).toBe(`ami-0|${HOSTILE.replace('\n', ' ')}`);
  });

  it('inject no HTML, no image and no link: only the console pages and the run', () => {
    for (const tag of tagNames(html)) expect(SUMMARY_TAGS, tag).toContain(tag);
    expect(html).not.toMatch(/<script|<img|evil\.example"/);
    expect(linkTargets(html)).toEqual([
      consoleUrl('us-east-1', SOURCE_ID),
      consoleUrl('eu-west-1', regions[0]?.imageId as string),
      consoleUrl('ap-southeast-1', regions[1]?.imageId as string),
      RUN_URL,
    ]);
    expect(tagNames(html)).not.toContain('del');
  });

  it('show every text as it is, on one line', () => {
    const shown = HOSTILE.replace('\n', ' ');
    expect(textOf(html)).toContain(`named ${shown} in us-east-1`);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toBe(`eu-west-1: encrypted with alias/${shown}`);
    const failed = notes[1] ?? '';
    // reason, hint, removal-failed, five notes, the step
    expect(failed.split(shown).length - 1).toBe(5);
    expect(failed).toContain(`- ${shown}`);
    expect(failed).toContain('+ x');
    expect(failed).toContain('=== ');
    expect(failed).toContain('---');
    expect(failed).toContain(`⚠️ ${shown}`);
    // The notes' parts stay items of one nested list: none became a list, heading or rule of its own.
    expect(html.match(/<ul>/g)).toHaveLength(1);
    expect(tagNames(html)).not.toContain('hr');
  });
});

describe('summaries of runs that made nothing, rendered', () => {
  const HOSTILE = '<script>x</script> [a](https://evil.example) | *b*\n# heading';
  const scope = { sourceImageId: SOURCE_ID, sourceRegion: 'us-east-1', targetRegions: ['eu-west-1'] };
  const cases = {
    stopped: formatStoppedSummary([HOSTILE, 'second problem'], scope),
    'cancelled early': formatCancelledEarlySummary(HOSTILE, scope),
    'invalid inputs': formatInvalidInputsSummary([{ input: 'name', value: HOSTILE, message: HOSTILE }]),
    cancelled: formatCancelledSummary([{ region: 'eu-west-1', imageId: SOURCE_ID }]),
    crashed: formatCrashedSummary(HOSTILE, []),
  };

  it.each(Object.entries(cases))('%s: the heading, the text as it is, no link and no HTML', (_, markdown) => {
    const html = renderGfm(markdown);
    expect(html.startsWith('<h2>AMI distribution</h2>')).toBe(true);
    expect(html.match(/<h2>/g)).toHaveLength(1);
    expect(linkTargets(html)).toEqual([]);
    for (const tag of tagNames(html)) expect(SUMMARY_TAGS, tag).toContain(tag);
    if (markdown.includes('script')) expect(textOf(html)).toContain(HOSTILE.replace('\n', ' '));
  });

  it('stopped: the problems as a list, the scope, the four checks in order', () => {
    const html = renderGfm(cases.stopped);
    expect(html.match(/<ul>[\s\S]*?<\/ul>/)?.[0].match(/<li>/g)).toHaveLength(2);
    expect(orderedListItems(html).map((item) => item.split(':')[0])).toEqual([
      'the source image',
      'the plan',
      'every target region',
      'the post-copy steps',
    ]);
    expect(textOf(html)).toContain(`Asked to copy ${SOURCE_ID} from us-east-1 to 1 region: eu-west-1.`);
  });
});
