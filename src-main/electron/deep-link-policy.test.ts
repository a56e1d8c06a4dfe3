import { describe, expect, it } from 'vitest';
import { isSchemeUrl, MAX_DEEP_LINK_LENGTH, pickDeepLinkFromArgv } from './deep-link-policy';

const SCHEME = 'com.omnio.app';
const LINK = 'com.omnio.app:/oauth/callback?code=abc&state=xyz12345';

describe('pickDeepLinkFromArgv', () => {
  it('finds the one deep link among Chromium switches, in any position', () => {
    const exe = '/opt/Omnio/omnio';
    expect(pickDeepLinkFromArgv([exe, '--no-sandbox', LINK], SCHEME)).toBe(LINK);
    expect(pickDeepLinkFromArgv([exe, LINK, '--allow-file-access-from-files', '--original-process-start-time=1'], SCHEME)).toBe(LINK);
    expect(pickDeepLinkFromArgv([LINK], SCHEME)).toBe(LINK);
  });

  it('handles the development argv (electron binary, app path, then the link)', () => {
    expect(pickDeepLinkFromArgv(['/x/node_modules/electron/dist/electron', '/x/dist/main/main.js', LINK], SCHEME)).toBe(LINK);
  });

  it('returns null when no argument is a deep link', () => {
    expect(pickDeepLinkFromArgv([], SCHEME)).toBeNull();
    expect(pickDeepLinkFromArgv(['/opt/Omnio/omnio', '--inspect=0', 'https://evil.example/?x=com.omnio.app:/a'], SCHEME)).toBeNull();
  });

  it('returns null when two arguments compete, even identical ones', () => {
    expect(pickDeepLinkFromArgv(['omnio', LINK, 'com.omnio.app:/oauth/callback?code=other&state=s'], SCHEME)).toBeNull();
    expect(pickDeepLinkFromArgv(['omnio', LINK, LINK], SCHEME)).toBeNull();
  });

  it('ignores a switch whose value happens to contain the scheme', () => {
    expect(pickDeepLinkFromArgv(['omnio', `--foo=${LINK}`], SCHEME)).toBeNull();
    expect(pickDeepLinkFromArgv(['omnio', `--foo=${LINK}`, LINK], SCHEME)).toBe(LINK);
  });

  it('ignores non-string entries', () => {
    expect(pickDeepLinkFromArgv([undefined, null, 42, { url: LINK }, LINK], SCHEME)).toBe(LINK);
  });
});

describe('isSchemeUrl', () => {
  it('accepts the scheme case-insensitively, as URL schemes are', () => {
    expect(isSchemeUrl('COM.OMNIO.APP:/oauth/callback', SCHEME)).toBe(true);
  });

  it('refuses look-alike schemes and prefixes', () => {
    expect(isSchemeUrl('com.omnio.application:/oauth/callback', SCHEME)).toBe(false);
    expect(isSchemeUrl('com.omnio.ap:/oauth/callback', SCHEME)).toBe(false);
    expect(isSchemeUrl('xcom.omnio.app:/oauth/callback', SCHEME)).toBe(false);
    expect(isSchemeUrl('https://com.omnio.app/oauth/callback', SCHEME)).toBe(false);
  });

  it('refuses surrounding whitespace, control characters and oversized input', () => {
    expect(isSchemeUrl(` ${LINK}`, SCHEME)).toBe(false);
    expect(isSchemeUrl(`${LINK}\n`, SCHEME)).toBe(false);
    expect(isSchemeUrl(`com.omnio.app:/a\u0000b`, SCHEME)).toBe(false);
    expect(isSchemeUrl(`com.omnio.app:/a b`, SCHEME)).toBe(false);
    expect(isSchemeUrl(`com.omnio.app:/${'a'.repeat(MAX_DEEP_LINK_LENGTH)}`, SCHEME)).toBe(false);
    expect(isSchemeUrl('', SCHEME)).toBe(false);
  });
});
