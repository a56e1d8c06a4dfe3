import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataRoutes } from '../../../simulators/withings/data';
import { WithingsDataset } from '../../../simulators/withings/dataset';
import { SyncHarness, storeDigest } from './test-support/harness';
import { withingsExpected } from './test-support/withings-expected';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const DAY = 86_400_000;

describe('Withings: connect → backfill → incremental', () => {
  let h: SyncHarness;
  let dataset: WithingsDataset;

  beforeEach(async () => {
    h = new SyncHarness('withings', NOW);
    // Spans a daylight-saving change: offsets differ between records.
    dataset = new WithingsDataset({
      seed: 9,
      userId: 4242,
      firstDay: '2025-09-01',
      timezone: 'Europe/Paris',
      until: () => h.clock,
    });
    h.sim.use(dataRoutes(h.grants, dataset, { pageSize: 30 }));
    await h.start();
  });
  afterEach(() => h.close());

  it('stores exactly the simulator’s data (value × 10^unit), grouped by local date', async () => {
    const scopes = ['user.info', 'user.metrics', 'user.activity'];
    const account = h.connect('withings', '4242', scopes);
    expect((await h.sync(account.id, 365)).status).toBe('ok');
    expect(storeDigest(h.db, account.id)).toEqual(withingsExpected(dataset, scopes));
    const weight = h.db.prepare(`SELECT value FROM measurements WHERE kind = 'weight' LIMIT 1`).pluck().get() as number;
    expect(Number.isInteger(weight * 1000) && weight > 60 && weight < 80).toBe(true);
    const offsets = h.db
      .prepare(`SELECT DISTINCT utc_offset_min FROM sessions WHERE kind = 'withings.sleep' ORDER BY 1`)
      .pluck()
      .all();
    expect(offsets).toEqual([60, 120]);

    h.clock += DAY;
    expect((await h.sync(account.id, 365)).status).toBe('ok');
    expect(storeDigest(h.db, account.id)).toEqual(withingsExpected(dataset, scopes));
  });

  it('only user.metrics granted: no activity, sleep or workout request is sent', async () => {
    const account = h.connect('withings', '4242', ['user.info', 'user.metrics']);
    expect((await h.sync(account.id, 365)).status).toBe('ok');
    expect(new Set(h.sim.requests.map((r) => r.path))).toEqual(new Set(['/measure']));
    expect(storeDigest(h.db, account.id)).toEqual(withingsExpected(dataset, ['user.metrics']));
  });

  it('status 601 in the envelope is retried after a wait', async () => {
    const account = h.connect('withings', '4242', ['user.info', 'user.activity']);
    h.sim.inject({
      pathPrefix: '/v2/sleep',
      times: 2,
      fault: { kind: 'status', status: 200, body: '{"status":601,"body":{},"error":"Too many requests"}' },
    });
    expect((await h.sync(account.id, 365)).status).toBe('ok');
    expect(h.sim.requests.filter((r) => r.path === '/v2/sleep').length).toBeGreaterThanOrEqual(3);
    expect(storeDigest(h.db, account.id)).toEqual(withingsExpected(dataset, ['user.activity']));
  });

  it('status 401 in the envelope refreshes once; 2554 is a missing permission; an unknown status fails clearly', async () => {
    const account = h.connect('withings', '4242', ['user.info', 'user.metrics', 'user.activity']);
    h.grants.expire(account.id);
    h.sim.inject({
      pathPrefix: '/v2/sleep',
      times: 1,
      fault: { kind: 'status', status: 200, body: '{"status":2554,"body":{},"error":"nope"}' },
    });
    const outcome = await h.sync(account.id, 365);
    expect(h.grants.refreshes).toEqual([account.id]);
    expect(outcome.status).toBe('partial');
    expect(outcome.errors.sleep).toMatch(/permission for it was not granted/);
    h.sim.inject({
      pathPrefix: '/v2/sleep',
      times: 1,
      fault: { kind: 'status', status: 200, body: '{"status":2,"body":{},"error":"?"}' },
    });
    expect((await h.sync(account.id, 365)).errors.sleep).toBe('Withings answered status 2 to getsummary.');
    expect((await h.sync(account.id, 365)).status).toBe('ok');
    expect(storeDigest(h.db, account.id)).toEqual(withingsExpected(dataset, ['user.metrics', 'user.activity']));
  });
});
