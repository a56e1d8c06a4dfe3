import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isAppOrigin, originOf } from './origin-policy';

describe('originOf', () => {
  it('gives the app scheme a real origin although Node treats it as non-special', () => {
    expect(originOf('app://omnio/index.html')).toBe('app://omnio');
    expect(originOf('app://OMNIO/assets/x.js')).toBe('app://omnio');
  });

  it('uses the standard origin for special schemes', () => {
    expect(originOf('https://cloud.ouraring.com/a?b')).toBe('https://cloud.ouraring.com');
    expect(originOf('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080');
  });

  it('has no origin for opaque, hostless or unparsable URLs', () => {
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('data:text/html,hi')).toBeNull();
    expect(originOf('not a url')).toBeNull();
    expect(originOf('')).toBeNull();
  });
});

describe('isAppOrigin', () => {
  it('accepts the app entry and any path on the app origin', () => {
    expect(isAppOrigin(APP_ENTRY_URL)).toBe(true);
    expect(isAppOrigin(`${APP_ORIGIN}/`)).toBe(true);
    expect(isAppOrigin(`${APP_ORIGIN}/assets/index.js?v=1#x`)).toBe(true);
  });

  it('refuses look-alikes that a startsWith check would let through', () => {
    expect(isAppOrigin('app://omnio.evil/index.html')).toBe(false);
    expect(isAppOrigin('app://omnio@evil/index.html')).toBe(false);
    expect(isAppOrigin('app://omnio:81/index.html')).toBe(false);
    expect(isAppOrigin('app://omnioo/')).toBe(false);
    expect(isAppOrigin('apps://omnio/')).toBe(false);
    expect(isAppOrigin('https://omnio/')).toBe(false);
    expect(isAppOrigin('file:///app/omnio/index.html')).toBe(false);
  });

  it('refuses null and undefined', () => {
    expect(isAppOrigin(null)).toBe(false);
    expect(isAppOrigin(undefined)).toBe(false);
  });
});
