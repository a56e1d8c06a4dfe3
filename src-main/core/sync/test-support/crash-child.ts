// A sync process for the crash test: runs the real job against a simulator
// and a real SQLite file, so the test can `kill -9` it at random moments.
// Configuration comes from the environment (test-only; never used by the app).
import { AccountRepo } from '../../accounts/account-repo';
import { openDatabase } from '../../db/database';
import { HealthStore } from '../../store/health-store';
import { runSyncJob } from '../engine/sync-job';
import { ThreadStoreWriter } from '../worker/writer-thread';
import { PROVIDER_BUDGETS, RequestBudget } from '../http/request-budget';
import type { TokenSource } from '../../auth/token-source';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};

const db = openDatabase(env('CRASH_DB'));
const token = env('CRASH_TOKEN');
const tokens: TokenSource = { accessToken: async () => token, refreshAfterRejection: async () => token };
const budget = new RequestBudget(PROVIDER_BUDGETS.oura!);
const now = Number(env('CRASH_NOW'));

// CRASH_WRITER=thread: the job's writes go through the database writer thread, as in the app.
const writer = process.env.CRASH_WRITER === 'thread' ? new ThreadStoreWriter(env('CRASH_DB')) : null;
await writer?.start();

process.stdout.write('started\n');
const outcome = await runSyncJob(
  {
    store: new HealthStore(db),
    ...(writer ? { writer } : {}),
    accounts: new AccountRepo(db),
    tokens,
    budgetFor: () => budget,
    retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxWaitMs: 1000, rateLimitWaitMs: 20 },
    now: () => now,
    onProgress: () => {},
  },
  { accountId: env('CRASH_ACCOUNT'), apiBaseUrl: env('CRASH_API'), backfillDays: Number(env('CRASH_DAYS')) },
  new AbortController().signal,
);
await writer?.close();
process.stdout.write(`done ${outcome.status}\n`);
db.close();
