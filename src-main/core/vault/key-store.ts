import type { VaultProtection } from '../../../src-shared/ipc/payloads';

/**
 * Protects the vault's one data key. In the Electron app this is safeStorage
 * (OS keyring); under plain Node it is the stand-in key file described in
 * docs/security.md — clearly not for production.
 */
export interface KeyStore {
  /** The backend name as the platform reports it, e.g. `keychain`, `gnome_libsecret`, `basic_text`, `test-stand-in`. */
  readonly backend: string;
  readonly protection: VaultProtection;
  /** True when this backend gives no real protection and the user must choose (Linux basic_text). */
  readonly needsUserChoice: boolean;
  /**
   * False when the OS offers no encryption at all (not even weak): then a key
   * cannot be protected, and "weak" must not be offered (issue 13). Default true.
   */
  readonly canPersist?: boolean;
  protect(plain: Buffer): Promise<Buffer>;
  /** `reprotect`: the OS rotated its key; the blob still opened, but should be protected again (safeStorage's shouldReEncrypt). */
  unprotect(blob: Buffer): Promise<UnprotectedKey>;
}

export interface UnprotectedKey {
  plain: Buffer;
  reprotect: boolean;
}
