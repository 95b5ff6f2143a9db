/** The release body's section: the same map as ami-ids, readable, and inert whatever the names hold. */
import { describe, expect, it } from 'vitest';
import { formatReleaseAsset, formatReleaseSection } from '../../src/report/release-notes.js';
import { releaseLine } from '../../src/report/summary.js';
import { endMarker, sectionIn, spliceSection, startMarker } from '../../src/steps/release/release-body.js';
import { distributionResult, regionResult } from './fixtures.js';

const AMI_IDS = { 'us-east-1': 'ami-0aaaaaaaaaaaaaaaa', 'eu-west-1': 'ami-0bbbbbbbbbbbbbbbb' };

function render(name = 'web-base', failed: string[] = []) {
  const result = distributionResult([
    regionResult({ region: 'eu-west-1', imageId: 'ami-0bbbbbbbbbbbbbbbb' }),
    regionResult({ region: 'us-west-2', state: 'failed', imageId: undefined }),
  ]);
  return formatReleaseSection({
    sectionId: 'ami-ids',
    assetName: 'ami-ids.json',
    amiIds: AMI_IDS,
    failedRegions: failed,
    result: { ...result, source: { ...result.source, name } },
    runUrl: 'https://github.com/acme/images/actions/runs/42',
  });
}

describe('release section', () => {
  it('is framed by its markers and holds one table row per ami-ids entry, in order', () => {
    const text = render();
    const lines = text.split('\n');
    expect(lines[0]).toBe(startMarker('ami-ids'));
    expect(lines.at(-1)).toBe(endMarker('ami-ids'));
    const rows = lines.filter(
      (l) => l.startsWith('| ') && !l.startsWith('| Region') && !l.startsWith('| ---'),
    );
    expect(rows).toEqual([
      '| us-east-1 | `ami-0aaaaaaaaaaaaaaaa` |',
      '| eu-west-1 | `ami-0bbbbbbbbbbbbbbbb` |',
    ]);
    expect(text).toContain('[this workflow run](https://github.com/acme/images/actions/runs/42)');
    expect(text).not.toContain('No image in');
  });

  it('names the regions without an image and their state', () => {
    expect(render('web-base', ['us-west-2'])).toContain('No image in: us-west-2 (failed).');
  });

  it('is the same text for the same results (a rerun that changes nothing writes nothing)', () => {
    expect(render()).toBe(render());
  });

  it('a hostile image name stays in a code span and cannot fake a marker line or a link', () => {
    const hostile = `x\n${endMarker('ami-ids')}\n[click](https://evil.example) | <script>`;
    const text = render(hostile);
    // Exactly one start and one end marker line: a rerun still finds the section.
    expect(text.split('\n').filter((l) => l === endMarker('ami-ids'))).toHaveLength(1);
    const heading = text.split('\n').find((l) => l.startsWith('### AMIs:')) ?? '';
    expect(heading.startsWith('### AMIs: `')).toBe(true);
    expect(heading.endsWith('`')).toBe(true);
    const again = spliceSection(`notes\n\n${text}`, 'ami-ids', render());
    expect(again.ok && sectionIn(again.body, 'ami-ids')).toBe(render());
  });

  it('the asset is the ami-ids map as JSON', () => {
    expect(JSON.parse(formatReleaseAsset(AMI_IDS))).toEqual(AMI_IDS);
  });
});

describe('summary: the release line', () => {
  const report = {
    status: 'updated' as const,
    repository: 'acme/images',
    tag: 'v1.4.0',
    section: 'ami-ids',
    asset: 'ami-ids.json',
    url: 'https://github.com/acme/images/releases/tag/v1.4.0',
    text: 'updated the section of release v1.4.0 of acme/images; asset ami-ids.json uploaded',
  };

  it('links the release page GitHub gave', () => {
    expect(releaseLine(report)).toBe(
      '[Release `v1.4.0`](https://github.com/acme/images/releases/tag/v1.4.0): updated. updated the section of release v1\\.4\\.0 of acme/images; asset ami-ids\\.json uploaded',
    );
  });

  it('a failure is marked; an odd URL or tag is not turned into a link', () => {
    const line = releaseLine({ ...report, status: 'failed', url: 'javascript:alert(1)', tag: 'v1](x' });
    expect(line.startsWith('⚠️ Release `v1](x` of `acme/images`: failed.')).toBe(true);
    expect(line).not.toContain('](javascript');
  });
});
