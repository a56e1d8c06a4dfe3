import { AccessRevokedError } from '../auth/token-source';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OuraDataset } from '../../../simulators/oura/dataset';
import { dataRoutes } from '../../../simulators/oura/data';
import { SyncHarness, storeDigest } from './test-support/harness';
import { ouraExpected } from './test-support/oura-expected';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const HR = '/v2/usercollection/heartrate';
const SCOPES = ['personal', 'daily', 'heartrate'];

describe('sync failure handling (Oura simulator)', () => {
  let h: SyncHarness;
  let dataset: OuraDataset;

  beforeEach(async () => {
    h = new SyncHarness('oura', NOW);
    dataset = new OuraDataset({
      seed: 3,
      userId: 'u1',
      firstDay: '2025-12-01',
      utcOffsetMin: 60,
      until: () => h.clock,
    });
    h.sim.use(dataRoutes(h.grants, dataset));
    await h.start();
  });
  afterEach(() => h.close());

  it('429 with Retry-After: waits as told, then completes', async () => {
    const account = h.connect('oura', 'u1', SCOPES);
    h.sim.inject({ pathPrefix: HR, times: 1, fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } } });
    const outcome = await h.sync(account.id, 60);
    expect(outcome.status).toBe('ok');
    const hr = h.sim.requests.filter((r) => r.path === HR);
    expect(hr[1]!.at - hr[0]!.at).toBeGreaterThanOrEqual(950);
    expect(storeDigest(h.db, account.id)).toEqual(ouraExpected(dataset, SCOPES));
  });

  it('a burst of 5xx and a connection reset mid-body are retried with backoff', async () => {
    const account = h.connect('oura', 'u1', SCOPES);
    h.sim.inject({ pathPrefix: HR, times: 2, fault: { kind: 'status', status: 503 } });
    h.sim.inject({ pathPrefix: '/v2/usercollection/daily_sleep', times: 1, fault: { kind: 'reset-mid-body' } });
    expect((await h.sync(account.id, 60)).status).toBe('ok');
    expect(storeDigest(h.db, account.id)).toEqual(ouraExpected(dataset, SCOPES));
  });

  it('5xx that outlasts the retries fails the job without disconnecting, and the next run catches up', async () => {
    const account = h.connect('oura', 'u1', SCOPES);
    h.sim.inject({ pathPrefix: HR, times: 100, fault: { kind: 'status', status: 500 } });
    const outcome = await h.sync(account.id, 60);
    expect(outcome.status).toBe('failed');
    expect(outcome.errors.heart_rate).toMatch(/could not be reached reliably/);
    expect(h.accounts.get(account.id)!.status).toBe('connected');
    expect(h.store.statuses(account.id).find((s) => s.category === 'heart_rate')!.lastError).toMatch(/HTTP 500/);
    h.sim.clearFaults();
    expect((await h.sync(account.id, 60)).status).toBe('ok');
    expect(storeDigest(h.db, account.id)).toEqual(ouraExpected(dataset, SCOPES));
    expect(h.store.statuses(account.id).find((s) => s.category === 'heart_rate')!.lastError).toBeNull();
  });

  it('malformed JSON fails that category with a clear error and writes nothing half-done', async () => {
    const account = h.connect('oura', 'u1', SCOPES);
    h.sim.inject({ pathPrefix: '/v2/usercollection/daily_readiness', times: 1, fault: { kind: 'malformed-json' } });
    const outcome = await h.sync(account.id, 60);
    expect(outcome.status).toBe('partial');
    expect(outcome.errors.daily_summary).toBe(
      'Oura sent a response Omnio could not read (daily_readiness: not valid JSON).',
    );
    // daily_activity of the same window was fetched but not written: the window is all or nothing.
    expect(storeDigest(h.db, account.id)['oura.daily_activity']).toBeUndefined();
    expect(h.store.cursor(account.id, 'daily_summary')).toBeNull();
    // The other categories went on.
    expect(storeDigest(h.db, account.id)['series.heart_rate']).toEqual(
      ouraExpected(dataset, SCOPES)['series.heart_rate'],
    );
    expect((await h.sync(account.id, 60)).status).toBe('ok');
    expect(storeDigest(h.db, account.id)).toEqual(ouraExpected(dataset, SCOPES));
  });

  it('a response that is JSON but not the documented shape is malformed too', async () => {
    const account = h.connect('oura', 'u1', ['personal', 'daily']);
    h.sim.inject({
      pathPrefix: '/v2/usercollection/daily_sleep',
      times: 1,
      fault: { kind: 'status', status: 200, body: '{"data":[{"id":"x","day":"yesterday"}],"next_token":null}' },
    });
    const outcome = await h.sync(account.id, 60);
    expect(outcome.errors.sleep).toMatch(/^Oura sent a response Omnio could not read \(daily_sleep: data\[0\] /);
  });

  it('an expired access token is refreshed once and the request retried', async () => {
    const account = h.connect('oura', 'u1', SCOPES);
    h.grants.expire(account.id);
    expect((await h.sync(account.id, 60)).status).toBe('ok');
    // Categories run two at a time: both may meet the expired token, but the refresh happens once.
    expect(h.grants.refreshes).toEqual([account.id]);
    const [firstToken] = h.sim.requests.map((r) => r.authorization);
    const rejected = h.sim.requests.filter((r) => r.authorization === firstToken);
    expect(rejected.length).toBeGreaterThanOrEqual(1);
    expect(rejected.length).toBeLessThanOrEqual(2);
    // Each rejected request was retried on the same endpoint with the new token.
    for (const r of rejected) {
      expect(h.sim.requests.some((q) => q.path === r.path && q.authorization !== firstToken && q.at >= r.at)).toBe(
        true,
      );
    }
    expect(storeDigest(h.db, account.id)).toEqual(ouraExpected(dataset, SCOPES));
  });

  it('a refresh rejected as revoked marks the account disconnected and nothing more is sent', async () => {
    const account = h.connect('oura', 'u1', SCOPES);
    await h.sync(account.id, 60);
    h.grants.revoke(account.id);
    h.grants.expire(account.id);
    h.clock += 86_400_000;
    const before = h.sim.requests.length;
    const outcome = await h.sync(account.id, 60);
    expect(outcome.status).toBe('revoked');
    const row = h.accounts.get(account.id)!;
    expect(row.status).toBe('disconnected');
    expect(row.statusMessage).toBe('Access was revoked at the provider');
    expect(h.sim.requests.length).toBe(before); // accessToken() already refused: no request with dead tokens
    // And later runs send nothing at all.
    expect((await h.sync(account.id, 60)).status).toBe('skipped');
    expect(h.sim.requests.length).toBe(before);
  });

  it('a token source that already asked for a new sign-in keeps the account needs_reconnect (Garmin)', async () => {
    const account = h.connect('oura', 'u1', SCOPES);
    const signInAgain = (id: string): never => {
      h.accounts.update(id, { status: 'needs_reconnect', statusMessage: 'Sign in to Garmin again' });
      throw new AccessRevokedError(id, 'Sign in to Garmin again');
    };
    const before = h.sim.requests.length;
    const outcome = await h.sync(account.id, 60, {
      tokens: { accessToken: async (id) => signInAgain(id), refreshAfterRejection: async (id) => signInAgain(id) },
    });
    expect(outcome.status).toBe('revoked');
    expect(h.accounts.get(account.id)).toMatchObject({
      status: 'needs_reconnect',
      statusMessage: 'Sign in to Garmin again',
    });
    expect(h.sim.requests.length).toBe(before);
  });

  it('revocation discovered by a 401 mid-sync: no request leaves after it is known', async () => {
    const account = h.connect('oura', 'u1', SCOPES);
    let sent = 0;
    let sentWhenKnown = -1;
    const outcome = await h.sync(account.id, 60, {
      onRequest: () => {
        sent += 1;
        if (sent === 3) h.grants.revoke(account.id);
      },
      onProgress: (p) => {
        if (p.phase === 'failed' && sentWhenKnown < 0) sentWhenKnown = sent;
      },
    });
    expect(outcome.status).toBe('revoked');
    expect(h.accounts.get(account.id)!.status).toBe('disconnected');
    // Categories run two at a time: a request of the other lane may already be out, nothing after.
    expect(sentWhenKnown).toBeGreaterThanOrEqual(3);
    expect(sentWhenKnown).toBeLessThanOrEqual(4);
    await new Promise((r) => setTimeout(r, 100));
    expect(sent).toBe(sentWhenKnown);
    expect(h.sim.requests.length).toBeLessThanOrEqual(sentWhenKnown);
  });

  it('a 403 for one category fails only that category', async () => {
    const account = h.connect('oura', 'u1', SCOPES);
    h.sim.inject({ pathPrefix: HR, times: 1, fault: { kind: 'status', status: 403 } });
    const outcome = await h.sync(account.id, 60);
    expect(outcome.status).toBe('partial');
    expect(outcome.errors.heart_rate).toMatch(/permission for it was not granted/);
    expect(storeDigest(h.db, account.id)['oura.daily_sleep']).toEqual(
      ouraExpected(dataset, SCOPES)['oura.daily_sleep'],
    );
  });

  it('cancelling aborts at once and nothing is sent afterwards', async () => {
    const account = h.connect('oura', 'u1', SCOPES);
    const ac = new AbortController();
    let sent = 0;
    const job = h.sync(account.id, 60, { onRequest: () => (++sent === 2 ? ac.abort() : undefined) }, ac.signal);
    expect((await job).status).toBe('cancelled');
    const after = h.sim.requests.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(h.sim.requests.length).toBe(after);
    expect(after).toBeLessThanOrEqual(2);
  });
});
