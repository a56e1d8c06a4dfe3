import { describe, expect, it } from 'vitest';
import { updateFeedOverride } from './feed-url';

describe('OMNIO_UPDATE_FEED_URL', () => {
  it('is optional: unset or blank keeps the feed from electron-builder.yml', () => {
    expect(updateFeedOverride({})).toBeNull();
    expect(updateFeedOverride({ OMNIO_UPDATE_FEED_URL: '  ' })).toBeNull();
  });

  it('takes https anywhere and plain http only on this computer', () => {
    expect(updateFeedOverride({ OMNIO_UPDATE_FEED_URL: 'https://staging.example/omnio' })).toBe(
      'https://staging.example/omnio',
    );
    expect(updateFeedOverride({ OMNIO_UPDATE_FEED_URL: 'http://127.0.0.1:8080/feed/' })).toBe(
      'http://127.0.0.1:8080/feed/',
    );
    expect(updateFeedOverride({ OMNIO_UPDATE_FEED_URL: 'http://localhost:8080/' })).toBe('http://localhost:8080/');
  });

  it('refuses plain http elsewhere, credentials in the URL, other schemes and non-URLs, with a clear message', () => {
    for (const bad of ['http://updates.example/', 'http://127.0.0.1.evil.example/', 'file:///tmp/feed', 'ftp://x/']) {
      expect(() => updateFeedOverride({ OMNIO_UPDATE_FEED_URL: bad }), bad).toThrow(/https/);
    }
    expect(() => updateFeedOverride({ OMNIO_UPDATE_FEED_URL: 'https://user:pw@updates.example/' })).toThrow(
      /user name or password/,
    );
    expect(() => updateFeedOverride({ OMNIO_UPDATE_FEED_URL: 'not a url' })).toThrow(/not a URL/);
  });
});
