import { describe, expect, it } from 'vitest';
import { KEY_EXPIRY_WARNING_DAYS, keyExpiryNotice } from './key-expiry';

describe('keyExpiryNotice', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000).toISOString();

  it('says nothing without an expiry or while it is far away', () => {
    expect(keyExpiryNotice(null, now)).toBeNull();
    expect(keyExpiryNotice(inDays(KEY_EXPIRY_WARNING_DAYS + 1), now)).toBeNull();
  });

  it('warns within the warning window, counting days left', () => {
    expect(keyExpiryNotice(inDays(3), now)).toMatchObject({ level: 'soon', daysLeft: 3 });
    expect(keyExpiryNotice(inDays(0.5), now)).toMatchObject({ level: 'soon', daysLeft: 1, message: expect.stringContaining('1 day left') });
  });

  it('says when the key has expired', () => {
    expect(keyExpiryNotice(inDays(-1), now)).toMatchObject({ level: 'expired' });
  });
});
