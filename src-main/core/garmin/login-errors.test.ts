import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './login-errors';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-24T10:00:00Z');
  it('reads delta-seconds and HTTP dates; null when absent or unreadable', () => {
    expect(parseRetryAfter('7200', now)).toBe(7_200_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 12:30:00 GMT', now)).toBe(2.5 * 3600 * 1000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
