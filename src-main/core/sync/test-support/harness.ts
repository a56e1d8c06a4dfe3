import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ProviderId } from '../../../../src-shared/providers';
import { SimServer, type LoggedRequest } from '../../../../simulators/sim-server';
import { AccountRepo, type AccountRow } from '../../accounts/account-repo';
import { openDatabase, type Database } from '../../db/database';
import { HealthStore } from '../../store/health-store';
import { runSyncJob, type JobDeps, type JobOutcome } from '../engine/sync-job';
import type { RetryPolicy } from '../http/provider-http';
import { PROVIDER_BUDGETS, RequestBudget } from '../http/request-budget';
import type { SyncProgress } from '../../../../src-shared/ipc/payloads';
import { SimGrants } from './sim-grants';
import { dataRoutes } from '../../../../simulators/oura/data';
import { OuraDataset } from '../../../../simulators/oura/dataset';

export const FAST_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 5,
  maxDelayMs: 50,
  maxWaitMs: 5_000,
  rateLimitWaitMs: 20,
};

/** A real SQLite file, a real simulator on 127.0.0.1 and the real job, wired for a test. */
export class SyncHarness {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-sync-'));
  readonly dbFile = path.join(this.dir, 'omnio.sqlite');
  readonly db: Database = openDatabase(this.dbFile);
  readonly accounts = new AccountRepo(this.db);
  readonly store = new HealthStore(this.db);
  readonly grants = new SimGrants();
  readonly sim: SimServer;
  readonly progress: SyncProgress[] = [];
  private readonly budgets = new Map<ProviderId, RequestBudget>();
  clock: number;

  constructor(provider: ProviderId, now: number) {
    this.sim = new SimServer(provider);
    this.clock = now;
  }

  async start(): Promise<this> {
    await this.sim.start();
    return this;
  }

  connect(provider: ProviderId, userId: string, scopes: string[]): AccountRow {
    const account = this.accounts.create({
      providerId: provider,
      providerUserId: userId,
      label: userId,
      authMethod: 'oauth2',
      status: 'connected',
      grantedScopes: scopes,
    });
    this.grants.issue(account.id, userId, scopes);
    return account;
  }

  deps(overrides: Partial<JobDeps> = {}): JobDeps {
    return {
      store: this.store,
      accounts: this.accounts,
      tokens: this.grants,
      budgetFor: (p) => {
        let b = this.budgets.get(p);
        if (!b) this.budgets.set(p, (b = new RequestBudget(PROVIDER_BUDGETS[p] ?? [])));
        return b;
      },
      retry: FAST_RETRY,
      now: () => this.clock,
      onProgress: (p) => this.progress.push(p),
      ...overrides,
    };
  }

  sync(
    accountId: string,
    backfillDays: number,
    overrides: Partial<JobDeps> = {},
    signal = new AbortController().signal,
  ): Promise<JobOutcome> {
    return runSyncJob(this.deps(overrides), { accountId, apiBaseUrl: this.sim.url, backfillDays }, signal);
  }

  /** Data requests (paths) the simulator received since `since`. */
  dataRequests(since = 0): LoggedRequest[] {
    return this.sim.requests.slice(since);
  }

  async close(): Promise<void> {
    await this.sim.stop();
    this.db.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Counts and value checksums of what the store holds for an account, per table/kind. */
export function storeDigest(db: Database, accountId: string): Record<string, { n: number; sum: number }> {
  const out: Record<string, { n: number; sum: number }> = {};
  const add = (rows: { k: string; n: number; sum: number | null }[]) => {
    for (const r of rows) out[r.k] = { n: r.n, sum: Math.round((r.sum ?? 0) * 1000) / 1000 };
  };
  add(
    db
      .prepare(
        `SELECT kind AS k, count(*) AS n, total(coalesce(score, 0)) AS sum FROM daily_summaries WHERE account_id = ? GROUP BY kind`,
      )
      .all(accountId) as never,
  );
  add(
    db
      .prepare(
        `SELECT kind AS k, count(*) AS n, total(length(raw)) AS sum FROM sessions WHERE account_id = ? GROUP BY kind`,
      )
      .all(accountId) as never,
  );
  add(
    db
      .prepare(
        `SELECT kind AS k, count(*) AS n, total(value) AS sum FROM measurements WHERE account_id = ? GROUP BY kind`,
      )
      .all(accountId) as never,
  );
  add(
    db
      .prepare(
        `SELECT kind AS k, count(*) AS n, total(length(raw)) AS sum FROM profiles WHERE account_id = ? GROUP BY kind`,
      )
      .all(accountId) as never,
  );
  add(
    db
      .prepare(
        `SELECT 'series.' || s.metric AS k, count(*) AS n, total(x.value) + total(x.ts % 100000) AS sum
           FROM series s JOIN series_samples x ON x.series_id = s.id WHERE s.account_id = ? GROUP BY s.metric`,
      )
      .all(accountId) as never,
  );
  return out;
}

/**
 * A started harness whose Oura simulator serves `days` of data ending at the real clock, for tests of
 * the scheduler and the job runners (which use the real clock).
 */
export async function recentOuraHarness(days = 20): Promise<SyncHarness> {
  const h = new SyncHarness('oura', Date.now());
  const firstDay = new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
  h.sim.use(
    dataRoutes(h.grants, new OuraDataset({ seed: 1, userId: 's', firstDay, utcOffsetMin: 0, until: () => Date.now() })),
  );
  await h.start();
  return h;
}
