import { describe, expect, it } from 'vitest';
import {
  describeLease,
  leaseKey,
  leaseKeysToDrop,
  leasesOn,
  leaseTag,
  liveLeasesOfOthers,
} from '../../src/distribute/leases.js';

const NOW = Date.parse('2026-12-02T01:00:00Z');
const HOUR = 3_600_000;

describe('leases', () => {
  it('writes a lease as one tag: key by invocation, value the end of the wait and who waits', () => {
    expect(leaseTag('a1b2c3', NOW + HOUR, 'example-org/images run 42 attempt 1')).toEqual({
      'ami-distribute:waiter:a1b2c3': '2026-12-02T02:00:00.000Z example-org/images run 42 attempt 1',
    });
  });

  it('keeps the value within the characters EC2 tag values allow', () => {
    const [value] = Object.values(leaseTag('x', NOW, 'o/r run #7\n::error::x'));
    expect(value).toMatch(/^[A-Za-z0-9 +\-=._:/@]+$/);
  });

  it('reads back what it wrote, and ignores other tags', () => {
    const tags = { ...leaseTag('a', NOW + HOUR, 'run a'), team: 'platform', 'ami-distribute:settings': 'x' };
    expect(leasesOn(tags)).toEqual([{ invocationId: 'a', until: NOW + HOUR, holder: 'run a' }]);
  });

  it('counts only other invocations whose lease has not run out', () => {
    const tags = {
      ...leaseTag('self', NOW + HOUR, 'me'),
      ...leaseTag('other', NOW + HOUR, 'sibling'),
      ...leaseTag('old', NOW - 1, 'a run that was killed'),
    };
    expect(liveLeasesOfOthers(tags, 'self', NOW).map((l) => l.invocationId)).toEqual(['other']);
    expect(liveLeasesOfOthers(tags, 'other', NOW + HOUR).map((l) => l.invocationId)).toEqual([]);
  });

  it('treats a lease it cannot read as live: keeping a copy is the safe mistake', () => {
    const tags = { 'ami-distribute:waiter:forged': 'someday' };
    expect(liveLeasesOfOthers(tags, 'self', NOW)).toHaveLength(1);
    expect(describeLease(leasesOn(tags)[0] as NonNullable<ReturnType<typeof leasesOn>[0]>)).toContain(
      'an unreadable time',
    );
  });

  it('drops its own lease and those that ran out, never another live one', () => {
    const tags = {
      ...leaseTag('self', NOW + HOUR, 'me'),
      ...leaseTag('other', NOW + HOUR, 'sibling'),
      ...leaseTag('old', NOW - 1, 'gone'),
    };
    expect(leaseKeysToDrop(tags, 'self', NOW).sort()).toEqual([leaseKey('old'), leaseKey('self')].sort());
  });
});
