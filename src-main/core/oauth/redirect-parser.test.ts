import { describe, expect, it } from 'vitest';
import { parseRedirect, providerMessage } from './redirect-parser';

describe('parseRedirect', () => {
  it('accepts our scheme (RFC 8252 §7.1 single slash, or empty authority) and 127.0.0.1 loopback', () => {
    for (const url of [
      'com.omnio.app:/oauth/oura?code=abc&state=s1',
      'com.omnio.app:///oauth/whoop?code=abc&state=s1&scope=offline%20read:profile',
      'http://127.0.0.1:5123/oauth/withings?code=abc&state=s1',
      'com.omnio.app:/oauth/oura?error=access_denied&error_description=No%20thanks&state=s1',
    ]) {
      expect(parseRedirect(url), url).toMatchObject({ ok: true });
    }
    const r = parseRedirect('http://127.0.0.1:5123/oauth/withings?code=abc&state=s1');
    expect(r.ok && r.response).toMatchObject({
      provider: 'withings',
      style: 'loopback',
      port: 5123,
      code: 'abc',
      state: 's1',
    });
  });

  it('refuses anything else, with a reason that never quotes values', () => {
    const cases: [unknown, RegExp][] = [
      [42, /not a string/],
      ['com.omnio.app://oauth/oura?code=a&state=b', /authority/],
      ['http://localhost:1/oauth/oura?code=a&state=b', /not our scheme/],
      ['http://127.0.0.1/oauth/oura?code=a&state=b', /not our scheme/],
      ['com.omnio.app:/oauth/fitbit?code=a&state=b', /unknown path/],
      ['com.omnio.app:/oauth/oura?code=a&state=b#x', /fragment/],
      ['com.omnio.app:/oauth/oura?code=a&state=b&state=c', /repeated/],
      ['com.omnio.app:/oauth/oura?code=a&state=b&x=1', /unexpected/],
      ['com.omnio.app:/oauth/oura?code=a', /no state/],
      ['com.omnio.app:/oauth/oura?code=a&error=e&state=b', /exactly one/],
      ['com.omnio.app:/oauth/oura?code=%0A&state=b', /invalid characters/],
      ['com.omnio.app:/oauth/oura?code=a b&state=b', /whitespace/],
    ];
    for (const [url, reason] of cases) {
      const r = parseRedirect(url);
      expect(r.ok, String(url)).toBe(false);
      if (!r.ok) {
        expect(r.reason).toMatch(reason);
        expect(r.reason).not.toMatch(/state=|code=/);
      }
    }
  });

  it('makes provider messages safe to show', () => {
    expect(providerMessage('<b>Denied</b>\u0000 by\nuser', 'x')).toBe('b Denied /b by user');
    expect(providerMessage(null, 'fallback')).toBe('fallback');
    expect(providerMessage('y'.repeat(1000), 'x')).toHaveLength(300);
  });
});
