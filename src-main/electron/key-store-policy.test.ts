import { describe, expect, it } from 'vitest';
import { describeKeyStoreBackend } from './key-store-policy';

describe('describeKeyStoreBackend', () => {
  it('names Keychain and DPAPI as OS protection', () => {
    expect(describeKeyStoreBackend('darwin', null, true)).toEqual({
      backend: 'keychain',
      protection: 'os',
      needsUserChoice: false,
    });
    expect(describeKeyStoreBackend('win32', null, true)).toEqual({
      backend: 'dpapi',
      protection: 'os',
      needsUserChoice: false,
    });
  });

  it('records the Linux keyring Chromium selected', () => {
    for (const backend of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) {
      expect(describeKeyStoreBackend('linux', backend, true)).toEqual({
        backend,
        protection: 'os',
        needsUserChoice: false,
      });
    }
  });

  it('asks the user to choose on Linux basic_text (no keyring)', () => {
    expect(describeKeyStoreBackend('linux', 'basic_text', true)).toEqual({
      backend: 'basic_text',
      protection: 'weak',
      needsUserChoice: true,
    });
  });

  it('treats an unknown backend or unavailable encryption as no protection', () => {
    expect(describeKeyStoreBackend('linux', 'unknown', true)).toMatchObject({
      protection: 'weak',
      needsUserChoice: true,
    });
    expect(describeKeyStoreBackend('linux', 'gnome_libsecret', false)).toMatchObject({
      protection: 'weak',
      needsUserChoice: true,
    });
    expect(describeKeyStoreBackend('darwin', null, false)).toMatchObject({ needsUserChoice: true });
    expect(describeKeyStoreBackend('freebsd', null, true)).toEqual({
      backend: 'unknown',
      protection: 'weak',
      needsUserChoice: true,
    });
  });
});
