import { afterEach, describe, expect, it } from 'vitest';
import type { AccountsSnapshot } from '../../../src-shared/accounts';
import type { BridgeResult } from '../../../src-shared/errors';
import type { SyncProgress } from '../../../src-shared/ipc/payloads';
import { dispatchCall } from '../ipc/dispatch';
import { memoryLogger } from '../log/logger';
import { startHarness, type Harness } from './test-support/oauth-harness';

// Sync through the composed core: real OAuth simulators (tokens issued by
// their token endpoints, refreshed by the real TokenManager), real SQLite, the
// syncNow call as a window makes it, status in the accounts snapshot.

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function call<T>(name: string, input: unknown): Promise<BridgeResult<T>> {
  return (await dispatchCall(h.core.handlers, name, input, memoryLogger())) as BridgeResult<T>;
}
const snapshot = async () =>
  ((await call<AccountsSnapshot>('listAccounts', {})) as { ok: true; value: AccountsSnapshot }).value;
const progress = () =>
  h.platform.events.filter((e) => e.event === 'syncProgress').map((e) => e.payload as SyncProgress);
async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const jobDone =
  (accountId: string, n = 1) =>
  () =>
    progress().filter(
      (p) => p.accountId === accountId && p.category === null && (p.phase === 'finished' || p.phase === 'failed'),
    ).length >= n;

describe('sync through the core', () => {
  it('syncNow backfills only the granted categories and the snapshot shows per-category status', async () => {
    h = await startHarness();
    await h.connect('oura', { untick: ['workout', 'spo2'] });
    const [account] = (await snapshot()).accounts;
    expect(account!.grantedCategories).not.toContain('workouts');
    const r = await call<{ started: boolean; queued: boolean }>('syncNow', { accountId: account!.id });
    expect(r).toEqual({ ok: true, value: { started: true, queued: false } });
    // A second press while the job runs does not start another: it is queued to run right after (issue 16).
    expect(await call('syncNow', { accountId: account!.id })).toEqual({
      ok: true,
      value: { started: false, queued: true },
    });
    await until('the job and the queued one to finish', jobDone(account!.id, 2));
    // `finished` is sent before the job lets go of its slot: the card says connected only once it has.
    await until('the account to be shown connected', () => {
      const last = h.platform.events.filter((e) => e.event === 'accountsChanged').at(-1)?.payload as AccountsSnapshot;
      return last?.accounts[0]?.status === 'connected';
    });

    const view = (await snapshot()).accounts[0]!;
    expect(view.status).toBe('connected');
    const byCategory = Object.fromEntries(view.categories.map((c) => [c.category, c]));
    for (const c of ['daily_summary', 'sleep', 'heart_rate', 'profile'] as const) {
      expect(byCategory[c]).toMatchObject({ granted: true, running: false, lastError: null });
      expect(byCategory[c]!.lastSuccessAt).not.toBeNull();
      expect(byCategory[c]!.records).toBeGreaterThan(0);
    }
    expect(byCategory.heart_rate!.records).toBeGreaterThan(20_000); // 90 days at 5 minutes
    expect(byCategory.workouts).toMatchObject({ granted: false, records: 0, lastSuccessAt: null });
    expect(byCategory.heart_rate!.nextRunAt).not.toBeNull();
    const paths = new Set(h.sims.oura.server.requests.map((q) => q.path));
    expect(paths.has('/v2/usercollection/workout')).toBe(false);
    expect(paths.has('/v2/usercollection/daily_spo2')).toBe(false);
    expect(progress().some((p) => p.category === 'heart_rate' && p.phase === 'progress' && p.records > 0)).toBe(true);
  });

  it('offline pauses without failing; back online it resumes by itself', async () => {
    h = await startHarness();
    await h.connect('whoop');
    const [account] = (await snapshot()).accounts;
    h.core.setOnline(false);
    const r = await call('syncNow', { accountId: account!.id });
    expect(r).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    expect((await snapshot()).online).toBe(false);
    expect((await snapshot()).accounts[0]!.categories.every((c) => c.lastError === null)).toBe(true);
    h.core.setOnline(true);
    await until('the resumed job to finish', jobDone(account!.id));
    const view = (await snapshot()).accounts[0]!;
    expect(view.categories.find((c) => c.category === 'recovery')!.lastSuccessAt).not.toBeNull();
  });

  it('a sync for an unknown account is a clear error', async () => {
    h = await startHarness();
    expect(await call('syncNow', { accountId: 'nope' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
