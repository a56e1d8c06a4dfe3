import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataRoutes } from '../../../simulators/whoop/data';
import { WhoopDataset } from '../../../simulators/whoop/dataset';
import { InProcessRunner } from './engine/in-process-runner';
import { SyncHarness } from './test-support/harness';

// The request budget outlives the runner: a new runner on the same database (the app after a restart)
// starts from the requests already sent inside the provider's windows (WHOOP: 100/min, 10,000/day).

const NOW = Date.parse('2026-01-10T12:00:00Z');
const SCOPES = ['offline', 'read:profile', 'read:cycles', 'read:sleep'];

describe('request budget across restarts', () => {
  let h: SyncHarness;

  beforeEach(async () => {
    h = new SyncHarness('whoop', NOW);
    const dataset = new WhoopDataset({
      seed: 3,
      userId: 777,
      firstDay: '2025-11-01',
      timezoneOffset: '+01:00',
      until: () => h.clock,
    });
    h.sim.use(dataRoutes(h.grants, dataset));
    await h.start();
  });
  afterEach(() => h.close());

  it('saves every request of a job and a new runner counts them against the same windows', async () => {
    const account = h.connect('whoop', '777', SCOPES);
    const runner = new InProcessRunner({ store: h.store, accounts: h.accounts, tokens: h.grants, now: () => h.clock });
    const outcome = await runner.run({ accountId: account.id, apiBaseUrl: h.sim.url, backfillDays: 60 }, () => {});
    expect(outcome.status).toBe('ok');
    await runner.close();
    const dataRequests = h.sim.requests.filter((r) => r.path.startsWith('/developer/')).length;
    expect(dataRequests).toBeGreaterThan(3);

    const saved = h.store.loadBudget('whoop');
    expect(saved?.sent).toHaveLength(dataRequests);
    expect(saved?.sent.every((at) => at === NOW)).toBe(true); // the harness clock stands still

    // "After a restart": the new runner's WHOOP budget starts full by that many requests.
    const again = new InProcessRunner({ store: h.store, accounts: h.accounts, tokens: h.grants, now: () => h.clock });
    h.sim.requests.length = 0;
    expect((await again.run({ accountId: account.id, apiBaseUrl: h.sim.url, backfillDays: 60 }, () => {})).status).toBe(
      'ok',
    );
    await again.close();
    const incremental = h.sim.requests.filter((r) => r.path.startsWith('/developer/')).length;
    expect(h.store.loadBudget('whoop')?.sent).toHaveLength(dataRequests + incremental);
  });

  it('ignores an unreadable saved budget instead of failing the sync', async () => {
    h.db.prepare("INSERT INTO app_state (key, value) VALUES ('sync.request_budget.whoop', '{not json')").run();
    expect(h.store.loadBudget('whoop')).toBeNull();
    const account = h.connect('whoop', '777', SCOPES);
    const runner = new InProcessRunner({ store: h.store, accounts: h.accounts, tokens: h.grants, now: () => h.clock });
    expect(
      (await runner.run({ accountId: account.id, apiBaseUrl: h.sim.url, backfillDays: 30 }, () => {})).status,
    ).toBe('ok');
    await runner.close();
    expect(h.store.loadBudget('whoop')?.sent.length).toBeGreaterThan(0);
  });
});
