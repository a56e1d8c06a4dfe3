import type { VaultProtection } from '../../src-shared/ipc/payloads';

// Which OS store protects the vault's data key, and what that means for the
// user. macOS Keychain and Windows DPAPI are always real protection. On Linux
// Chromium picks a backend from the desktop session: libsecret or KWallet are
// real keyrings, `basic_text` is a password hard-coded in Chromium, i.e. the
// tokens would be as good as plaintext. Then the user must choose (memory-only
// for this session, or weak encryption): needsUserChoice.

export interface KeyStoreBackendFacts {
  /** Recorded with every protected data key, so a later change of backend is noticed. */
  backend: string;
  protection: Extract<VaultProtection, 'os' | 'weak'>;
  needsUserChoice: boolean;
}

const LINUX_KEYRINGS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

/**
 * @param linuxBackend `safeStorage.getSelectedStorageBackend()` on Linux, after ready.
 * @param encryptionAvailable `safeStorage.isAsyncEncryptionAvailable()`.
 */
export function describeKeyStoreBackend(
  platform: NodeJS.Platform,
  linuxBackend: string | null,
  encryptionAvailable: boolean,
): KeyStoreBackendFacts {
  if (platform === 'darwin') return { backend: 'keychain', protection: 'os', needsUserChoice: !encryptionAvailable };
  if (platform === 'win32') return { backend: 'dpapi', protection: 'os', needsUserChoice: !encryptionAvailable };
  if (platform === 'linux') {
    const backend = linuxBackend ?? 'unknown';
    const keyring = LINUX_KEYRINGS.has(backend) && encryptionAvailable;
    // `unknown` means asked before ready, or a backend this code does not know: assume no protection.
    return { backend, protection: keyring ? 'os' : 'weak', needsUserChoice: !keyring };
  }
  return { backend: 'unknown', protection: 'weak', needsUserChoice: true };
}
