import type { OAuthProviderDefinition } from '../providers/definition';
import type { ResolvedClient } from '../providers/client-credentials';

/** What a token endpoint gave us, normalised across providers. */
export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  expiresAt: Date;
  /** Granted scopes when the provider says (it may grant fewer than asked); null when it does not say. */
  scopes: string[] | null;
  /** Withings puts the user id in the token body; others need a profile call (user-id.ts). */
  providerUserId: string | null;
}

/**
 * A token endpoint refused or failed. `auth`: the grant is dead (invalid_grant,
 * Withings auth statuses) — only this may disconnect an account. `client`:
 * Omnio's app credentials were refused (invalid_client, unauthorized_client —
 * e.g. a wrong secret typed in Settings); the user's grants are not dead and
 * no account is disconnected for it (issue 13). `transient`: network, 5xx,
 * rate limits — retry later. `protocol`: anything else unexpected.
 */
export class TokenEndpointError extends Error {
  constructor(
    readonly kind: 'auth' | 'client' | 'transient' | 'protocol',
    /** The provider's own words, sanitised, when it gave any. */
    readonly providerMessage: string | null,
    message: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'TokenEndpointError';
  }
}

export interface CodeExchange {
  code: string;
  redirectUri: string;
  codeVerifier: string;
  /** The validated authorization-response parameters. */
  callbackParams: URLSearchParams;
  state: string;
}

export interface TokenClient {
  exchangeCode(input: CodeExchange, signal?: AbortSignal): Promise<TokenSet>;
  refresh(refreshToken: string, signal?: AbortSignal): Promise<TokenSet>;
}

export interface TokenClientConfig {
  def: OAuthProviderDefinition;
  client: ResolvedClient;
  now: () => Date;
}

export interface ProviderIdentity {
  userId: string | null;
  /** Something the user recognises (e-mail), when the granted scopes allow it. */
  label: string | null;
}

/** Each OAuth provider folder supplies these two (token-client.ts, user-id.ts). */
export interface ProviderAuth {
  createTokenClient(config: TokenClientConfig): TokenClient;
  fetchIdentity(def: OAuthProviderDefinition, tokens: TokenSet, signal?: AbortSignal): Promise<ProviderIdentity>;
}

/** http is allowed only for a 127.0.0.1 simulator (OMNIO_PROVIDERS validation enforces the same). */
export function isLoopbackHttp(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'http:' && u.hostname === '127.0.0.1';
}

export function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
