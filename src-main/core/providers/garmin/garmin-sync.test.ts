import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSyncJob, type JobDeps } from '../../sync/engine/sync-job';
import { PROVIDER_BUDGETS, RequestBudget } from '../../sync/http/request-budget';
import { FAST_RETRY, storeDigest } from '../../sync/test-support/harness';
import { HealthStore } from '../../store/health-store';
import { openGarminTestbed, type GarminTestbed } from './test-support';

// A Garmin account synced by the real sync job: registry → Garmin fetchers →
// ProviderHttp → Garmin TokenSource → simulator, into the real store.

const USER = {
  email: 'sync@example.com',
  password: 'pw-for-sync-tests',
  profileId: 700777,
  displayName: 'sync-runner',
};
let tb: GarminTestbed;
let accountId: string;
let deps: JobDeps;

beforeEach(async () => {
  tb = await openGarminTestbed([USER], {}, Date.parse('2026-11-20T12:00:00Z'));
  const r = await tb.service.handlers.garminSignIn({ email: USER.email, password: USER.password });
  if (r.status !== 'connected') throw new Error('sign-in failed');
  accountId = r.accountId;
  const budget = new RequestBudget(PROVIDER_BUDGETS.garmin ?? []);
  deps = {
    store: new HealthStore(tb.db),
    accounts: tb.ctx.accounts,
    tokens: tb.service.tokens,
    budgetFor: () => budget,
    retry: FAST_RETRY,
    now: () => tb.clock.now,
    onProgress: () => undefined,
  };
});

afterEach(async () => {
  await tb.close();
});

const sync = () =>
  runSyncJob(
    deps,
    { accountId, apiBaseUrl: tb.sim.endpoints.apiBaseUrl, backfillDays: 5 },
    new AbortController().signal,
  );

describe('Garmin sync', () => {
  it('backfills every Garmin category, and a second run adds no duplicates', async () => {
    const first = await sync();
    expect(first).toMatchObject({ status: 'ok', errors: {} });
    const digest = storeDigest(tb.db, accountId);
    // Present every day; weigh-ins and workouts only on some days of the simulated user.
    for (const k of [
      'garmin.daily_summary',
      'garmin.sleep',
      'garmin.hrv',
      'garmin.daily_stress',
      'series.heart_rate',
      'series.stress',
    ]) {
      expect(digest[k]?.n, k).toBeGreaterThan(0);
    }
    const known = ['garmin.daily_summary', 'garmin.sleep', 'garmin.hrv', 'garmin.daily_stress', 'garmin.activity'];
    const measurements = ['weight', 'bmi', 'body_fat', 'series.heart_rate', 'series.stress'];
    expect(Object.keys(digest).filter((k) => !known.includes(k) && !measurements.includes(k))).toEqual([]);
    expect(digest['garmin.daily_summary']!.n).toBeGreaterThanOrEqual(5);
    tb.clock.now += 3600 * 1000;
    const second = await sync();
    expect(second.status).toBe('ok');
    expect(storeDigest(tb.db, accountId)).toEqual(digest);
  });
});
