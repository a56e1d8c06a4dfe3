import type { SyncProgress } from '../../../../src-shared/ipc/payloads';
import type { ProviderId } from '../../../../src-shared/providers';
import type { AccountRepo } from '../../accounts/account-repo';
import type { TokenSource } from '../../auth/token-source';
import type { Logger } from '../../log/logger';
import { inlineStoreWriter, type StoreWriter } from '../../store/store-writer';
import type { HealthStore } from '../../store/health-store';
import { DEFAULT_RETRY, type RetryPolicy } from '../http/provider-http';
import { PROVIDER_BUDGETS, RequestBudget } from '../http/request-budget';
import type { JobRunner } from './job-runner';
import { AccessLogBuffer } from '../../access-log/access-log-buffer';
import { runSyncJob, type JobDeps, type JobOutcome, type JobSpec } from './sync-job';

export interface InProcessRunnerDeps {
  store: HealthStore;
  /** Where a job's writes go (the sync worker's writer thread); the store in this thread if absent. */
  writer?: StoreWriter;
  accounts: AccountRepo;
  tokens: TokenSource;
  log?: Logger;
  retry?: RetryPolicy;
  now?: () => number;
  /** Called as each request leaves (tests count what the client sent, not what has arrived yet). */
  onRequest?: JobDeps['onRequest'];
  /** The access log (issue 12): on unless false (the benchmark measures it off too). */
  accessLog?: boolean;
}

/** Requests between two saves of a provider's budget (and one more save after every job). */
const BUDGET_SAVE_EVERY = 50;

/**
 * Runs jobs in the calling thread, with one request budget per provider shared by its accounts. The budgets
 * are kept in the database (saved every BUDGET_SAVE_EVERY requests and after each job, loaded when first
 * used), so a restart does not hand out WHOOP's 10,000 a day again; a crash loses at most the last few.
 */
export class InProcessRunner implements JobRunner {
  private readonly budgets = new Map<ProviderId, RequestBudget>();
  private readonly writer: StoreWriter;
  private readonly accessLog: AccessLogBuffer | null;
  private closed = false;
  private readonly running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();

  constructor(private readonly deps: InProcessRunnerDeps) {
    this.writer = deps.writer ?? inlineStoreWriter(deps.store);
    this.accessLog =
      deps.accessLog === false ? null : new AccessLogBuffer((rows) => this.writer.appendAccessLog(rows), deps.log);
  }

  async run(spec: JobSpec, onProgress: (p: SyncProgress) => void): Promise<JobOutcome> {
    if (this.running.has(spec.accountId)) throw new Error(`a job for ${spec.accountId} is already running`);
    const controller = new AbortController();
    const done = runSyncJob(
      {
        store: this.deps.store,
        writer: this.writer,
        accounts: this.deps.accounts,
        tokens: this.deps.tokens,
        budgetFor: (p) => this.budget(p),
        retry: this.deps.retry ?? DEFAULT_RETRY,
        now: this.deps.now ?? Date.now,
        onProgress,
        log: this.deps.log,
        onRequest: this.deps.onRequest,
        ...(this.accessLog ? { accessLog: this.accessLog } : {}),
      },
      spec,
      controller.signal,
    );
    this.running.set(spec.accountId, { controller, done });
    try {
      return await done;
    } finally {
      this.running.delete(spec.accountId);
      // The job's access-log rows are written before its outcome is told.
      await this.accessLog?.flush();
      await this.saveBudgets();
    }
  }

  async cancel(accountId: string): Promise<void> {
    const job = this.running.get(accountId);
    if (!job) return;
    job.controller.abort();
    await job.done.catch(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.cancel(id)));
    await this.accessLog?.flush();
    await this.saveBudgets();
    this.closed = true;
    await this.writer.close();
  }

  private budget(provider: ProviderId): RequestBudget {
    let b = this.budgets.get(provider);
    if (!b) {
      let taken = 0;
      const saved = this.deps.store.loadBudget(provider);
      b = new RequestBudget(PROVIDER_BUDGETS[provider] ?? [], this.deps.now ?? Date.now, saved, () => {
        if (++taken % BUDGET_SAVE_EVERY === 0) void this.saveBudget(provider);
      });
      this.budgets.set(provider, b);
    }
    return b;
  }

  private async saveBudgets(): Promise<void> {
    await Promise.all([...this.budgets.keys()].map((p) => this.saveBudget(p)));
  }

  private async saveBudget(provider: ProviderId): Promise<void> {
    const b = this.budgets.get(provider);
    if (!b || this.closed) return;
    try {
      await this.writer.saveBudget(provider, b.snapshot());
    } catch (err) {
      // Not worth failing a sync over: the provider's own 429s still bound the rate.
      this.deps.log?.warn('could not save the request budget', { provider, error: err });
    }
  }
}
