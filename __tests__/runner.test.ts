import { afterEach, describe, expect, it, vi } from 'vitest';
import { maskCredentials, runnerLogger } from '../src/runner.js';

/** What the action writes to stdout (the runner's log) while `fn` runs. */
function stdoutOf(fn: () => void): string {
  let written = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  });
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return written;
}

afterEach(() => vi.restoreAllMocks());

describe('runnerLogger', () => {
  it('writes an info message on one line, whatever it carries', () => {
    const out = stdoutOf(() => runnerLogger.info('name: web\n::error::owned\n::stop-commands::x'));
    expect(out).toBe('name: web\\n::error::owned\\n::stop-commands::x\n');
    expect(out.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
  });

  it('leaves warnings and debug messages to @actions/core, which escapes their data', () => {
    const out = stdoutOf(() => {
      runnerLogger.warning('reason\n::error::owned');
      runnerLogger.debug('detail\n::stop-commands::x');
    });
    expect(out).toBe('::warning::reason%0A::error::owned\n::debug::detail%0A::stop-commands::x\n');
  });
});

describe('maskCredentials', () => {
  it('masks the access key id like the secret key and the session token', () => {
    const out = stdoutOf(() =>
      maskCredentials({
        accessKeyId: 'ASIAEXAMPLEKEYID0001',
        secretAccessKey: 'secret/Example+Key',
        sessionToken: 'session-token-example',
      }),
    );
    expect(out.split('\n').filter(Boolean)).toEqual([
      '::add-mask::ASIAEXAMPLEKEYID0001',
      '::add-mask::secret/Example+Key',
      '::add-mask::session-token-example',
    ]);
  });
});
