import { describe, expect, it } from 'vitest';
import { logLine } from '../src/logger.js';

describe('logLine', () => {
  it('shows line breaks as escapes, so nothing can start a line of its own', () => {
    const line = logLine('web\n::error::owned\r\n::stop-commands::x\rend');
    expect(line).toBe('web\\n::error::owned\\r\\n::stop-commands::x\\rend');
    expect(line.split(/[\r\n]/)).toHaveLength(1);
  });

  it('also escapes the Unicode line breaks and the other control characters, but keeps tabs', () => {
    expect(logLine('a\u2028b\u2029c\u0085d\u001b[31me\u0000f\tg')).toBe(
      'a\\u2028b\\u2029c\\u0085d\\u001b[31me\\u0000f\tg',
    );
  });

  it('leaves ordinary text alone', () => {
    const text = "eu-west-1: copy started: ami-0123456789abcdef0 '[Sign in](//evil.example/login)'.";
    expect(logLine(text)).toBe(text);
  });
});
