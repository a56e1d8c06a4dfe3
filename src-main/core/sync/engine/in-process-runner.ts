import type { SyncProgress } from '../../../../src-shared/ipc/payloads';
import type { ProviderId } from '../../../../src-shared/providers';
import type { AccountRepo } from '../../accounts/account-repo';
import type { TokenSource } from '../../auth/token-source';
import type { Logger } from '../../log/logger';
import type { StoreWriter } from '../../store/store-writer';
import type { HealthStore } from '../../store/health-store';
import { DEFAULT_RETRY, type RetryPolicy } from '../http/provider-http';
import { PROVIDER_BUDGETS, RequestBudget } from '../http/request-budget';
import type { JobRunner } from './job-runner';
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
}

/** Runs jobs in the calling thread, with one request budget per provider shared by its accounts. */
export class InProcessRunner implements JobRunner {
  private readonly budgets = new Map<ProviderId, RequestBudget>();
  private readonly running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();

  constructor(private readonly deps: InProcessRunnerDeps) {}

  async run(spec: JobSpec, onProgress: (p: SyncProgress) => void): Promise<JobOutcome> {
    if (this.running.has(spec.accountId)) throw new Error(`a job for ${spec.accountId} is already running`);
    const controller = new AbortController();
    const done = runSyncJob(
      {
        store: this.deps.store,
        ...(this.deps.writer ? { writer: this.deps.writer } : {}),
        accounts: this.deps.accounts,
        tokens: this.deps.tokens,
        budgetFor: (p) => this.budget(p),
        retry: this.deps.retry ?? DEFAULT_RETRY,
        now: this.deps.now ?? Date.now,
        onProgress,
        log: this.deps.log,
        onRequest: this.deps.onRequest,
      },
      spec,
      controller.signal,
    );
    this.running.set(spec.accountId, { controller, done });
    try {
      return await done;
    } finally {
      this.running.delete(spec.accountId);
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
    await this.deps.writer?.close();
  }

  private budget(provider: ProviderId): RequestBudget {
    let b = this.budgets.get(provider);
    if (!b) this.budgets.set(provider, (b = new RequestBudget(PROVIDER_BUDGETS[provider] ?? [])));
    return b;
  }
}
