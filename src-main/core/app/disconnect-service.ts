import { OmnioError } from '../errors';
import { currentOrigins } from '../oauth/bound-endpoints';
import type { Handlers } from '../ipc/dispatch';
import type { OAuthProviderDefinition } from '../providers/definition';
import type { TokenClient } from '../oauth/token-types';
import type { HealthStore } from '../store/health-store';
import { disconnectAccount, type SyncControl } from '../disconnect/disconnect-account';
import { RevocationQueue } from '../disconnect/revocation-queue';
import { RevocationWorker } from '../disconnect/revocation-worker';
import type { CoreContext } from './core-context';

// The `disconnect` call and the revocation queue behind it (docs/disconnect.md).

export interface DisconnectServiceDeps {
  ctx: CoreContext;
  store: HealthStore;
  sync: SyncControl;
  /** Provider definitions with overrides applied, and token clients (OAuthConfig). */
  oauth: {
    definition(id: OAuthProviderDefinition['id']): OAuthProviderDefinition;
    tokenClient(id: OAuthProviderDefinition['id']): Promise<TokenClient>;
  };
  isOnline(): boolean;
  /**
   * Ends a Reconnect still waiting for the provider's answer for this account:
   * after a disconnect, a late redirect must not bring the access back.
   */
  cancelPendingConnects?(accountId: string): Promise<void>;
}

export interface DisconnectService {
  handlers: Pick<Handlers, 'disconnect'>;
  /** Tries the queued revocations (call when the network returns). Never throws. */
  retryRevocations(): Promise<void>;
  /**
   * At startup: tries the queue a moment later, once a window is listening —
   * the outcome is a notice, and a notice sent before the renderer subscribed
   * would be lost.
   */
  retryAfterStartup(delayMs?: number): void;
  close(): void;
  queue: RevocationQueue;
}

export const STARTUP_RETRY_DELAY_MS = 3_000;

export function createDisconnectService(deps: DisconnectServiceDeps): DisconnectService {
  const { ctx } = deps;
  const log = ctx.log.child('disconnect');
  const queue = new RevocationQueue(ctx.db, ctx.vault, ctx.now);
  const worker = new RevocationWorker({
    queue,
    revocationUrl: (id) => deps.oauth.definition(id).endpoints.revocationUrl,
    currentOrigins: (id) => currentOrigins(deps.oauth.definition(id)),
    refresh: async (id, refreshToken, signal) => (await deps.oauth.tokenClient(id)).refresh(refreshToken, signal),
    isOnline: deps.isOnline,
    notify: (notice) => ctx.platform.emit('notice', notice),
    log,
    now: ctx.now,
    accessLog: ctx.accessLog, // issue 12
  });
  const inProgress = new Set<string>();
  let startupTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const disconnect: Handlers['disconnect'] = async (input) => {
    if (inProgress.has(input.accountId))
      throw new OmnioError('CONFLICT', 'This account is already being disconnected.');
    inProgress.add(input.accountId);
    try {
      await deps.cancelPendingConnects?.(input.accountId);
      return await disconnectAccount(
        {
          db: ctx.db,
          accounts: ctx.accounts,
          vault: ctx.vault,
          store: deps.store,
          sync: deps.sync,
          accessLog: ctx.accessLog, // issue 12
          revocations: worker,
          log,
        },
        input,
      );
    } finally {
      inProgress.delete(input.accountId);
      ctx.publishAccounts();
    }
  };

  const retryRevocations = async () => {
    if (closed) return;
    try {
      await worker.drain();
    } catch (err) {
      log.error('queued revocations failed', { error: err });
    }
  };

  return {
    handlers: { disconnect },
    queue,
    retryRevocations,
    retryAfterStartup(delayMs = STARTUP_RETRY_DELAY_MS) {
      if (startupTimer || queue.list().length === 0) return;
      startupTimer = setTimeout(() => void retryRevocations(), delayMs);
      startupTimer.unref();
    },
    close() {
      closed = true;
      if (startupTimer) clearTimeout(startupTimer);
    },
  };
}
