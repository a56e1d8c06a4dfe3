import { describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../src-shared/providers';
import {
  allowNavigation,
  externalTargetForWindowOpen,
  isOpenableExternally,
  isVettedExternalLink,
} from './navigation-policy';

describe('allowNavigation', () => {
  it('allows moving within the app origin only', () => {
    expect(allowNavigation('app://omnio/index.html')).toBe(true);
    expect(allowNavigation('app://omnio/index.html#/settings')).toBe(true);
    expect(allowNavigation('https://cloud.ouraring.com/oauth/authorize')).toBe(false);
    expect(allowNavigation('app://omnio.evil/index.html')).toBe(false);
    expect(allowNavigation('file:///etc/passwd')).toBe(false);
    expect(allowNavigation('javascript:alert(1)')).toBe(false);
  });
});

describe('isVettedExternalLink / externalTargetForWindowOpen', () => {
  it('opens the providers’ own https pages', () => {
    for (const p of Object.values(PROVIDERS)) {
      expect(isVettedExternalLink(p.manageAccessUrl), p.id).toBe(true);
    }
    expect(externalTargetForWindowOpen('https://developer.whoop.com/docs')).toBe('https://developer.whoop.com/docs');
  });

  it('drops other hosts, http, credentials and other schemes', () => {
    for (const url of [
      'https://evil.example/',
      'http://cloud.ouraring.com/account',
      'https://user:pw@cloud.ouraring.com/account',
      'https://cloud.ouraring.com.evil.example/',
      'file:///etc/passwd',
      'com.omnio.app:/oauth/callback?code=x',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isVettedExternalLink(url), url).toBe(false);
      expect(externalTargetForWindowOpen(url), url).toBeNull();
    }
  });
});

describe('isOpenableExternally', () => {
  it('accepts https authorization pages and loopback simulators', () => {
    expect(isOpenableExternally('https://cloud.ouraring.com/oauth/authorize?client_id=x')).toBe(true);
    expect(isOpenableExternally('https://sandbox.example.org/authorize')).toBe(true);
    expect(isOpenableExternally('http://127.0.0.1:43123/authorize?state=abc')).toBe(true);
  });

  it('refuses plain http elsewhere, credentials and non-web schemes', () => {
    for (const url of [
      'http://localhost:8080/authorize',
      'http://192.168.1.2/authorize',
      'http://127.0.0.1.evil.example/',
      'https://user:pw@example.org/',
      'file:///etc/passwd',
      'smb://server/share',
      'com.omnio.app:/oauth/callback',
      'javascript:alert(1)',
      '',
    ]) {
      expect(isOpenableExternally(url), url).toBe(false);
    }
  });
});
