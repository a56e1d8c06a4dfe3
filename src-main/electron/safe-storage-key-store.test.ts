import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../core/log/logger';
import { createSafeStorageKeyStore, KeyStoreUnavailableError, type AsyncSafeStorage } from './safe-storage-key-store';

// safeStorage itself only runs inside Electron (not installed here). This
// stand-in keeps its contract — strings in, opaque Buffers out, async — with
// real AES-GCM, so the KeyStore's own logic (base64 transport, availability,
// backend facts) is exercised for real.
function osKeyring(
  options: {
    available?: boolean;
    backend?: ReturnType<AsyncSafeStorage['getSelectedStorageBackend']>;
    rotate?: boolean;
  } = {},
) {
  const key = randomBytes(32);
  const calls: string[] = [];
  const backend = options.backend ?? 'gnome_libsecret';
  let plainTextAllowed = false;
  const storage: AsyncSafeStorage = {
    // As Electron does on Linux: basic_text is only usable once plain-text encryption is allowed.
    isAsyncEncryptionAvailable: async () =>
      (options.available ?? true) && (backend !== 'basic_text' || plainTextAllowed),
    setUsePlainTextEncryption: (use) => {
      calls.push(`plain-text ${use}`);
      plainTextAllowed = use;
    },
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (text) => {
      calls.push('encrypt');
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptStringAsync: async (blob) => {
      calls.push('decrypt');
      const d = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
      d.setAuthTag(blob.subarray(12, 28));
      const result = Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8');
      return { result, shouldReEncrypt: options.rotate ?? false };
    },
  };
  return { storage, calls };
}

describe('createSafeStorageKeyStore', () => {
  it('round-trips a 32-byte data key through the OS store without the key appearing in the blob', async () => {
    const { storage } = osKeyring();
    const store = await createSafeStorageKeyStore(storage, 'linux', memoryLogger());
    const dataKey = randomBytes(32);
    const blob = await store.protect(dataKey);
    expect(blob.includes(dataKey)).toBe(false);
    expect(blob.includes(Buffer.from(dataKey.toString('base64')))).toBe(false);
    expect((await store.unprotect(blob)).plain.equals(dataKey)).toBe(true);
    expect(store).toMatchObject({ backend: 'gnome_libsecret', protection: 'os', needsUserChoice: false });
  });

  it('reports Linux basic_text as weak and asks for the user’s choice, yet can honour “weak”', async () => {
    const { storage, calls } = osKeyring({ backend: 'basic_text' });
    const store = await createSafeStorageKeyStore(storage, 'linux', memoryLogger());
    expect(store).toMatchObject({ backend: 'basic_text', protection: 'weak', needsUserChoice: true });
    expect(calls[0]).toBe('plain-text true');
    // Once the user chose weak encryption, the vault can protect its key with it.
    const dataKey = randomBytes(32);
    expect((await store.unprotect(await store.protect(dataKey))).plain.equals(dataKey)).toBe(true);
  });

  it('names the macOS and Windows stores without asking Chromium for a Linux backend', async () => {
    const { storage, calls } = osKeyring();
    storage.getSelectedStorageBackend = () => {
      throw new Error('linux only');
    };
    expect((await createSafeStorageKeyStore(storage, 'darwin', memoryLogger())).backend).toBe('keychain');
    expect((await createSafeStorageKeyStore(storage, 'win32', memoryLogger())).backend).toBe('dpapi');
    expect(calls).not.toContain('plain-text true');
  });

  it('refuses to protect or unprotect when the OS store is unavailable, with a clear error', async () => {
    const { storage, calls } = osKeyring({ available: false });
    const store = await createSafeStorageKeyStore(storage, 'darwin', memoryLogger());
    await expect(store.protect(randomBytes(32))).rejects.toBeInstanceOf(KeyStoreUnavailableError);
    await expect(store.unprotect(Buffer.from('x'))).rejects.toThrow(/secure storage \(keychain\) is not available/);
    expect(calls).toEqual([]);
  });

  it('keeps working and logs when the OS rotated its key', async () => {
    const log = memoryLogger();
    const { storage } = osKeyring({ rotate: true });
    const store = await createSafeStorageKeyStore(storage, 'win32', log);
    const dataKey = randomBytes(32);
    const opened = await store.unprotect(await store.protect(dataKey));
    expect(opened.plain.equals(dataKey)).toBe(true);
    // The vault acts on this by protecting the data key again (vault-switch.test.ts).
    expect(opened.reprotect).toBe(true);
    expect(log.lines.some((l) => l.includes('re-encryption'))).toBe(true);
    expect(log.lines.join('\n')).not.toContain(dataKey.toString('base64'));
  });

  it('refuses a decrypted value that is not a protected key', async () => {
    const { storage } = osKeyring();
    const store = await createSafeStorageKeyStore(storage, 'linux', memoryLogger());
    const foreign = await storage.encryptStringAsync('not base64 at all!');
    await expect(store.unprotect(foreign)).rejects.toThrow(/not a protected key/);
  });
});
