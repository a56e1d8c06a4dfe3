import { redactor } from '../log/redactor';
import type { SecretVault } from '../vault/secret-vault';
import type { TokenSet } from './token-types';

// How an account's OAuth tokens sit in the vault (owner = account id). The one
// way tokens enter or leave it, so every token is registered with the log
// redactor here, whichever caller (refresh, sync, revocation) touched it.

export const TOKEN_FIELDS = {
  access: 'access_token',
  refresh: 'refresh_token',
  expiresAt: 'access_expires_at',
} as const;

export interface StoredTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date;
}

/**
 * Persists a token set. On refresh a provider may omit the refresh token
 * (keep the old one); on a new grant the old one must go (`replace`).
 */
export async function saveTokens(
  vault: SecretVault,
  accountId: string,
  tokens: TokenSet,
  mode: 'replace' | 'refresh',
): Promise<void> {
  redactor.add(tokens.accessToken);
  redactor.add(tokens.refreshToken);
  if (tokens.refreshToken) await vault.put(accountId, TOKEN_FIELDS.refresh, tokens.refreshToken);
  else if (mode === 'replace') vault.delete(accountId, TOKEN_FIELDS.refresh);
  await vault.put(accountId, TOKEN_FIELDS.access, tokens.accessToken);
  await vault.put(accountId, TOKEN_FIELDS.expiresAt, tokens.expiresAt.toISOString());
}

/** Null when the account has no access token (never connected, or memory-only tokens from a past session). */
export async function loadTokens(vault: SecretVault, accountId: string): Promise<StoredTokens | null> {
  const accessToken = await vault.get(accountId, TOKEN_FIELDS.access);
  if (!accessToken) return null;
  const expires = await vault.get(accountId, TOKEN_FIELDS.expiresAt);
  const refreshToken = await vault.get(accountId, TOKEN_FIELDS.refresh);
  redactor.add(accessToken);
  redactor.add(refreshToken);
  return { accessToken, refreshToken, expiresAt: new Date(expires ?? 0) };
}
