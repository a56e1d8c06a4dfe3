import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OuraDataset } from '../../../simulators/oura/dataset';
import { dataRoutes } from '../../../simulators/oura/data';
import { SyncHarness, storeDigest } from './test-support/harness';
import { ouraExpected } from './test-support/oura-expected';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const DAY = 86_400_000;

describe('Oura: connect → backfill → incremental', () => {
  let h: SyncHarness;
  let dataset: OuraDataset;

  beforeEach(async () => {
    h = new SyncHarness('oura', NOW);
    dataset = new OuraDataset({
      seed: 7,
      userId: 'oura-user-1',
      firstDay: '2025-10-01',
      utcOffsetMin: -300,
      until: () => h.clock,
    });
    h.sim.use(dataRoutes(h.grants, dataset, { pageSize: 25, heartRatePageSize: 3000 }));
    await h.start();
  });
  afterEach(() => h.close());

  it('stores exactly the simulator’s data for the granted categories and never asks for the others', async () => {
    const scopes = ['personal', 'daily', 'heartrate'];
    const account = h.connect('oura', 'oura-user-1', scopes);

    const first = await h.sync(account.id, 365);
    expect(first).toEqual({ status: 'ok', retryAt: null, errors: {} });
    expect(storeDigest(h.db, account.id)).toEqual(ouraExpected(dataset, scopes));
    const paths = new Set(h.sim.requests.map((r) => r.path));
    expect(paths.has('/v2/usercollection/workout')).toBe(false);
    expect(paths.has('/v2/usercollection/daily_spo2')).toBe(false);
    expect(paths.has('/v2/usercollection/heartrate')).toBe(true);

    // A day later: only what is new (plus the overlap) is asked for, and the store matches again.
    h.clock += DAY;
    const before = h.sim.requests.length;
    expect((await h.sync(account.id, 365)).status).toBe('ok');
    expect(storeDigest(h.db, account.id)).toEqual(ouraExpected(dataset, scopes));
    const incremental = h.sim.requests.slice(before).map((r) => r.path);
    expect(incremental.sort()).toEqual(
      ['daily_activity', 'daily_readiness', 'daily_sleep', 'heartrate', 'personal_info', 'sleep'].map(
        (n) => `/v2/usercollection/${n}`,
      ),
    );

    // Re-syncing with nothing new changes nothing and duplicates nothing.
    const digest = storeDigest(h.db, account.id);
    await h.sync(account.id, 365);
    expect(storeDigest(h.db, account.id)).toEqual(digest);
  });

  it('reports progress with the covered range and settles exact record counts', async () => {
    const account = h.connect('oura', 'oura-user-1', ['personal', 'heartrate']);
    await h.sync(account.id, 365);
    const hr = h.progress.filter((p) => p.category === 'heart_rate' && p.phase === 'progress');
    expect(hr.length).toBeGreaterThan(3);
    const coveredFroms = hr.map((p) => Date.parse(p.coveredFrom!));
    expect([...coveredFroms].sort((a, b) => b - a)).toEqual(coveredFroms); // newest first
    const expected = ouraExpected(dataset, ['heartrate'])['series.heart_rate']!.n;
    expect(h.store.cursor(account.id, 'heart_rate')?.records).toBe(expected);
    // Every sample is traceable to a stored raw page holding it.
    const pages = h.store.seriesPages(account.id, 'heart_rate');
    expect(pages.reduce((n, p) => n + p.samples, 0)).toBe(expected);
    const page = pages.find((p) => p.samples > 0)!;
    const raw = JSON.parse(page.raw) as { data: { timestamp_unix: number }[] };
    expect(raw.data.length).toBe(page.samples);
    expect(Math.floor(raw.data[0]!.timestamp_unix / 1000)).toBeGreaterThanOrEqual(page.fromTs);
    expect(Math.floor(raw.data.at(-1)!.timestamp_unix / 1000)).toBeLessThan(page.toTs);
  });

  it('deleteAccountData removes every row of that account and nothing of another', async () => {
    const scopes = ['personal', 'daily', 'heartrate', 'workout', 'spo2'];
    const gone = h.connect('oura', 'oura-user-1', scopes);
    const kept = h.connect('oura', 'oura-user-2', scopes);
    await h.sync(gone.id, 365);
    await h.sync(kept.id, 365);
    const keptDigest = storeDigest(h.db, kept.id);
    h.store.deleteAccountData(gone.id);
    expect(storeDigest(h.db, gone.id)).toEqual({});
    expect(h.store.hasData(gone.id)).toBe(false);
    expect(h.store.cursor(gone.id, 'heart_rate')).toBeNull();
    expect(h.store.statuses(gone.id)).toEqual([]);
    expect(
      h.db.prepare('SELECT count(*) FROM series_pages WHERE series_id NOT IN (SELECT id FROM series)').pluck().get(),
    ).toBe(0);
    expect(
      h.db.prepare('SELECT count(*) FROM series_samples WHERE series_id NOT IN (SELECT id FROM series)').pluck().get(),
    ).toBe(0);
    expect(storeDigest(h.db, kept.id)).toEqual(keptDigest);
  });
});
