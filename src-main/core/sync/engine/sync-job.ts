import type { SyncProgress } from '../../../../src-shared/ipc/payloads';
import type { CategoryId, ProviderId } from '../../../../src-shared/providers';
import { PROVIDERS } from '../../../../src-shared/providers';
import type { AccountRepo } from '../../accounts/account-repo';
import { grantedCategories } from '../../app/accounts-snapshot';
import { AccessRevokedError, type TokenSource } from '../../auth/token-source';
import type { Logger } from '../../log/logger';
import type { HealthStore } from '../../store/health-store';
import type { Batch } from '../../store/records';
import {
  isAbort,
  MalformedResponseError,
  ProviderRejectedError,
  ScopeDeniedError,
  TransientSyncError,
} from '../errors';
import { DAY_MS, type CategoryFetcher } from '../fetcher';
import { fetchersFor } from '../fetchers-registry';
import { ProviderHttp, type ProviderRequest, type RetryPolicy } from '../http/provider-http';
import type { RequestBudget } from '../http/request-budget';

/** Categories of one account fetched at the same time. */
const CATEGORY_CONCURRENCY = 2;

export interface JobSpec {
  accountId: string;
  apiBaseUrl: string;
  /** How far back a backfill reaches (Settings › backfillDays). */
  backfillDays: number;
}

export interface JobDeps {
  store: HealthStore;
  accounts: AccountRepo;
  tokens: TokenSource;
  budgetFor(provider: ProviderId): RequestBudget;
  retry: RetryPolicy;
  now: () => number;
  onProgress(progress: SyncProgress): void;
  log?: Logger;
  /** Fired right before each provider request leaves. */
  onRequest?(accountId: string, req: ProviderRequest): void;
}

export type JobStatus = 'ok' | 'partial' | 'failed' | 'revoked' | 'cancelled' | 'skipped';

export interface JobOutcome {
  status: JobStatus;
  /** When to come back after a transient failure (provider's Retry-After), if known. */
  retryAt: number | null;
  errors: Partial<Record<CategoryId, string>>;
}

/**
 * One sync of one account: for each granted category (and only those), an
 * incremental pass from the cursor (minus the overlap) to now, then backfill
 * chunks backwards until the history window is covered. Each chunk is written
 * with its cursor in one transaction, so the job can be killed anywhere.
 */
export async function runSyncJob(deps: JobDeps, spec: JobSpec, signal: AbortSignal): Promise<JobOutcome> {
  const account = deps.accounts.get(spec.accountId);
  if (!account || (account.status !== 'connected' && account.status !== 'syncing')) {
    return { status: 'skipped', retryAt: null, errors: {} };
  }
  const granted = new Set(grantedCategories(account));
  const fetchers = fetchersFor(account.providerId).filter((f) => granted.has(f.category));
  const providerName = PROVIDERS[account.providerId].name;
  // One controller for the job's requests: the caller's cancel, and a failure that must stop every
  // category (revocation, an unreachable provider), both abort it.
  const stopAll = new AbortController();
  const onCancel = () => stopAll.abort(signal.reason);
  if (signal.aborted) onCancel();
  signal.addEventListener('abort', onCancel, { once: true });
  const http = new ProviderHttp({
    providerName,
    accountId: account.id,
    tokens: deps.tokens,
    budget: deps.budgetFor(account.providerId),
    retry: deps.retry,
    signal: stopAll.signal,
    envelope: account.providerId === 'withings' ? 'withings' : 'none',
    onRequest: deps.onRequest ? (req) => deps.onRequest!(account.id, req) : undefined,
  });
  const outcome: JobOutcome = { status: 'ok', retryAt: null, errors: {} };
  let stopped: 'revoked' | 'unreachable' | null = null;
  const progress = (category: CategoryId | null, phase: SyncProgress['phase'], message: string | null = null) => {
    const c = category ? deps.store.cursor(account.id, category) : null;
    deps.onProgress({
      accountId: account.id,
      category,
      phase,
      records: c?.records ?? 0,
      coveredFrom: c ? new Date(c.coveredFrom).toISOString() : null,
      coveredTo: c ? new Date(c.coveredTo).toISOString() : null,
      message,
    });
  };

  const runCategory = async (fetcher: CategoryFetcher): Promise<void> => {
    try {
      deps.store.markAttempt(account.id, fetcher.category);
      progress(fetcher.category, 'started');
      await syncCategory(
        deps,
        spec,
        account.id,
        fetcher,
        http,
        () => progress(fetcher.category, 'progress'),
        stopAll.signal,
      );
      deps.store.settleRecordCount(account.id, fetcher.category);
      deps.store.markOutcome(account.id, fetcher.category, null);
      progress(fetcher.category, 'finished');
    } catch (err) {
      if (isAbort(err, stopAll.signal)) {
        // Cancelled, or stopped because another category hit a job-wide failure: not this category's failure.
        progress(fetcher.category, 'cancelled');
        return;
      }
      if (err instanceof AccessRevokedError) {
        // Only an authentication failure of the refresh gets here: no further request may use these tokens.
        stopped = 'revoked';
        stopAll.abort();
        // A token source may already have said what the user must do (Garmin: "Sign in to Garmin
        // again" → needs_reconnect); only an account still marked live becomes `disconnected`.
        const current = deps.accounts.get(account.id)?.status;
        if (current !== 'needs_reconnect' && current !== 'disconnected') {
          deps.accounts.update(account.id, { status: 'disconnected', statusMessage: err.userMessage });
        }
        deps.store.markOutcome(account.id, fetcher.category, err.userMessage);
        progress(fetcher.category, 'failed', err.userMessage);
        return;
      }
      const message = userMessage(err, providerName);
      if (message.endsWith('failed unexpectedly.'))
        deps.log?.error('sync job failed', { provider: account.providerId, category: fetcher.category, error: err });
      deps.store.markOutcome(account.id, fetcher.category, message);
      outcome.errors[fetcher.category] = message;
      progress(fetcher.category, 'failed', message);
      if (err instanceof TransientSyncError) {
        // The provider or the network is the problem: the other categories would hit it too.
        stopped ??= 'unreachable';
        outcome.retryAt = err.retryAt;
        stopAll.abort();
        return;
      }
      if (outcome.status === 'ok') outcome.status = 'partial';
    }
  };

  progress(null, 'started');
  // A few categories at a time: while one writes, another waits on the network.
  const queue = [...fetchers];
  const lane = async () => {
    for (let f = queue.shift(); f && !stopAll.signal.aborted; f = queue.shift()) await runCategory(f);
  };
  await Promise.all(Array.from({ length: Math.min(CATEGORY_CONCURRENCY, queue.length) }, lane));
  signal.removeEventListener('abort', onCancel);

  if (signal.aborted) return { ...outcome, status: 'cancelled' };
  if (stopped === 'revoked') return { ...outcome, status: 'revoked' };
  if (stopped === 'unreachable') outcome.status = 'failed';
  progress(null, outcome.status === 'ok' ? 'finished' : 'failed');
  return outcome;
}

async function syncCategory(
  deps: JobDeps,
  spec: JobSpec,
  accountId: string,
  fetcher: CategoryFetcher,
  http: ProviderHttp,
  reportProgress: () => void,
  signal: AbortSignal,
): Promise<void> {
  const now = deps.now();
  const ctx = { http, apiBaseUrl: spec.apiBaseUrl, now };
  const write = (batch: Batch, coveredFrom: number, coveredTo: number) => {
    signal.throwIfAborted();
    deps.store.writeBatch(accountId, fetcher.category, batch, { coveredFrom, coveredTo });
    reportProgress();
  };

  if (fetcher.mode === 'snapshot') {
    write(await fetcher.fetchWindow(ctx, now, now), now, now);
    return;
  }

  const existing = deps.store.cursor(accountId, fetcher.category);
  let coveredFrom = existing?.coveredFrom ?? now;
  let coveredTo = existing?.coveredTo ?? now;

  // Incremental: from a little before the cursor up to now, in chunks (the app may have been closed for months).
  if (existing) {
    let from = Math.max(coveredFrom, coveredTo - fetcher.overlapMs);
    while (from < now) {
      const to = Math.min(now, from + fetcher.chunkMs);
      const batch = await fetcher.fetchWindow(ctx, from, to);
      coveredTo = Math.max(coveredTo, to);
      write(batch, coveredFrom, coveredTo);
      from = to;
    }
  }

  // Backfill: backwards from the oldest covered instant to the history window's start, newest first.
  // The next window is requested before the current one is written, so the provider's (and the
  // network's) time overlaps ours; a prefetched window that is never written is simply fetched again.
  const target = Math.floor(now / DAY_MS) * DAY_MS - spec.backfillDays * DAY_MS;
  let prefetched: Promise<Batch> | null = null;
  while (coveredFrom > target) {
    const from = Math.max(target, coveredFrom - fetcher.chunkMs);
    const batch = await (prefetched ?? fetcher.fetchWindow(ctx, from, coveredFrom));
    prefetched = null;
    if (from > target) {
      prefetched = fetcher.fetchWindow(ctx, Math.max(target, from - fetcher.chunkMs), from);
      prefetched.catch(() => undefined); // surfaced by the await above on the next turn
      // Let the request leave before the synchronous write holds this thread.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    coveredFrom = from;
    write(batch, coveredFrom, coveredTo);
  }
}

function userMessage(err: unknown, providerName: string): string {
  if (
    err instanceof MalformedResponseError ||
    err instanceof ScopeDeniedError ||
    err instanceof TransientSyncError ||
    err instanceof ProviderRejectedError
  ) {
    return err.message;
  }
  return `Sync with ${providerName} failed unexpectedly.`;
}
