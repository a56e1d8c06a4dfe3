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

export class VaultUnreadableError extends Error {
  constructor(
    readonly owner: string,
    readonly field: string,
    reason: string,
  ) {
    super(`Stored credentials for ${owner}/${field} cannot be decrypted: ${reason}`);
    this.name = 'VaultUnreadableError';
  }
}
