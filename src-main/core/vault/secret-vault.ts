/**
 * Where every token, refresh token, session token, API key and client secret
 * lives: sealed with AES-256-GCM under one data key, the associated data naming
 * the owner (account id or `client:<provider>`) and the field, so a ciphertext
 * cannot be moved to another row. See docs/security.md.
 */
export interface SecretVault {
  put(owner: string, field: string, value: string): Promise<void>;
  /** Null when absent. Throws VaultUnreadableError when present but undecryptable. */
  get(owner: string, field: string): Promise<string | null>;
  /** Deletes one field, or every field of the owner. */
  delete(owner: string, field?: string): void;
  has(owner: string, field: string): boolean;
}

/**
 * Why a stored secret cannot be read:
 * - `key-store-changed`: it was sealed under a data key the current key store
 *   cannot unlock (the OS keyring backend changed, the key file was replaced);
 * - `undecryptable`: the ciphertext or its row was tampered with or corrupted.
 * Either way the owner must sign in again; nothing else is affected.
 */
export type VaultUnreadableReason = 'key-store-changed' | 'undecryptable';

export class VaultUnreadableError extends Error {
  constructor(
    readonly owner: string,
    readonly field: string,
    reason: string,
    readonly kind: VaultUnreadableReason = 'undecryptable',
  ) {
    super(`Stored credentials for ${owner}/${field} cannot be decrypted: ${reason}`);
    this.name = 'VaultUnreadableError';
  }
}
