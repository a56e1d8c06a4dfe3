import type { SyncProgress } from '../../../../src-shared/ipc/payloads';
import type { CategoryId, ProviderId } from '../../../../src-shared/providers';
import { PROVIDERS } from '../../../../src-shared/providers';
import type { AccountRepo } from '../../accounts/account-repo';
import { grantedCategories } from '../../app/accounts-snapshot';
import { AccessRevokedError, type TokenSource } from '../../auth/token-source';
import type { Logger } from '../../log/logger';
import { inlineStoreWriter, type StoreWriter } from '../../store/store-writer';
import type { HealthStore } from '../../store/health-store';
import type { Batch } from '../../store/records';
import {
  isAbort,
  MalformedResponseError,
  ProviderRejectedError,
  ScopeDeniedError,
  TransientSyncError,
} from '../errors';
import { DAY_MS, type CategoryFetcher, type FetchContext } from '../fetcher';
import { fetchersFor } from '../fetchers-registry';
import { ProviderHttp, type ProviderRequest, type RetryPolicy } from '../http/provider-http';
import type { RequestBudget } from '../http/request-budget';
import type { AccessRecorder } from '../../access-log/access-record';
import { grantedScopeFor } from '../../access-log/granted-scope';

/** Categories of one account fetched at the same time. */
const CATEGORY_CONCURRENCY = 2;

export interface JobSpec {
  accountId: string;
  apiBaseUrl: string;
  /** How far back a backfill reaches (Settings › backfillDays). */
  backfillDays: number;
}

export interface JobDeps {
  /** Reads: cursors for progress and for where to resume. */
  store: HealthStore;
  /** Every write of the job (windows with their cursors, bookkeeping); the store in this thread if absent. */
  writer?: StoreWriter;
  accounts: AccountRepo;
  tokens: TokenSource;
  budgetFor(provider: ProviderId): RequestBudget;
  retry: RetryPolicy;
  now: () => number;
  onProgress(progress: SyncProgress): void;
  log?: Logger;
  /** Fired right before each provider request leaves. */
  onRequest?(accountId: string, req: ProviderRequest): void;
  /** The access log (issue 12): one row per request attempt; off when absent. */
  accessLog?: AccessRecorder & { flush(): Promise<void> };
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
    ...(deps.accessLog ? { accessLog: { recorder: deps.accessLog, providerId: account.providerId } } : {}),
  });
  const writer = deps.writer ?? inlineStoreWriter(deps.store);
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
      await writer.markAttempt(account.id, fetcher.category);
      progress(fetcher.category, 'started');
      await syncCategory(
        deps,
        writer,
        spec,
        account.id,
        fetcher,
        http.forCategory(fetcher.category, grantedScopeFor(account, fetcher.category)),
        () => progress(fetcher.category, 'progress'),
        stopAll.signal,
      );
      await writer.settleRecordCount(account.id, fetcher.category);
      await writer.markOutcome(account.id, fetcher.category, null);
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
        await writer.markOutcome(account.id, fetcher.category, err.userMessage);
        progress(fetcher.category, 'failed', err.userMessage);
        return;
      }
      const message = userMessage(err, providerName);
      if (message.endsWith('failed unexpectedly.'))
        deps.log?.error('sync job failed', { provider: account.providerId, category: fetcher.category, error: err });
      await writer.markOutcome(account.id, fetcher.category, message);
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
  // Records dated by another record (WHOOP recoveries by their cycle) take its offset now that both may be
  // stored, whichever category or window brought either. Done after every job, whatever it stopped on.
  try {
    await writer.applyDatedBy(account.id);
  } catch (err) {
    deps.log?.error('could not date records by their references', { provider: account.providerId, error: err });
  }

  // The job's access-log rows are written before anyone hears it ended (the view then lists them all).
  await deps.accessLog?.flush();
  if (signal.aborted) return { ...outcome, status: 'cancelled' };
  if (stopped === 'revoked') return { ...outcome, status: 'revoked' };
  if (stopped === 'unreachable') outcome.status = 'failed';
  progress(null, outcome.status === 'ok' ? 'finished' : 'failed');
  return outcome;
}

async function syncCategory(
  deps: JobDeps,
  writer: StoreWriter,
  spec: JobSpec,
  accountId: string,
  fetcher: CategoryFetcher,
  http: ProviderHttp,
  reportProgress: () => void,
  signal: AbortSignal,
): Promise<void> {
  const now = deps.now();
  const ctx = { http, apiBaseUrl: spec.apiBaseUrl, now };
  // At most one window of this category is being committed while the next is fetched and parsed. A
  // window is handed over only after the previous one has committed, so a failed write stops the
  // category before any later window (whose cursor would claim the gap) is written.
  const committing: { current: Promise<void> | null } = { current: null };
  const write = async (batch: Batch, coveredFrom: number, coveredTo: number) => {
    if (committing.current) await committing.current;
    signal.throwIfAborted();
    const done = writer.writeBatch(accountId, fetcher.category, batch, { coveredFrom, coveredTo }).then(reportProgress);
    done.catch(() => undefined); // surfaced by the next write or at the end
    committing.current = done;
  };

  try {
    await fetchAndWrite(fetcher, deps.store.cursor(accountId, fetcher.category), ctx, target(now, spec), write);
  } catch (err) {
    // Never return with a write still running: the outcome, the record count and the next job's cursor come after it.
    await committing.current?.catch(() => undefined);
    throw err;
  }
  await committing.current;
}

/** Where a backfill stops: the history window's first day. */
function target(now: number, spec: JobSpec): number {
  return Math.floor(now / DAY_MS) * DAY_MS - spec.backfillDays * DAY_MS;
}

type Write = (batch: Batch, coveredFrom: number, coveredTo: number) => Promise<void>;

async function fetchAndWrite(
  fetcher: CategoryFetcher,
  existing: { coveredFrom: number; coveredTo: number } | null,
  ctx: FetchContext,
  backfillTarget: number,
  write: Write,
): Promise<void> {
  const now = ctx.now;
  if (fetcher.mode === 'snapshot') {
    await write(await fetcher.fetchWindow(ctx, now, now), now, now);
    return;
  }

  let coveredFrom = existing?.coveredFrom ?? now;
  let coveredTo = existing?.coveredTo ?? now;

  // Incremental: from a little before the cursor up to now, in chunks (the app may have been closed for months).
  if (existing) {
    let from = Math.max(coveredFrom, coveredTo - fetcher.overlapMs);
    while (from < now) {
      const to = Math.min(now, from + fetcher.chunkMs);
      const batch = await fetcher.fetchWindow(ctx, from, to);
      coveredTo = Math.max(coveredTo, to);
      await write(batch, coveredFrom, coveredTo);
      from = to;
    }
  }

  // Backfill: backwards from the oldest covered instant to the history window's start, newest first.
  // The next window is requested before the current one is handed to the writer, so the provider's and
  // the network's time overlaps ours; the first window is requested alone (a provider that answers it
  // with 429 or 401 is heard before anything else leaves). A prefetched window that is never written
  // (cancel, crash) is simply fetched again.
  let prefetched: Promise<Batch> | null = null;
  while (coveredFrom > backfillTarget) {
    const from = Math.max(backfillTarget, coveredFrom - fetcher.chunkMs);
    const batch = await (prefetched ?? fetcher.fetchWindow(ctx, from, coveredFrom));
    prefetched = null;
    if (from > backfillTarget) {
      prefetched = fetcher.fetchWindow(ctx, Math.max(backfillTarget, from - fetcher.chunkMs), from);
      prefetched.catch(() => undefined); // surfaced by the await above on the next turn
      // Let the request leave before a write in this thread (the in-thread writer) holds it.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    coveredFrom = from;
    await write(batch, coveredFrom, coveredTo);
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
