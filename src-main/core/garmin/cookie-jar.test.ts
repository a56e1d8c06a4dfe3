import { describe, expect, it } from 'vitest';
import { CookieJar } from './cookie-jar';

function headers(...setCookies: string[]): Headers {
  const h = new Headers();
  for (const c of setCookies) h.append('set-cookie', c);
  return h;
}

describe('CookieJar', () => {
  it('sends host-only cookies back to the same host only', () => {
    const jar = new CookieJar();
    jar.store(
      'https://sso.garmin.com/mobile/sso/en/sign-in',
      headers('SESSIONID=abc; Path=/; HttpOnly', '__cflb=x1; Path=/'),
    );
    expect(jar.header('https://sso.garmin.com/mobile/api/login')).toBe('SESSIONID=abc; __cflb=x1');
    expect(jar.header('https://connectapi.garmin.com/x')).toBeNull();
  });

  it('honours Domain for parent domains only, and Max-Age/Expires', () => {
    let now = 1_000_000;
    const jar = new CookieJar(() => now);
    jar.store(
      'https://sso.garmin.com/',
      headers(
        'GARMIN-SSO=1; Domain=.garmin.com',
        'EVIL=1; Domain=example.com',
        'SHORT=1; Max-Age=10',
        'OLD=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
      ),
    );
    expect(jar.header('https://diauth.garmin.com/')).toBe('GARMIN-SSO=1');
    expect(jar.header('https://sso.garmin.com/')).toBe('GARMIN-SSO=1; SHORT=1');
    now += 11_000;
    expect(jar.header('https://sso.garmin.com/')).toBe('GARMIN-SSO=1');
    jar.store('https://sso.garmin.com/', headers('GARMIN-SSO=gone; Domain=garmin.com; Max-Age=0'));
    expect(jar.header('https://sso.garmin.com/')).toBeNull();
  });
});
