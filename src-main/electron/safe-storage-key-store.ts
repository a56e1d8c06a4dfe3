import type { SafeStorage } from 'electron';
import type { Logger } from '../core/log/logger';
import type { KeyStore } from '../core/vault/key-store';
import { describeKeyStoreBackend } from './key-store-policy';

// The vault's KeyStore in the Electron app: safeStorage protects the one data
// key (envelope encryption, src-main/core/vault/envelope-vault.ts). Only the
// async API is used (Electron >= 42.4.1): the sync one is deprecated in 45 and
// gone in 46. safeStorage encrypts strings, so the key travels as base64.
//
// This file only needs the shape of safeStorage (a type import), which keeps
// it loadable, and testable, under plain Node.

export type AsyncSafeStorage = Pick<
  SafeStorage,
  | 'isAsyncEncryptionAvailable'
  | 'encryptStringAsync'
  | 'decryptStringAsync'
  | 'getSelectedStorageBackend'
  | 'setUsePlainTextEncryption'
>;

export class KeyStoreUnavailableError extends Error {
  constructor(backend: string) {
    super(`The operating system's secure storage (${backend}) is not available, so Omnio cannot protect its key.`);
    this.name = 'KeyStoreUnavailableError';
  }
}

/** Call after `app` is ready: safeStorage (and the Linux backend choice) only exist from then on. */
export async function createSafeStorageKeyStore(
  safeStorage: AsyncSafeStorage,
  platform: NodeJS.Platform,
  log: Logger,
): Promise<KeyStore> {
  if (platform === 'linux') {
    // Without a keyring (basic_text) Electron reports encryption as unavailable
    // unless plain-text encryption (Chromium's hard-coded key) is allowed. Allow
    // it so the user's "weak encryption" choice can work; it has no effect when
    // a keyring exists. Nothing is written with it before the user chooses:
    // basic_text reports needsUserChoice and the vault stays memory-only until then.
    safeStorage.setUsePlainTextEncryption(true);
  }
  // The async encryptor initialises lazily; waiting for it first also makes
  // the Linux backend name below final.
  const available = await safeStorage.isAsyncEncryptionAvailable();
  const linuxBackend = platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null;
  const facts = describeKeyStoreBackend(platform, linuxBackend, available);
  log.info('key store ready', { ...facts, available });

  return {
    backend: facts.backend,
    protection: facts.protection,
    needsUserChoice: facts.needsUserChoice,
    canPersist: available,
    async protect(plain) {
      if (!available) throw new KeyStoreUnavailableError(facts.backend);
      return safeStorage.encryptStringAsync(plain.toString('base64'));
    },
    async unprotect(blob) {
      if (!available) throw new KeyStoreUnavailableError(facts.backend);
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(blob);
      const plain = Buffer.from(result, 'base64');
      if (plain.toString('base64') !== result)
        throw new Error('safeStorage returned something that is not a protected key');
      // The OS rotated its key: the old blob still opens; the vault protects the data key
      // again with the new one and stores that (EnvelopeVault, issue 13).
      if (shouldReEncrypt) log.info('key store asks for re-encryption of the data key', { backend: facts.backend });
      return { plain, reprotect: shouldReEncrypt };
    },
  };
}
