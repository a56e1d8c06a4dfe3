import type { AccountRepo } from '../../accounts/account-repo';
import { AccessRevokedError, TransientAuthError, type TokenSource } from '../../auth/token-source';
import type { Logger } from '../../log/logger';
import { VaultUnreadableError, type SecretVault } from '../../vault/secret-vault';
import type { GarminEndpoints } from '../definition';
import { changedOrigin, loadOrigins, originChangedMessage, saveOrigins } from '../../auth/token-origins';
import { garminOrigins } from './bound-origins';
import { DiTokenFailure, refreshSession } from './di-token';
import { exchangeApiKey, PersonalTokenFailure } from './personal-api-key';
import { readApiKey, readSession, writeSession, type GarminSession } from './session-tokens';
import type { AccessRecorder } from '../../access-log/access-record';
import { withAccessLog } from '../../access-log/recorded-fetch';

// Access tokens for Garmin accounts (TokenSource contract, auth/token-source.ts).
// A session account refreshes its DI access token from the stored refresh
// token; a Personal API key account exchanges its stored key for a new 24 h
// token. Refreshes are single-flight per account and persisted before use.
//
// When the session can no longer be refreshed (or the key is dead) the account
// goes to needs_reconnect: Omnio cannot and does not sign in again by itself —
// the password is gone, by design.

/** A token must stay valid this long to be handed out (the contract says "at least a minute"). */
const MIN_VALIDITY_MS = 2 * 60 * 1000;

export const SESSION_ENDED_MESSAGE = 'Sign in to Garmin again';
export const API_KEY_DEAD_MESSAGE =
  'Your Garmin Personal API key expired or was deleted. Create a new key in Garmin Connect and connect with it.';

export interface GarminTokenSourceOptions {
  vault: SecretVault;
  accounts: AccountRepo;
  endpoints: () => GarminEndpoints;
  log: Logger;
  now: () => Date;
  /** Called after an account was moved to needs_reconnect (the UI snapshot must change). */
  onAccountChanged(): void;
  fetch?: typeof fetch;
  /** Issue 12: each refresh's request goes into the access log. */
  accessLog?: AccessRecorder;
}

export class GarminTokenSource implements TokenSource {
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(private readonly options: GarminTokenSourceOptions) {}

  async accessToken(accountId: string, signal?: AbortSignal): Promise<string> {
    const session = await this.load(accountId);
    await this.guardOrigins(accountId, session);
    if (Date.parse(session.accessExpiresAt) - this.options.now().getTime() > MIN_VALIDITY_MS)
      return session.accessToken;
    return this.refresh(accountId, signal);
  }

  async refreshAfterRejection(accountId: string, rejected: string, signal?: AbortSignal): Promise<string> {
    const running = this.inFlight.get(accountId);
    if (running) return running;
    const session = await this.load(accountId);
    await this.guardOrigins(accountId, session);
    // Someone else already replaced the rejected token: use theirs.
    if (session.accessToken !== rejected) return session.accessToken;
    return this.refresh(accountId, signal);
  }

  /** Single-flight: concurrent callers share one refresh (Garmin rotates refresh tokens). */
  private refresh(accountId: string, signal?: AbortSignal): Promise<string> {
    const running = this.inFlight.get(accountId);
    if (running) return running;
    const p = withAccessLog(
      { recorder: this.options.accessLog, providerId: 'garmin', accountId, action: 'token_refresh' },
      () => this.doRefresh(accountId, signal),
    ).finally(() => this.inFlight.delete(accountId));
    this.inFlight.set(accountId, p);
    return p;
  }

  private async doRefresh(accountId: string, signal?: AbortSignal): Promise<string> {
    const session = await this.load(accountId);
    await this.guardOrigins(accountId, session);
    const now = this.options.now();
    const log = this.options.log;
    if (session.kind === 'session') {
      try {
        const t = await refreshSession(
          this.options.endpoints(),
          session.refreshToken,
          session.clientId,
          now.getTime(),
          this.options.fetch,
          signal,
        );
        const next: GarminSession = {
          kind: 'session',
          accessToken: t.accessToken,
          accessExpiresAt: new Date(now.getTime() + t.expiresIn * 1000).toISOString(),
          refreshToken: t.refreshToken,
          refreshExpiresAt: t.refreshExpiresIn
            ? new Date(now.getTime() + t.refreshExpiresIn * 1000).toISOString()
            : null,
          clientId: t.clientId,
        };
        await writeSession(this.options.vault, accountId, next);
        log.info('garmin: session refreshed', { accountId });
        return next.accessToken;
      } catch (err) {
        if (err instanceof DiTokenFailure && err.kind === 'rejected') {
          log.warn('garmin: session can no longer be refreshed', { accountId, error: err });
          throw this.revoke(accountId, SESSION_ENDED_MESSAGE);
        }
        if (err instanceof DiTokenFailure) throw new TransientAuthError(err.message, err.retryAfterMs);
        throw err;
      }
    }
    const key = await this.readKey(accountId);
    try {
      const t = await exchangeApiKey(this.options.endpoints(), key, now.getTime(), this.options.fetch, signal);
      const next: GarminSession = {
        kind: 'api-key',
        accessToken: t.accessToken,
        accessExpiresAt: new Date(now.getTime() + t.expiresIn * 1000).toISOString(),
      };
      await writeSession(this.options.vault, accountId, next);
      if (t.keyExpiresAt) this.options.accounts.update(accountId, { credentialExpiresAt: t.keyExpiresAt });
      log.info('garmin: personal API token renewed', { accountId });
      return next.accessToken;
    } catch (err) {
      if (err instanceof PersonalTokenFailure && err.kind === 'rejected') {
        log.warn('garmin: personal API key was refused', { accountId, error: err });
        throw this.revoke(accountId, API_KEY_DEAD_MESSAGE);
      }
      if (err instanceof PersonalTokenFailure) throw new TransientAuthError(err.message, err.retryAfterMs);
      throw err;
    }
  }

  /**
   * Issue 13: the endpoints in force (OMNIO_PROVIDERS may differ from one launch to the next) must be
   * the origins the session or key was issued for; otherwise reconnect, and the credentials are kept.
   */
  private async guardOrigins(accountId: string, session: GarminSession): Promise<void> {
    const current = garminOrigins(this.options.endpoints(), session.kind);
    let bound;
    try {
      bound = await loadOrigins(this.options.vault, accountId);
    } catch (err) {
      if (!(err instanceof VaultUnreadableError)) throw err;
      throw this.revoke(accountId, SESSION_ENDED_MESSAGE, false);
    }
    if (!bound) {
      await saveOrigins(this.options.vault, accountId, current);
      return;
    }
    const change = changedOrigin(bound, current);
    if (!change) return;
    this.options.log.warn('garmin: endpoint changed since sign-in: nothing sent, reconnect needed', {
      accountId,
      role: change.role,
      bound: change.bound,
      current: change.current,
    });
    throw this.revoke(accountId, originChangedMessage('Garmin', change), false);
  }

  private async load(accountId: string): Promise<GarminSession> {
    try {
      const session = await readSession(this.options.vault, accountId);
      if (session) return session;
    } catch (err) {
      if (!(err instanceof VaultUnreadableError)) throw err;
      this.options.log.warn('garmin: stored session cannot be read', { accountId, error: err });
      // The vault never deletes what it cannot decrypt: the old key store may come back.
      throw this.revoke(accountId, SESSION_ENDED_MESSAGE, false);
    }
    throw this.revoke(accountId, SESSION_ENDED_MESSAGE);
  }

  private async readKey(accountId: string): Promise<string> {
    try {
      const key = await readApiKey(this.options.vault, accountId);
      if (key) return key;
    } catch (err) {
      if (!(err instanceof VaultUnreadableError)) throw err;
      throw this.revoke(accountId, API_KEY_DEAD_MESSAGE, false);
    }
    throw this.revoke(accountId, API_KEY_DEAD_MESSAGE);
  }

  /** needs_reconnect, the dead tokens deleted, the UI told; the account and its data stay. */
  private revoke(accountId: string, message: string, deleteSecrets = true): AccessRevokedError {
    const account = this.options.accounts.get(accountId);
    if (account && account.status !== 'needs_reconnect') {
      this.options.accounts.update(accountId, { status: 'needs_reconnect', statusMessage: message });
      this.options.onAccountChanged();
    }
    if (deleteSecrets) this.options.vault.delete(accountId);
    return new AccessRevokedError(accountId, message);
  }
}
