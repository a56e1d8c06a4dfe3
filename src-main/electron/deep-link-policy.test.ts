import { describe, expect, it } from 'vitest';
import { createDeepLinkInbox, isSchemeUrl, MAX_DEEP_LINK_LENGTH, pickDeepLinkFromArgv } from './deep-link-policy';

const SCHEME = 'com.omnio.app';
const LINK = 'com.omnio.app:/oauth/callback?code=abc&state=xyz12345';

describe('pickDeepLinkFromArgv', () => {
  it('finds the one deep link among Chromium switches, in any position', () => {
    const exe = '/opt/Omnio/omnio';
    expect(pickDeepLinkFromArgv([exe, '--no-sandbox', LINK], SCHEME)).toBe(LINK);
    expect(
      pickDeepLinkFromArgv([exe, LINK, '--allow-file-access-from-files', '--original-process-start-time=1'], SCHEME),
    ).toBe(LINK);
    expect(pickDeepLinkFromArgv([LINK], SCHEME)).toBe(LINK);
  });

  it('handles the development argv (electron binary, app path, then the link)', () => {
    expect(pickDeepLinkFromArgv(['/x/node_modules/electron/dist/electron', '/x/dist/main/main.js', LINK], SCHEME)).toBe(
      LINK,
    );
  });

  it('returns null when no argument is a deep link', () => {
    expect(pickDeepLinkFromArgv([], SCHEME)).toBeNull();
    expect(
      pickDeepLinkFromArgv(['/opt/Omnio/omnio', '--inspect=0', 'https://evil.example/?x=com.omnio.app:/a'], SCHEME),
    ).toBeNull();
  });

  it('returns null when two arguments compete, even identical ones', () => {
    expect(
      pickDeepLinkFromArgv(['omnio', LINK, 'com.omnio.app:/oauth/callback?code=other&state=s'], SCHEME),
    ).toBeNull();
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

describe('createDeepLinkInbox', () => {
  type Source = 'open-url' | 'cold-start';

  it('buffers links that arrive before the core, then delivers in order, then directly', () => {
    const got: string[] = [];
    const inbox = createDeepLinkInbox<Source>({ maxBuffered: 4, onDropped: () => {}, onError: () => {} });
    inbox.deliver('com.omnio.app:/a', 'cold-start');
    inbox.deliver('com.omnio.app:/b', 'open-url');
    expect(got).toEqual([]);
    inbox.attach((url, source) => void got.push(`${source} ${url}`));
    inbox.deliver('com.omnio.app:/c', 'open-url');
    expect(got).toEqual(['cold-start com.omnio.app:/a', 'open-url com.omnio.app:/b', 'open-url com.omnio.app:/c']);
  });

  it('keeps only the newest links when flooded before the core exists', () => {
    const dropped: Source[] = [];
    const got: string[] = [];
    const inbox = createDeepLinkInbox<Source>({ maxBuffered: 2, onDropped: (s) => dropped.push(s), onError: () => {} });
    for (let i = 0; i < 5; i++) inbox.deliver(`com.omnio.app:/${i}`, 'open-url');
    inbox.attach((url) => void got.push(url));
    expect(got).toEqual(['com.omnio.app:/3', 'com.omnio.app:/4']);
    expect(dropped).toHaveLength(3);
  });

  it('reports a throwing or rejecting target instead of crashing', async () => {
    const errors: string[] = [];
    const inbox = createDeepLinkInbox<Source>({
      maxBuffered: 2,
      onDropped: () => {},
      onError: (err) => errors.push((err as Error).message),
    });
    inbox.attach((url) => {
      if (url.endsWith('/sync')) throw new Error('sync boom');
      return Promise.reject(new Error('async boom'));
    });
    expect(() => inbox.deliver('com.omnio.app:/sync', 'open-url')).not.toThrow();
    inbox.deliver('com.omnio.app:/async', 'open-url');
    await new Promise((r) => setTimeout(r, 0));
    expect(errors.sort()).toEqual(['async boom', 'sync boom']);
  });
});
