import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dataRoutes } from '../../../simulators/oura/data';
import { OuraDataset } from '../../../simulators/oura/dataset';
import type { SyncProgress } from '../../../src-shared/ipc/payloads';
import { SyncHarness, storeDigest } from './test-support/harness';
import { ouraExpected } from './test-support/oura-expected';
import { WorkerRunner } from './worker/worker-runner';
import { buildThreads, type BuiltThreads } from './test-support/built-threads';

// The engine in its worker thread: its own SQLite connection on the same file,
// tokens asked from this thread's TokenSource, cancel that settles before it
// returns. (The worker uses the real clock: the dataset ends now.) It runs the
// built sync-worker.js, as the app does: booting the .ts source under tsx in
// each new thread took longer than the test on a loaded machine (issue 16).

const SCOPES = ['personal', 'daily', 'heartrate'];

let built: BuiltThreads;
beforeAll(async () => {
  built = await buildThreads();
}, 120_000);
afterAll(() => built?.remove());

describe('WorkerRunner', () => {
  let h: SyncHarness;
  let dataset: OuraDataset;
  let runner: WorkerRunner;

  beforeEach(async () => {
    h = new SyncHarness('oura', Date.now());
    const firstDay = new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10);
    dataset = new OuraDataset({ seed: 31, userId: 'w', firstDay, utcOffsetMin: 0, until: () => h.clock });
    h.sim.use(dataRoutes(h.grants, dataset, { heartRatePageSize: 2000 }));
    await h.start();
    runner = new WorkerRunner({
      dbFile: h.dbFile,
      tokens: h.grants,
      workerUrl: built.syncWorker,
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxWaitMs: 1000, rateLimitWaitMs: 20 },
    });
  });
  afterEach(async () => {
    await runner.close();
    await h.close();
  });

  it('backfills into the shared database file, with progress events, refreshing a token through this thread', async () => {
    const account = h.connect('oura', 'w', SCOPES);
    h.grants.expire(account.id);
    const events: SyncProgress[] = [];
    const outcome = await runner.run({ accountId: account.id, apiBaseUrl: h.sim.url, backfillDays: 365 }, (p) =>
      events.push(p),
    );
    expect(outcome).toEqual({ status: 'ok', retryAt: null, errors: {} });
    expect(h.grants.refreshes).toEqual([account.id]);
    expect(storeDigest(h.db, account.id)).toEqual(ouraExpected(dataset, SCOPES));
    expect(events.filter((e) => e.category === 'heart_rate' && e.phase === 'progress').length).toBeGreaterThan(3);
  });

  it('cancel() returns only when the job settled; no request leaves afterwards', async () => {
    const account = h.connect('oura', 'w', SCOPES);
    let started!: () => void;
    const firstProgress = new Promise<void>((r) => (started = r));
    const job = runner.run(
      { accountId: account.id, apiBaseUrl: h.sim.url, backfillDays: 365 },
      (p) => p.phase === 'progress' && started(),
    );
    await firstProgress;
    await runner.cancel(account.id);
    const sent = h.sim.requests.length;
    expect((await job).status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 150));
    expect(h.sim.requests.length).toBe(sent);
  });

  it('a revoked grant, reported by this thread’s TokenSource, disconnects the account', async () => {
    const account = h.connect('oura', 'w', SCOPES);
    h.grants.revoke(account.id);
    const outcome = await runner.run({ accountId: account.id, apiBaseUrl: h.sim.url, backfillDays: 365 }, () => {});
    expect(outcome.status).toBe('revoked');
    expect(h.accounts.get(account.id)).toMatchObject({
      status: 'disconnected',
      statusMessage: 'Access was revoked at the provider',
    });
    expect(h.sim.requests.length).toBe(0);
  });
});
