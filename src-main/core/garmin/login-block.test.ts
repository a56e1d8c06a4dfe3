import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { confSettings } from '../settings/conf-settings';
import { DEFAULT_BACKOFF_MS, GarminLoginBlock } from './login-block';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-block-'));
afterEach(() => fs.rmSync(path.join(dir, 'settings.json'), { force: true }));

describe('GarminLoginBlock', () => {
  it('uses Retry-After, falls back to hours, never shortens a block, and survives a new settings store', () => {
    let now = Date.parse('2026-11-24T10:00:00Z');
    const block = new GarminLoginBlock(confSettings(dir), () => new Date(now));
    expect(() => block.assertOpen()).not.toThrow();
    const first = block.block('challenge', null);
    expect(first).toMatchObject({ code: 'RATE_LIMITED', retryAt: new Date(now + DEFAULT_BACKOFF_MS) });
    // A shorter Retry-After afterwards keeps the longer block.
    expect(block.block('rate_limited', 60_000).retryAt).toEqual(new Date(now + DEFAULT_BACKOFF_MS));

    const reopened = new GarminLoginBlock(confSettings(dir), () => new Date(now));
    expect(() => reopened.assertOpen()).toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
    now += DEFAULT_BACKOFF_MS;
    expect(reopened.current()).toBeNull();
    expect(confSettings(dir).get('garminLoginBlockedUntil')).toBeNull();
  });
});
