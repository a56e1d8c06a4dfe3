import type { TokenOrigins } from '../auth/token-origins';
import { TokenEndpointError, type TokenSet } from '../oauth/token-types';
import { REVOKE_TIMEOUT_MS, sendRevokeRequest, type RevocableProvider } from './revoke-request';

/** What Omnio holds that can revoke a grant. */
export interface GrantTokens {
  accessToken: string | null;
  accessExpiresAt: Date | null;
  refreshToken: string | null;
  /** Issue 13: where the grant's tokens may go (null: connected before origins were recorded). */
  origins?: TokenOrigins | null;
}

export type GrantRevocation =
  | { kind: 'revoked' }
  /** Network, timeout, 429, 5xx: queue it and try again when the network returns. */
  | { kind: 'retry'; reason: string }
  | { kind: 'failed'; reason: string };

export interface RevokeGrantDeps {
  providerId: RevocableProvider;
  providerName: string;
  revocationUrl: string;
  now: () => Date;
  /**
   * Mints a fresh access token from the refresh token, when the stored access
   * token has expired (WHOOP's last an hour: a revocation queued overnight
   * needs this). Throws TokenEndpointError. Used for revocation only.
   */
  refresh?: (refreshToken: string, signal?: AbortSignal) => Promise<TokenSet>;
  signal?: AbortSignal;
}

// An access token this close to its expiry is treated as expired: the provider would likely refuse it.
const EXPIRY_MARGIN_MS = 30_000;

/**
 * Revokes the grant behind `tokens` at the provider. Tries the access token
 * while it is valid; when it is expired or refused, refreshes once and tries
 * the new one. A refresh refused as an authentication failure means the grant
 * is already gone at the provider, which is what revocation wants.
 */
export async function revokeGrant(deps: RevokeGrantDeps, tokens: GrantTokens): Promise<GrantRevocation> {
  const { providerId, providerName, revocationUrl, signal } = deps;
  const usable =
    tokens.accessToken !== null &&
    (tokens.accessExpiresAt === null || tokens.accessExpiresAt.getTime() - EXPIRY_MARGIN_MS > deps.now().getTime());
  if (usable) {
    const first = await sendRevokeRequest(providerId, providerName, revocationUrl, tokens.accessToken!, signal);
    if (first.kind !== 'token_rejected') return first;
  }
  if (!tokens.refreshToken || !deps.refresh) {
    return {
      kind: 'failed',
      reason: `Omnio’s access token for ${providerName} had expired and there is no refresh token to renew it, so ${providerName} could not be asked to revoke access`,
    };
  }
  let fresh: TokenSet;
  try {
    // Bounded like the revocation itself: the user is waiting on the dialog.
    const timeout = AbortSignal.timeout(REVOKE_TIMEOUT_MS);
    fresh = await deps.refresh(tokens.refreshToken, signal ? AbortSignal.any([signal, timeout]) : timeout);
  } catch (err) {
    if (signal?.aborted) throw err;
    if (err instanceof TokenEndpointError) {
      if (err.kind === 'auth') return { kind: 'revoked' };
      if (err.kind === 'transient')
        return { kind: 'retry', reason: `${providerName} could not be reached to renew the token` };
      return { kind: 'failed', reason: `${providerName} refused to renew the token needed to revoke access` };
    }
    return { kind: 'failed', reason: `Renewing the token for the revocation at ${providerName} failed` };
  }
  const second = await sendRevokeRequest(providerId, providerName, revocationUrl, fresh.accessToken, signal);
  if (second.kind === 'token_rejected')
    return { kind: 'failed', reason: `${providerName} refused the revocation request` };
  return second;
}
