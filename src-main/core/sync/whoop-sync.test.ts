import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataRoutes } from '../../../simulators/whoop/data';
import { WhoopDataset } from '../../../simulators/whoop/dataset';
import { SyncHarness, storeDigest } from './test-support/harness';
import { whoopExpected } from './test-support/whoop-expected';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const DAY = 86_400_000;

describe('WHOOP: connect → backfill → incremental', () => {
  let h: SyncHarness;
  let dataset: WhoopDataset;

  beforeEach(async () => {
    h = new SyncHarness('whoop', NOW);
    dataset = new WhoopDataset({
      seed: 5,
      userId: 10129,
      firstDay: '2025-09-15',
      timezoneOffset: '-05:00',
      until: () => h.clock,
    });
    h.sim.use(dataRoutes(h.grants, dataset));
    await h.start();
  });
  afterEach(() => h.close());

  it('stores exactly the simulator’s data for the granted scopes, pages of ≤ 25, none for the rest', async () => {
    const scopes = ['offline', 'read:profile', 'read:cycles', 'read:sleep', 'read:body_measurement'];
    const account = h.connect('whoop', '10129', scopes);
    expect((await h.sync(account.id, 365)).status).toBe('ok');
    expect(storeDigest(h.db, account.id)).toEqual(whoopExpected(dataset, scopes, 1));
    const paths = new Set(h.sim.requests.map((r) => r.path));
    expect(paths.has('/developer/v2/recovery')).toBe(false);
    expect(paths.has('/developer/v2/activity/workout')).toBe(false);

    // The open cycle has no end yet; a day later it is closed and scored, and a new one is open.
    const openBefore = h.db
      .prepare(
        `SELECT json_extract(data, '$.end') FROM daily_summaries WHERE kind = 'whoop.cycle' ORDER BY local_date DESC, record_id DESC LIMIT 1`,
      )
      .pluck()
      .get();
    expect(openBefore).toBeNull();
    h.clock += DAY;
    const before = h.sim.requests.length;
    expect((await h.sync(account.id, 365)).status).toBe('ok');
    expect(storeDigest(h.db, account.id)).toEqual(whoopExpected(dataset, scopes, 2));
    // Nothing new beyond a day: one page per granted collection plus the two snapshots.
    expect(h.sim.requests.length - before).toBe(4);
    const open = h.db
      .prepare(
        `SELECT count(*) FROM daily_summaries WHERE kind = 'whoop.cycle' AND json_extract(data, '$.end') IS NULL`,
      )
      .pluck()
      .get();
    expect(open).toBe(1);
  });

  it('all scopes: recovery and workouts too', async () => {
    const scopes = [
      'offline',
      'read:profile',
      'read:cycles',
      'read:sleep',
      'read:recovery',
      'read:workout',
      'read:body_measurement',
    ];
    const account = h.connect('whoop', '10129', scopes);
    expect((await h.sync(account.id, 365)).status).toBe('ok');
    expect(storeDigest(h.db, account.id)).toEqual(whoopExpected(dataset, scopes, 1));
  });

  it('429 with X-RateLimit-Reset (no Retry-After): the next request waits for the reset', async () => {
    const scopes = ['offline', 'read:profile', 'read:cycles'];
    const account = h.connect('whoop', '10129', scopes);
    h.sim.inject({
      pathPrefix: '/developer/v2/cycle',
      times: 1,
      fault: {
        kind: 'status',
        status: 429,
        headers: { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' },
      },
    });
    expect((await h.sync(account.id, 365)).status).toBe('ok');
    const cycles = h.sim.requests.filter((r) => r.path === '/developer/v2/cycle');
    expect(cycles[1]!.at - cycles[0]!.at).toBeGreaterThanOrEqual(950);
    expect(storeDigest(h.db, account.id)).toEqual(whoopExpected(dataset, scopes, 1));
  });
});
