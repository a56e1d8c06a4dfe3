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

  it('dates each recovery by its cycle’s offset (the user’s local wake-up day); without cycles it stays in UTC', async () => {
    const east = new WhoopDataset({
      seed: 8,
      userId: 4242,
      firstDay: '2025-11-20',
      timezoneOffset: '+10:00',
      until: () => NOW,
    });
    const sim = new SyncHarness('whoop', NOW);
    sim.sim.use(dataRoutes(sim.grants, east));
    await sim.start();
    try {
      const rows = (accountId: string) =>
        sim.db
          .prepare(
            `SELECT local_date AS localDate, utc_offset_min AS offset, json_extract(raw, '$.created_at') AS createdAt
               FROM daily_summaries WHERE account_id = ? AND kind = 'whoop.recovery'`,
          )
          .all(accountId) as { localDate: string; offset: number | null; createdAt: string }[];

      const both = sim.connect('whoop', '4242', ['offline', 'read:recovery', 'read:cycles']);
      expect((await sim.sync(both.id, 60)).status).toBe('ok');
      const dated = rows(both.id);
      expect(dated.length).toBeGreaterThan(20);
      for (const r of dated) {
        expect(r.offset).toBe(600);
        expect(r.localDate).toBe(new Date(Date.parse(r.createdAt) + 600 * 60_000).toISOString().slice(0, 10));
      }
      // The point of it: for this user most wake-ups fall on the previous UTC day.
      expect(dated.filter((r) => r.localDate !== r.createdAt.slice(0, 10)).length).toBeGreaterThan(0);

      const alone = sim.connect('whoop', '4243', ['offline', 'read:recovery']);
      expect((await sim.sync(alone.id, 60)).status).toBe('ok');
      expect(rows(alone.id).length).toBe(dated.length);
      for (const r of rows(alone.id)) {
        expect(r.offset).toBeNull();
        expect(r.localDate).toBe(new Date(Date.parse(r.createdAt)).toISOString().slice(0, 10));
      }
    } finally {
      await sim.close();
    }
  });
});
