import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncProgress } from '../../../src-shared/ipc/payloads';
import { InProcessRunner } from './engine/in-process-runner';
import { SyncScheduler } from './scheduler';
import { FAST_RETRY, recentOuraHarness, type SyncHarness } from './test-support/harness';

// The scheduler with the real in-thread runner, a real simulator and SQLite;
// only the interval is shortened so the test sees several runs.

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('SyncScheduler', () => {
  let h: SyncHarness;
  let scheduler: SyncScheduler;
  const done: string[] = [];
  let interval = 300;
  let sentByClient = 0;

  beforeEach(async () => {
    h = await recentOuraHarness(20);
    done.length = 0;
    interval = 300;
    sentByClient = 0;
    const runner = new InProcessRunner({
      store: h.store,
      accounts: h.accounts,
      tokens: h.grants,
      retry: FAST_RETRY,
      onRequest: () => (sentByClient += 1),
    });
    scheduler = new SyncScheduler({
      runner,
      accountIds: () => h.accounts.list().map((a) => a.id),
      specFor: (id) =>
        h.accounts.get(id)?.status === 'connected' ? { accountId: id, apiBaseUrl: h.sim.url, backfillDays: 30 } : null,
      intervalMs: () => interval,
      onProgress: (p: SyncProgress) => p.category === null && p.phase !== 'started' && done.push(p.accountId),
      onStateChange: () => {},
    });
  });
  afterEach(async () => {
    await scheduler.close();
    await h.close();
  });

  it('plans only connected accounts, runs them, and runs them again after the interval', async () => {
    const a = h.connect('oura', 's', ['personal']);
    const b = h.accounts.create({
      providerId: 'oura',
      providerUserId: 'x',
      label: null,
      authMethod: 'oauth2',
      status: 'needs_reconnect',
      grantedScopes: ['personal'],
    });
    scheduler.reconcile();
    expect(scheduler.status(a.id).nextRunAt).not.toBeNull();
    expect(scheduler.status(b.id)).toEqual({ running: false, runningCategories: [], nextRunAt: null });
    await until('two runs', () => done.filter((id) => id === a.id).length >= 2);
    expect(done.includes(b.id)).toBe(false);
  });

  it('syncNow runs at once, queues a second press to run after it, and offline clears every timer', async () => {
    interval = 60 * 60_000;
    const a = h.connect('oura', 's', ['personal', 'daily']);
    expect(scheduler.syncNow(a.id)).toBe('started');
    expect(scheduler.syncNow(a.id)).toBe('queued');
    await until('the run and the queued run', () => done.filter((id) => id === a.id).length === 2);
    await until('the queued run to let go of its slot', () => !scheduler.status(a.id).running);
    expect(scheduler.status(a.id).nextRunAt).toBeGreaterThan(Date.now() + 50 * 60_000);
    scheduler.setOnline(false);
    expect(scheduler.status(a.id).nextRunAt).toBeNull();
    expect(scheduler.syncNow(a.id)).toBeNull();
    scheduler.setOnline(true);
    expect(scheduler.status(a.id).nextRunAt).toBeLessThan(Date.now() + 6_000);
  });

  it('stopAccount cancels the running job and its plan; nothing is sent afterwards', async () => {
    interval = 200;
    const a = h.connect('oura', 's', ['personal', 'daily', 'heartrate']);
    expect(scheduler.syncNow(a.id)).toBe('started');
    await until('a first request', () => h.sim.requests.length > 0);
    await scheduler.stopAccount(a.id);
    // Counted where requests leave: one already on the wire may still land at the server afterwards.
    const sent = sentByClient;
    await new Promise((r) => setTimeout(r, 500));
    expect(sentByClient).toBe(sent);
    expect(h.sim.requests.length).toBeLessThanOrEqual(sent);
    expect(scheduler.status(a.id)).toEqual({ running: false, runningCategories: [], nextRunAt: null });
  });
  // Issue 15: Stop on the card's progress line.
  it('pauseJob stops the running job, keeps what it stored, and plans the next run one interval away', async () => {
    interval = 60 * 60_000;
    const a = h.connect('oura', 's', ['personal', 'daily', 'heartrate']);
    expect(await scheduler.pauseJob(a.id)).toBe(false);
    expect(scheduler.syncNow(a.id)).toBe('started');
    await until('a first request', () => h.sim.requests.length > 0);
    expect(await scheduler.pauseJob(a.id)).toBe(true);
    const status = scheduler.status(a.id);
    expect(status.running).toBe(false);
    expect(status.nextRunAt).toBeGreaterThan(Date.now() + 50 * 60_000);
    const sent = sentByClient;
    await new Promise((r) => setTimeout(r, 300));
    expect(sentByClient).toBe(sent);
    // Sync now still works after a Stop.
    expect(scheduler.syncNow(a.id)).toBe('started');
    await until('the run', () => done.includes(a.id));
  });
});
