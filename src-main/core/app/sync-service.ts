import type { CategorySyncView } from '../../../src-shared/accounts';
import type { CategoryId, ProviderId } from '../../../src-shared/providers';
import type { AccountRow } from '../accounts/account-repo';
import { OmnioError } from '../errors';
import type { Handlers } from '../ipc/dispatch';
import { HealthStore } from '../store/health-store';
import type { JobRunner } from '../sync/engine/job-runner';
import { InProcessRunner } from '../sync/engine/in-process-runner';
import { SyncScheduler } from '../sync/scheduler';
import { WorkerRunner, workerAvailable } from '../sync/worker/worker-runner';
import { dataPaths } from '../paths';
import { leaveCheckpointsToSyncThreads } from '../db/database';
import type { Logger } from '../log/logger';
import type { CategoryStatusSource } from './accounts-snapshot';
import type { CoreContext } from './core-context';

// The sync side of the core (docs/sync.md): the `syncNow` call, the
// per-category status in the accounts snapshot, the scheduler hooks
// (online/offline, wake) and the stop/delete the disconnect flow needs.

export interface SyncServiceOptions {
  /** The provider's API base URL with overrides applied. */
  apiBaseUrl(provider: ProviderId): string;
  /** Where jobs run; defaults to this thread. */
  runner?: JobRunner;
  /** The store on the core's connection (shared with disconnect); created when absent. */
  store?: HealthStore;
}

export interface SyncService {
  handlers: Pick<Handlers, 'syncNow' | 'stopSync'>;
  statusOf: CategoryStatusSource;
  hasData(accountId: string): boolean;
  /** Shows `syncing` on connected accounts with a running job. */
  decorate(accounts: AccountRow[]): AccountRow[];
  /** SyncControl for disconnect: cancels and unschedules; resolves when no request for the account can leave. */
  stopAccount(accountId: string): Promise<void>;
  store: HealthStore;
  /** Accounts changed (connected, reconnected): plan the ones without a plan. */
  reconcile(): void;
  setOnline(online: boolean): void;
  resumed(): void;
  close(): Promise<void>;
}

const MINUTE = 60_000;

export function createSyncService(ctx: CoreContext, options: SyncServiceOptions): SyncService {
  const store = options.store ?? new HealthStore(ctx.db, ctx.now);
  const log = ctx.log.child('sync');
  // Jobs run in a worker thread with its own connection, so a backfill never stalls the bridge. A build
  // that does not ship the worker script runs them here, in slices between network waits.
  const runner =
    options.runner ??
    (workerAvailable()
      ? syncThreads(ctx, log)
      : (log.warn('sync worker script not found: running sync jobs on the main thread'),
        new InProcessRunner({
          store,
          accounts: ctx.accounts,
          tokens: ctx.tokens,
          log,
          now: () => ctx.now().getTime(),
        })));
  let publishTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  // Progress arrives per chunk: coalesce snapshot publications to one per tick.
  const publishSoon = () => {
    if (publishTimer || closed) return;
    publishTimer = setTimeout(() => {
      publishTimer = null;
      if (!closed) ctx.publishAccounts();
    }, 0);
    publishTimer.unref?.();
  };
  const syncable = (id: string) => {
    const a = ctx.accounts.get(id);
    return !!a && (a.status === 'connected' || a.status === 'syncing');
  };
  const scheduler = new SyncScheduler({
    runner,
    accountIds: () => ctx.accounts.list().map((a) => a.id),
    specFor: (id) => {
      const a = ctx.accounts.get(id);
      if (!a || !syncable(id)) return null;
      return {
        accountId: id,
        apiBaseUrl: options.apiBaseUrl(a.providerId),
        backfillDays: ctx.platform.settings.get('backfillDays'),
      };
    },
    intervalMs: () => Math.max(5, ctx.platform.settings.get('syncIntervalMinutes')) * MINUTE,
    onProgress: (p) => {
      ctx.platform.emit('syncProgress', p);
      if (p.phase !== 'progress') publishSoon();
    },
    onStateChange: () => publishSoon(),
    now: () => ctx.now().getTime(),
    log,
  });

  const statusOf: CategoryStatusSource = (account) => {
    const out = new Map<CategoryId, Omit<CategorySyncView, 'category' | 'granted'>>();
    const live = scheduler.status(account.id);
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    for (const row of store.statuses(account.id)) {
      out.set(row.category, {
        lastSuccessAt: row.lastSuccessAt,
        lastAttemptAt: row.lastAttemptAt,
        running: live.runningCategories.includes(row.category),
        records: row.records,
        coveredFrom: iso(row.coveredFrom),
        coveredTo: iso(row.coveredTo),
        nextRunAt: iso(live.nextRunAt),
        lastError: row.lastError,
      });
    }
    for (const category of live.runningCategories) {
      if (out.has(category)) continue;
      out.set(category, {
        lastSuccessAt: null,
        lastAttemptAt: null,
        running: true,
        records: 0,
        coveredFrom: null,
        coveredTo: null,
        nextRunAt: null,
        lastError: null,
      });
    }
    return out;
  };

  return {
    handlers: {
      syncNow: async ({ accountId }) => {
        const account = ctx.accounts.get(accountId);
        if (!account) throw new OmnioError('NOT_FOUND', 'This account no longer exists.');
        if (!syncable(accountId))
          throw new OmnioError('CONFLICT', 'This account is not connected. Reconnect it to sync again.');
        if (!scheduler.isOnline)
          throw new OmnioError('OFFLINE', 'Omnio is offline. Sync resumes by itself when the network is back.');
        const result = scheduler.syncNow(accountId);
        // Refused only in the instant the app closes or a disconnect stops the account: said, never silent.
        if (result === null)
          throw new OmnioError('CONFLICT', 'This account cannot sync right now. Try again in a moment.');
        return { started: result === 'started', queued: result === 'queued' };
      },
      // Issue 15: Stop on the card's progress line.
      stopSync: async ({ accountId }) => {
        if (!ctx.accounts.get(accountId)) throw new OmnioError('NOT_FOUND', 'This account no longer exists.');
        return { stopped: await scheduler.pauseJob(accountId) };
      },
    },
    statusOf,
    hasData: (id) => store.hasData(id),
    decorate: (accounts) =>
      accounts.map((a) =>
        a.status === 'connected' && scheduler.status(a.id).running ? { ...a, status: 'syncing' as const } : a,
      ),
    stopAccount: (id) => scheduler.stopAccount(id),
    store,
    reconcile: () => scheduler.reconcile(),
    setOnline: (online) => scheduler.setOnline(online),
    resumed: () => scheduler.resumed(),
    close: async () => {
      await scheduler.close();
      closed = true;
      if (publishTimer) clearTimeout(publishTimer);
    },
  };
}

/** Jobs in the sync threads, which also checkpoint the WAL (docs/sync.md): the main connection leaves it to them. */
function syncThreads(ctx: CoreContext, log: Logger): WorkerRunner {
  leaveCheckpointsToSyncThreads(ctx.db);
  return new WorkerRunner({ dbFile: dataPaths(ctx.dataDir).database, tokens: ctx.tokens, log });
}
