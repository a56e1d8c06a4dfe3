import { describe, expect, it } from 'vitest';
import { isTrustedSender, type SenderFacts } from './sender-policy';

const ours: SenderFacts = { frameUrl: 'app://omnio/index.html', isMainFrame: true, isOurWindow: true };

describe('isTrustedSender', () => {
  it('trusts the main frame of our window on the app origin', () => {
    expect(isTrustedSender(ours)).toBe(true);
    expect(isTrustedSender({ ...ours, frameUrl: 'app://omnio/index.html#/sources' })).toBe(true);
  });

  it('rejects a call without a sender frame (navigated or destroyed)', () => {
    expect(isTrustedSender({ ...ours, frameUrl: null })).toBe(false);
  });

  it('rejects foreign origins and look-alikes', () => {
    for (const frameUrl of [
      'https://evil.example/',
      'app://omnio.evil/index.html',
      'app://evil/index.html',
      'file:///work/dist/renderer/index.html',
      'about:blank',
      'http://127.0.0.1:5173/',
      '',
    ]) {
      expect(isTrustedSender({ ...ours, frameUrl }), frameUrl).toBe(false);
    }
  });

  it('rejects a subframe even on the app origin', () => {
    expect(isTrustedSender({ ...ours, isMainFrame: false })).toBe(false);
  });

  it('rejects another webContents even on the app origin', () => {
    expect(isTrustedSender({ ...ours, isOurWindow: false })).toBe(false);
  });
});
