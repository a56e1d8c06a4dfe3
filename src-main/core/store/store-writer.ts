import type { CategoryId, ProviderId } from '../../../src-shared/providers';
import type { HealthStore } from './health-store';
import type { Batch, BudgetState } from './records';
import { AccessLogStore } from '../access-log/access-log-store';
import type { AccessRecord } from '../access-log/access-record';

/**
 * Every write a sync job makes to the store: each fetched window with its
 * cursor (one transaction), and the per-category bookkeeping (attempt,
 * outcome, exact record count). Calls are carried out in the order they are
 * made; each promise settles once its write has committed.
 *
 * In the app this is the database writer thread (writer-thread.ts): SQLite's
 * work then overlaps the fetching and parsing of the next window, and the
 * sync worker never waits for the database's write lock. Tests and the crash
 * child use the store in the same thread (`inlineStoreWriter`).
 */
export interface StoreWriter {
  writeBatch(
    accountId: string,
    category: CategoryId,
    batch: Batch,
    cursor: { coveredFrom: number; coveredTo: number },
  ): Promise<number>;
  markAttempt(accountId: string, category: CategoryId): Promise<void>;
  markOutcome(accountId: string, category: CategoryId, error: string | null): Promise<void>;
  settleRecordCount(accountId: string, category: CategoryId): Promise<number>;
  /** Dates the account's records that take their offset from another record (HealthStore.applyDatedBy). */
  applyDatedBy(accountId: string): Promise<number>;
  /** A provider's request budget, kept across restarts (HealthStore.loadBudget reads it back). */
  saveBudget(provider: ProviderId, state: BudgetState): Promise<void>;
  /** Access-log rows, in one transaction (issue 12; AccessLogBuffer batches them). */
  appendAccessLog(rows: AccessRecord[]): Promise<number>;
  close(): Promise<void>;
}

/** Writes in the calling thread, synchronously (each promise is already settled when returned). */
export function inlineStoreWriter(store: HealthStore): StoreWriter {
  const now = <T>(f: () => T): Promise<T> => {
    try {
      return Promise.resolve(f());
    } catch (err) {
      return Promise.reject(err as Error);
    }
  };
  const accessLog = new AccessLogStore(store.db);
  return {
    appendAccessLog: (rows) => now(() => accessLog.append(rows)),
    writeBatch: (accountId, category, batch, cursor) => now(() => store.writeBatch(accountId, category, batch, cursor)),
    markAttempt: (accountId, category) => now(() => store.markAttempt(accountId, category)),
    markOutcome: (accountId, category, error) => now(() => store.markOutcome(accountId, category, error)),
    settleRecordCount: (accountId, category) => now(() => store.settleRecordCount(accountId, category)),
    saveBudget: (provider, state) => now(() => store.saveBudget(provider, state)),
    applyDatedBy: (accountId) => now(() => store.applyDatedBy(accountId)),
    close: () => Promise.resolve(),
  };
}
