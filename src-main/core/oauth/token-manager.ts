import { PROVIDERS, type ProviderId } from '../../../src-shared/providers';
import type { AccountRepo } from '../accounts/account-repo';
import { AccessRevokedError, TransientAuthError, type TokenSource } from '../auth/token-source';
import type { Logger } from '../log/logger';
import { VaultUnreadableError, type SecretVault } from '../vault/secret-vault';
import type { OAuthConfig } from './oauth-config';
import type { OAuthProvider } from './redirect-parser';
import { loadTokens, saveTokens } from './token-store';
import { TokenEndpointError } from './token-types';
import { changedOrigin, loadOrigins, originChangedMessage, saveOrigins } from '../auth/token-origins';
import { currentOrigins } from './bound-endpoints';
import type { AccessRecorder } from '../access-log/access-record';
import { withAccessLog } from '../access-log/recorded-fetch';

// The TokenSource for Oura, WHOOP and Withings accounts (and the one entry the
// sync engine uses for every account: other providers register their own
// source, e.g. Garmin's session, with `registerSource`).
//
// Rotation safety: a refresh is single-flight per account (concurrent callers
// share one token-endpoint request) and the new tokens are sealed in the vault
// before anyone gets the new access token — WHOOP and Oura kill the old refresh
// token on use, and Withings kills it once the new access token is used.

const MIN_VALIDITY_MS = 60_000;

export interface TokenManagerDeps {
  accounts: AccountRepo;
  vault: SecretVault;
  config: OAuthConfig;
  log: Logger;
  now: () => Date;
  publishAccounts: () => void;
  /** The access log (issue 12): each refresh request is recorded. */
  accessLog?: AccessRecorder;
}

const isOAuthProvider = (id: ProviderId): id is OAuthProvider => id === 'oura' || id === 'whoop' || id === 'withings';

export class TokenManager implements TokenSource {
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly sources = new Map<ProviderId, TokenSource>();

  constructor(private readonly deps: TokenManagerDeps) {}

  /** Lets a non-OAuth provider (Garmin) serve its accounts through this same TokenSource. */
  registerSource(providerId: ProviderId, source: TokenSource): void {
    this.sources.set(providerId, source);
  }

  async accessToken(accountId: string, signal?: AbortSignal): Promise<string> {
    const provider = this.usableAccount(accountId);
    const delegate = this.sources.get(provider);
    if (delegate) return delegate.accessToken(accountId, signal);
    const stored = await this.readTokens(accountId);
    await this.guardOrigins(accountId, provider as OAuthProvider);
    if (stored.expiresAt.getTime() - this.deps.now().getTime() > MIN_VALIDITY_MS) return stored.accessToken;
    return this.refresh(accountId, signal);
  }

  async refreshAfterRejection(accountId: string, rejected: string, signal?: AbortSignal): Promise<string> {
    const provider = this.usableAccount(accountId);
    const delegate = this.sources.get(provider);
    if (delegate) return delegate.refreshAfterRejection(accountId, rejected, signal);
    const running = this.inflight.get(accountId);
    if (running) return running;
    const stored = await this.readTokens(accountId);
    await this.guardOrigins(accountId, provider as OAuthProvider);
    // Another caller refreshed since `rejected` was handed out: use theirs.
    if (stored.accessToken !== rejected) return stored.accessToken;
    return this.refresh(accountId, signal);
  }

  private refresh(accountId: string, signal?: AbortSignal): Promise<string> {
    let running = this.inflight.get(accountId);
    if (!running) {
      running = this.doRefresh(accountId, signal).finally(() => this.inflight.delete(accountId));
      this.inflight.set(accountId, running);
    }
    return running;
  }

  private async doRefresh(accountId: string, signal?: AbortSignal): Promise<string> {
    const account = this.deps.accounts.get(accountId)!;
    const provider = account.providerId as OAuthProvider;
    const name = PROVIDERS[provider].name;
    const stored = await this.readTokens(accountId);
    if (!stored.refreshToken) {
      throw this.lose(
        accountId,
        'needs_reconnect',
        `${name} did not allow Omnio to stay connected (no refresh token). Reconnect to continue.`,
      );
    }
    let tokens;
    // Again here: the endpoints may have changed while the caller waited for the vault.
    await this.guardOrigins(accountId, provider);
    try {
      const client = await this.deps.config.tokenClient(provider);
      const refreshToken = stored.refreshToken;
      tokens = await withAccessLog(
        { recorder: this.deps.accessLog, providerId: provider, accountId, action: 'token_refresh' },
        () => client.refresh(refreshToken, signal),
      );
    } catch (err) {
      if (err instanceof TokenEndpointError && err.kind === 'auth') {
        const message =
          err.providerMessage && !/^status \d+$/.test(err.providerMessage)
            ? `Access was revoked at ${name}: ${err.providerMessage}`
            : `Access was revoked at ${name}`;
        this.deps.log.warn('refresh refused: account disconnected', { accountId, provider, reason: err.message });
        throw this.lose(accountId, 'disconnected', message);
      }
      if (err instanceof TokenEndpointError && err.kind === 'client') {
        // A wrong client id or secret (Settings) is not a dead grant: keep the account and its
        // tokens, say what to fix. Once the credentials are right, the next sync refreshes.
        this.deps.log.warn('refresh refused: the app credentials were not accepted', { accountId, provider });
        throw new TransientAuthError(
          `${name} did not accept Omnio's app credentials (client ID or secret). Check them in Settings; the account stays connected.`,
        );
      }
      const retry = err instanceof TokenEndpointError ? err.retryAfterMs : null;
      this.deps.log.warn('refresh failed, will retry', { accountId, provider, error: err });
      throw new TransientAuthError(
        `Could not refresh ${name} access: ${err instanceof Error ? err.message : 'unknown error'}`,
        retry,
      );
    }
    // Persist first: once a caller uses the new access token, the old refresh token may be dead.
    await saveTokens(this.deps.vault, accountId, tokens, 'refresh');
    if (tokens.scopes) this.deps.accounts.update(accountId, { grantedScopes: tokens.scopes });
    this.deps.log.info('access refreshed', { accountId, provider, expiresAt: tokens.expiresAt.toISOString() });
    return tokens.accessToken;
  }

  /**
   * Issue 13: the token, API and revocation origins in force must be the ones
   * the grant was issued for (sealed with the tokens at connect). A change means
   * reconnect; nothing is sent. A grant from before the record is bound now.
   */
  private async guardOrigins(accountId: string, provider: OAuthProvider): Promise<void> {
    const current = currentOrigins(this.deps.config.definition(provider));
    let bound;
    try {
      bound = await loadOrigins(this.deps.vault, accountId);
    } catch (err) {
      // A damaged record must not be silently replaced by the endpoints in force: that would undo the binding.
      if (!(err instanceof VaultUnreadableError)) throw err;
      throw this.lose(
        accountId,
        'needs_reconnect',
        `Omnio can no longer confirm where its ${PROVIDERS[provider].name} access may be sent. Reconnect to continue.`,
      );
    }
    if (!bound) {
      await saveOrigins(this.deps.vault, accountId, current);
      this.deps.log.info('token origins recorded for an account connected before they were', { accountId, provider });
      return;
    }
    const change = changedOrigin(bound, current);
    if (!change) return;
    this.deps.log.warn('provider endpoint changed since connect: nothing sent, reconnect needed', {
      accountId,
      provider,
      role: change.role,
      bound: change.bound,
      current: change.current,
    });
    throw this.lose(accountId, 'needs_reconnect', originChangedMessage(PROVIDERS[provider].name, change));
  }

  /** Throws AccessRevokedError unless the account exists and may use its tokens; returns its provider. */
  private usableAccount(accountId: string): ProviderId {
    const account = this.deps.accounts.get(accountId);
    if (!account) throw new AccessRevokedError(accountId, 'This account no longer exists.');
    if (account.status === 'disconnected' || account.status === 'needs_reconnect') {
      throw new AccessRevokedError(
        accountId,
        account.statusMessage ?? `Reconnect ${PROVIDERS[account.providerId].name} to continue.`,
      );
    }
    if (!this.sources.has(account.providerId) && !isOAuthProvider(account.providerId)) {
      throw new AccessRevokedError(accountId, `No token source for ${PROVIDERS[account.providerId].name}.`);
    }
    return account.providerId;
  }

  private async readTokens(accountId: string) {
    const name = PROVIDERS[this.deps.accounts.get(accountId)!.providerId].name;
    try {
      const stored = await loadTokens(this.deps.vault, accountId);
      if (!stored)
        throw this.lose(
          accountId,
          'needs_reconnect',
          `Omnio no longer holds ${name} access (tokens were kept for one session only). Reconnect to continue.`,
        );
      return stored;
    } catch (err) {
      if (err instanceof VaultUnreadableError) {
        this.deps.log.warn('stored tokens unreadable', { accountId, kind: err.kind });
        throw this.lose(
          accountId,
          'needs_reconnect',
          `Omnio can no longer read its ${name} access: ${err.kind === 'key-store-changed' ? 'the system keyring changed' : 'the stored credentials are damaged'}. Reconnect to continue.`,
        );
      }
      throw err;
    }
  }

  private lose(accountId: string, status: 'disconnected' | 'needs_reconnect', message: string): AccessRevokedError {
    this.deps.accounts.update(accountId, { status, statusMessage: message });
    this.deps.publishAccounts();
    return new AccessRevokedError(accountId, message);
  }
}
