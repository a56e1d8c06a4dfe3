import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confSettings } from '../settings/conf-settings';
import { GarminLoginBlock, MAX_BLOCK_MS } from './login-block';
import { parseRetryAfter } from './login-errors';

// Issue 13, item 7: Garmin's Retry-After is honoured for at most 24 hours.

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-block-cap-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the Garmin login block is capped at 24 h', () => {
  const now = Date.parse('2026-11-24T10:00:00Z');

  it.each([
    ['a year in seconds', '31536000'],
    ['an HTTP date ten years ahead', 'Tue, 24 Nov 2036 10:00:00 GMT'],
  ])('Retry-After of %s blocks for 24 h only', (_what, header) => {
    const block = new GarminLoginBlock(confSettings(dir), () => new Date(now));
    const err = block.block('rate_limited', parseRetryAfter(header, now));
    expect(MAX_BLOCK_MS).toBe(24 * 3600 * 1000);
    expect(err.retryAt).toEqual(new Date(now + MAX_BLOCK_MS));
    expect(block.current()?.until).toEqual(new Date(now + MAX_BLOCK_MS));
  });

  it('a longer block already stored (an older build, an edited settings.json) is read as 24 h at most', () => {
    const settings = confSettings(dir);
    settings.set('garminLoginBlockedUntil', '2099-01-01T00:00:00.000Z');
    settings.set('garminLoginBlockedReason', 'challenge');
    const block = new GarminLoginBlock(settings, () => new Date(now));
    expect(() => block.assertOpen()).toThrow(
      expect.objectContaining({ code: 'RATE_LIMITED', retryAt: new Date(now + MAX_BLOCK_MS) }),
    );
  });
});
