import type { Notice, RevocationOutcome } from '../../../src-shared/ipc/payloads';
import { PROVIDERS } from '../../../src-shared/providers';
import type { Logger } from '../log/logger';
import type { TokenSet } from '../oauth/token-types';
import { changedOrigin, type TokenOrigins } from '../auth/token-origins';
import { revokeGrant, type GrantTokens } from './revoke-grant';
import { isRevocable, type RevocableProvider } from './revoke-request';
import type { QueuedRevocation, RevocationQueue } from './revocation-queue';
import type { AccessRecorder } from '../access-log/access-record';
import { withAccessLog } from '../access-log/recorded-fetch';

export interface RevocationWorkerDeps {
  queue: RevocationQueue;
  /** Issue 12: a revocation retried later is recorded without an account (disconnect recorded the first). */
  accessLog?: AccessRecorder;
  /** The provider's revocation endpoint as currently configured (overrides applied), or null. */
  revocationUrl(providerId: RevocableProvider): string | null;
  /** Issue 13: the token/API/revocation origins in force, compared with the ones the grant was issued for. */
  currentOrigins?(providerId: RevocableProvider): TokenOrigins;
  /** Renews an expired access token for the revocation call only (see revoke-grant.ts). */
  refresh?(providerId: RevocableProvider, refreshToken: string, signal?: AbortSignal): Promise<TokenSet>;
  isOnline(): boolean;
  notify(notice: Notice): void;
  log: Logger;
  now: () => Date;
}

/**
 * Performs queued revocations: right after a disconnect, when the network
 * returns and at startup. An entry leaves the queue when the provider
 * confirmed, when it refused for good, or when it expired; only network-type
 * failures keep it. Entries attempted from the queue (not from the disconnect
 * itself, whose result the dialog shows) end with a notice to the user.
 */
export class RevocationWorker {
  private readonly running = new Map<string, Promise<RevocationOutcome>>();
  private draining: Promise<void> | null = null;

  constructor(private readonly deps: RevocationWorkerDeps) {}

  /**
   * Queues the grant behind `tokens`: sealed under its own owner before the
   * account's tokens are deleted, so a crash at any point cannot lose it.
   */
  queue(providerId: RevocableProvider, tokens: GrantTokens): Promise<QueuedRevocation> {
    return this.deps.queue.enqueue(providerId, tokens);
  }

  /** Tries a just-queued revocation at once when online; its result is the dialog's, so no notice. */
  async revokeQueued(entry: QueuedRevocation, tokens: GrantTokens): Promise<RevocationOutcome> {
    if (!this.deps.isOnline()) {
      // Reasons are the cause only: the dialog says that the revocation waits for the network.
      this.deps.queue.noteAttempt(entry.id, 'no network connection');
      return { kind: 'queued', reason: 'no network connection' };
    }
    return this.attempt(entry, tokens);
  }

  /** Attempts every queued entry once (skipped while offline). Concurrent calls share one pass. */
  drain(): Promise<void> {
    if (!this.deps.isOnline()) return Promise.resolve();
    if (!this.draining) {
      this.draining = this.drainOnce().finally(() => {
        this.draining = null;
      });
    }
    return this.draining;
  }

  private async drainOnce(): Promise<void> {
    for (const entry of this.deps.queue.list()) {
      if (this.running.has(entry.id)) continue;
      const name = PROVIDERS[entry.providerId].name;
      const manage = PROVIDERS[entry.providerId].manageAccessUrl;
      if (this.deps.queue.isExpired(entry)) {
        this.deps.queue.remove(entry.id);
        this.deps.log.warn('queued revocation expired', { provider: entry.providerId, attempts: entry.attempts });
        this.deps.notify({
          level: 'warning',
          providerId: entry.providerId,
          message: `Omnio could not revoke its access at ${name} after disconnecting (${entry.lastError ?? 'no answer'}). It has stopped trying and deleted the token it kept for this. To be sure, remove Omnio in ${name}’s settings: ${manage}`,
        });
        continue;
      }
      const tokens = await this.deps.queue.tokens(entry.id);
      if (!tokens) {
        this.deps.queue.remove(entry.id);
        this.deps.notify({
          level: 'warning',
          providerId: entry.providerId,
          message: `Omnio could not revoke its access at ${name}: the token needed for it was not kept (tokens in memory only, or the keyring changed). Remove Omnio in ${name}’s settings: ${manage}`,
        });
        continue;
      }
      const outcome = await this.attempt(entry, tokens);
      if (outcome.kind === 'revoked') {
        this.deps.notify({
          level: 'info',
          providerId: entry.providerId,
          message: `Omnio’s access was revoked at ${name}.`,
        });
      } else if (outcome.kind === 'failed') {
        this.deps.notify({
          level: 'error',
          providerId: entry.providerId,
          message: `Revoking Omnio’s access at ${name} failed: ${outcome.reason}. Remove Omnio in ${name}’s settings: ${manage}`,
        });
      }
      // 'queued': still unreachable; tried again at the next network change or start, silently.
    }
  }

  private attempt(entry: QueuedRevocation, tokens: GrantTokens): Promise<RevocationOutcome> {
    let running = this.running.get(entry.id);
    if (!running) {
      running = this.attemptOnce(entry, tokens).finally(() => this.running.delete(entry.id));
      this.running.set(entry.id, running);
    }
    return running;
  }

  private async attemptOnce(entry: QueuedRevocation, tokens: GrantTokens): Promise<RevocationOutcome> {
    const providerId = entry.providerId;
    const name = PROVIDERS[providerId].name;
    const url = isRevocable(providerId) ? this.deps.revocationUrl(providerId) : null;
    if (!isRevocable(providerId) || !url) {
      this.deps.queue.remove(entry.id);
      return { kind: 'not_supported', manageAccessUrl: PROVIDERS[providerId].manageAccessUrl };
    }
    // Issue 13: never hand the tokens (or, on a refresh, the client secret) to an endpoint that moved.
    const moved =
      tokens.origins && this.deps.currentOrigins
        ? changedOrigin(tokens.origins, this.deps.currentOrigins(providerId), ['token', 'revocation'])
        : null;
    if (moved) {
      this.deps.queue.remove(entry.id);
      this.deps.log.warn('revocation not sent: the endpoint changed since connect', {
        provider: providerId,
        role: moved.role,
        bound: moved.bound,
        current: moved.current,
      });
      return {
        kind: 'failed',
        reason: `${name}’s ${moved.role === 'token' ? 'sign-in' : 'revocation'} address changed since you connected (${moved.bound ?? 'none'} → ${moved.current ?? 'none'}), so Omnio did not send your access there`,
      };
    }
    const refresh = this.deps.refresh;
    let result;
    try {
      result = await withAccessLog(
        { recorder: this.deps.accessLog, providerId, accountId: null, action: 'revocation' },
        () =>
          revokeGrant(
            {
              providerId,
              providerName: name,
              revocationUrl: url,
              now: this.deps.now,
              ...(refresh ? { refresh: (rt: string, signal?: AbortSignal) => refresh(providerId, rt, signal) } : {}),
            },
            tokens,
          ),
      );
    } catch (err) {
      this.deps.log.error('revocation attempt failed unexpectedly', { provider: providerId, error: err });
      result = { kind: 'retry' as const, reason: `the revocation at ${name} failed unexpectedly` };
    }
    switch (result.kind) {
      case 'revoked':
        this.deps.queue.remove(entry.id);
        this.deps.log.info('revoked at provider', { provider: providerId });
        return { kind: 'revoked' };
      case 'failed':
        this.deps.queue.remove(entry.id);
        this.deps.log.warn('revocation refused', { provider: providerId, reason: result.reason });
        return { kind: 'failed', reason: result.reason };
      case 'retry':
        this.deps.queue.noteAttempt(entry.id, result.reason);
        this.deps.log.info('revocation queued for later', { provider: providerId, reason: result.reason });
        return { kind: 'queued', reason: result.reason };
    }
  }
}
