import { afterEach, describe, expect, it } from 'vitest';
import { PROVIDERS } from '../../../src-shared/providers';
import { demoUser } from '../../../simulators/oauth/demo-users';
import { loadTokens } from '../oauth/token-store';
import { KEPT_DATA_MESSAGE } from './disconnect-account';
import { DisconnectRig } from './test-support/disconnect-rig';

// Disconnect, revocation and reconnect with the real vault, TokenManager,
// connect service, sync job and provider simulators on 127.0.0.1.

let rig: DisconnectRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const alice = (p: 'oura' | 'whoop' | 'withings') =>
  demoUser(p, {
    id: p === 'oura' ? 'alice-oura-1' : '5001',
    username: 'alice@example.com',
    email: 'alice@example.com',
  });
const bob = (p: 'oura' | 'whoop') =>
  demoUser(p, { id: p === 'oura' ? 'bob-oura-2' : '5002', username: 'bob@example.com', email: 'bob@example.com' });

async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const secretOwners = (r: DisconnectRig) =>
  r.db.prepare('SELECT DISTINCT owner FROM secrets ORDER BY owner').pluck().all() as string[];

describe('disconnect in Omnio', () => {
  it('during an active backfill: no request after the call, tokens gone, revoked at Oura, and with "delete" no row of the account left', async () => {
    rig = await DisconnectRig.start('oura', [alice('oura')]);
    const account = await rig.connectAs('alice@example.com');
    const tokens = (await loadTokens(rig.vault, account.id))!;
    const requests = rig.sim.server.requests;
    const dataRequests = () =>
      requests.filter((r) => r.path.startsWith('/v2/usercollection/') && r.path !== '/v2/usercollection/personal_info')
        .length;

    const job = rig.sync(account.id, 3650);
    // Under way: requests are flowing and some windows are already stored.
    await until('the backfill to be under way', () => dataRequests() >= 6 && rig!.rowsOf(account.id).sync_cursors! > 0);

    const outcome = await rig.disconnect.handlers.disconnect({ accountId: account.id, deleteData: true });
    const sentBeforeReturn = requests.length;
    const leftBeforeReturn = rig.left.length;
    expect(leftBeforeReturn).toBeGreaterThanOrEqual(6);

    expect(outcome).toEqual({ accountId: account.id, dataDeleted: true, revocation: { kind: 'revoked' } });
    expect((await job).status).toBe('cancelled');
    await pause(300);
    // Nothing left the client after the call returned, and nothing reached the simulator.
    expect(rig.left.length).toBe(leftBeforeReturn);
    expect(requests.slice(sentBeforeReturn)).toEqual([]);
    // The revocation was the last request, and it worked: the simulator no longer knows the tokens.
    expect(requests.at(-1)).toMatchObject({ method: 'GET', path: '/oauth/revoke' });
    expect(rig.sim.authority.authenticate(tokens.accessToken)).toBeNull();

    const rows = rig.rowsOf(account.id);
    expect(Object.entries(rows).filter(([, n]) => n > 0)).toEqual([]);
    expect(Object.keys(rows)).toEqual(
      expect.arrayContaining(['daily_summaries', 'sessions', 'series', 'sync_cursors', 'sync_status']),
    );
    expect(secretOwners(rig)).toEqual([]);
    expect(rig.disconnect.queue.list()).toEqual([]);
    expect(rig.accounts.list()).toEqual([]);
  });

  it('keeping the data: the account stays, disconnected, with its rows; tokens gone; WHOOP revoked with DELETE /developer/v2/user/access', async () => {
    rig = await DisconnectRig.start('whoop', [alice('whoop')]);
    const account = await rig.connectAs('alice@example.com');
    const tokens = (await loadTokens(rig.vault, account.id))!;
    expect((await rig.sync(account.id, 30)).status).toBe('ok');
    const before = rig.rowsOf(account.id);
    expect(before.sessions).toBeGreaterThan(0);

    const outcome = await rig.disconnect.handlers.disconnect({ accountId: account.id, deleteData: false });
    expect(outcome).toEqual({ accountId: account.id, dataDeleted: false, revocation: { kind: 'revoked' } });
    expect(rig.sim.server.requests.at(-1)).toMatchObject({ method: 'DELETE', path: '/developer/v2/user/access' });
    expect(rig.sim.authority.authenticate(tokens.accessToken)).toBeNull();

    expect(rig.accounts.get(account.id)).toMatchObject({ status: 'disconnected', statusMessage: KEPT_DATA_MESSAGE });
    expect(rig.store.hasData(account.id)).toBe(true);
    expect({ ...rig.rowsOf(account.id), secrets: 0 }).toEqual({ ...before, secrets: 0 });
    expect(secretOwners(rig)).toEqual([]);

    // Nothing syncs a disconnected account.
    const n = rig.sim.server.requests.length;
    expect((await rig.sync(account.id, 30)).status).toBe('skipped');
    expect(rig.sim.server.requests.length).toBe(n);
  });

  it('revokes with a renewed token when the stored access token was already refused (WHOOP)', async () => {
    rig = await DisconnectRig.start('whoop', [alice('whoop')]);
    const account = await rig.connectAs('alice@example.com');
    const tokens = (await loadTokens(rig.vault, account.id))!;
    rig.sim.authority.revokeAccess(tokens.accessToken); // the access token died; the grant lives on

    const outcome = await rig.disconnect.handlers.disconnect({ accountId: account.id, deleteData: true });
    expect(outcome.revocation).toEqual({ kind: 'revoked' });
    const tail = rig.sim.server.requests.slice(-3).map((r) => `${r.method} ${r.path}`);
    expect(tail).toEqual([
      'DELETE /developer/v2/user/access',
      'POST /oauth/oauth2/token',
      'DELETE /developer/v2/user/access',
    ]);
    // The refresh token is dead too: nothing Omnio held still works.
    expect(rig.sim.authority.refreshTokens(rig.sim.client, tokens.refreshToken!)).toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('Withings and Garmin: no revocation endpoint, the outcome links to the provider’s own page', async () => {
    rig = await DisconnectRig.start('oura');
    for (const providerId of ['withings', 'garmin'] as const) {
      const account = rig.accounts.create({
        providerId,
        providerUserId: `${providerId}-1`,
        label: null,
        authMethod: providerId === 'garmin' ? 'garmin-session' : 'oauth2',
        status: 'connected',
        grantedScopes: [],
      });
      await rig.vault.put(account.id, 'access_token', 'secret-token-value');
      const outcome = await rig.disconnect.handlers.disconnect({ accountId: account.id, deleteData: true });
      expect(outcome.revocation).toEqual({
        kind: 'not_supported',
        manageAccessUrl: PROVIDERS[providerId].manageAccessUrl,
      });
      expect(rig.vault.has(account.id, 'access_token')).toBe(false);
      expect(rig.accounts.get(account.id)).toBeNull();
    }
    expect(rig.sim.server.requests).toEqual([]);
  });

  it('with no readable token left, the account is still disconnected and the outcome says why revocation failed', async () => {
    rig = await DisconnectRig.start('oura', [alice('oura'), bob('oura')]);
    const a = await rig.connectAs('alice@example.com');
    const b = await rig.connectAs('bob@example.com');
    rig.db.prepare('UPDATE secrets SET sealed = ? WHERE owner = ?').run(Buffer.from('tampered'), a.id);
    rig.vault.delete(b.id); // a memory-only vault after a restart
    const first = await rig.disconnect.handlers.disconnect({ accountId: a.id, deleteData: true });
    expect(first.revocation).toMatchObject({
      kind: 'failed',
      reason: expect.stringContaining('can no longer be decrypted'),
    });
    const second = await rig.disconnect.handlers.disconnect({ accountId: b.id, deleteData: false });
    expect(second.revocation).toMatchObject({
      kind: 'failed',
      reason: expect.stringContaining('kept in memory for one session only'),
    });
    expect(second.revocation).toMatchObject({ reason: expect.stringContaining(PROVIDERS.oura.manageAccessUrl) });
    expect(secretOwners(rig)).toEqual([]);
    expect(rig.accounts.get(a.id)).toBeNull();
    expect(rig.accounts.get(b.id)).toMatchObject({ status: 'disconnected' });
  });

  it('an unknown account is a NOT_FOUND error, and nothing changes', async () => {
    rig = await DisconnectRig.start('oura');
    await expect(rig.disconnect.handlers.disconnect({ accountId: 'nope', deleteData: true })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('offline disconnect', () => {
  it('works at once, queues the revocation with only the sealed token, and revokes when the simulator is back', async () => {
    rig = await DisconnectRig.start('oura', [alice('oura')]);
    const account = await rig.connectAs('alice@example.com');
    const tokens = (await loadTokens(rig.vault, account.id))!;
    await rig.sim.server.stop();
    rig.online = false;

    const outcome = await rig.disconnect.handlers.disconnect({ accountId: account.id, deleteData: true });
    expect(outcome.revocation).toEqual({ kind: 'queued', reason: 'no network connection' });
    expect(rig.accounts.get(account.id)).toBeNull();
    const [entry] = rig.disconnect.queue.list();
    expect(entry).toMatchObject({ providerId: 'oura', attempts: 1 });
    // Only the revocation's own owner holds a secret now; the account's are gone.
    expect(secretOwners(rig)).toEqual([`revoke:${entry!.id}`]);
    // The file holds it sealed, never in plaintext.
    const sealed = rig.db.prepare('SELECT sealed FROM secrets').pluck().all() as Buffer[];
    expect(sealed.some((b) => b.includes(Buffer.from(tokens.accessToken)))).toBe(false);

    // Still offline: nothing is attempted.
    await rig.disconnect.retryRevocations();
    expect(rig.disconnect.queue.list()).toHaveLength(1);

    await rig.sim.server.start();
    rig.online = true;
    await rig.disconnect.retryRevocations();
    expect(rig.sim.server.requests.at(-1)).toMatchObject({ method: 'GET', path: '/oauth/revoke' });
    expect(rig.sim.authority.authenticate(tokens.accessToken)).toBeNull();
    expect(rig.disconnect.queue.list()).toEqual([]);
    expect(secretOwners(rig)).toEqual([]);
    expect(rig.notices.at(-1)).toEqual({
      level: 'info',
      providerId: 'oura',
      message: 'Omnio’s access was revoked at Oura.',
    });
  });

  it('online but the provider unreachable: queued with the reason, then done at the next try', async () => {
    rig = await DisconnectRig.start('whoop', [alice('whoop')]);
    const account = await rig.connectAs('alice@example.com');
    await rig.sim.server.stop();
    const outcome = await rig.disconnect.handlers.disconnect({ accountId: account.id, deleteData: false });
    expect(outcome.revocation).toMatchObject({
      kind: 'queued',
      reason: expect.stringMatching(/WHOOP could not be reached/),
    });
    expect(rig.disconnect.queue.list()[0]).toMatchObject({
      attempts: 1,
      lastError: expect.stringMatching(/could not be reached/),
    });
    await rig.sim.server.start();
    await rig.disconnect.retryRevocations();
    expect(rig.disconnect.queue.list()).toEqual([]);
    expect(rig.notices.at(-1)).toMatchObject({ level: 'info', message: 'Omnio’s access was revoked at WHOOP.' });
  });

  it('a 5xx or 429 answer queues the revocation; any other refusal is a failure with the reason, and nothing is kept', async () => {
    rig = await DisconnectRig.start('oura', [alice('oura'), bob('oura')]);
    const a = await rig.connectAs('alice@example.com');
    rig.sim.server.inject({ pathPrefix: '/oauth/revoke', fault: { kind: 'status', status: 503 }, times: 1 });
    const first = await rig.disconnect.handlers.disconnect({ accountId: a.id, deleteData: true });
    expect(first.revocation).toEqual({ kind: 'queued', reason: 'Oura answered HTTP 503' });
    expect(rig.disconnect.queue.list()).toHaveLength(1);

    const b = await rig.connectAs('bob@example.com');
    rig.sim.server.clearFaults();
    rig.sim.server.inject({ pathPrefix: '/oauth/revoke', fault: { kind: 'status', status: 404 }, times: 1 });
    const second = await rig.disconnect.handlers.disconnect({ accountId: b.id, deleteData: true });
    expect(second.revocation).toEqual({ kind: 'failed', reason: 'Oura answered HTTP 404 to the revocation' });
    // Only Alice's queued entry holds a sealed token; Bob's failed one kept nothing.
    expect(secretOwners(rig)).toEqual([`revoke:${rig.disconnect.queue.list()[0]!.id}`]);

    await rig.disconnect.retryRevocations();
    expect(rig.disconnect.queue.list()).toEqual([]);
    expect(rig.notices.at(-1)).toMatchObject({ level: 'info', message: 'Omnio’s access was revoked at Oura.' });
  });

  it('a queued revocation whose token did not survive (memory-only vault, restart) is dropped with a notice', async () => {
    rig = await DisconnectRig.start('oura', [alice('oura')]);
    const account = await rig.connectAs('alice@example.com');
    rig.online = false;
    await rig.disconnect.handlers.disconnect({ accountId: account.id, deleteData: true });
    const [entry] = rig.disconnect.queue.list();
    rig.vault.delete(`revoke:${entry!.id}`); // what a restart does to a memory-only vault
    rig.online = true;
    const before = rig.sim.server.requests.length;
    await rig.disconnect.retryRevocations();
    expect(rig.sim.server.requests.length).toBe(before);
    expect(rig.disconnect.queue.list()).toEqual([]);
    expect(rig.notices.at(-1)).toMatchObject({
      level: 'warning',
      message: expect.stringContaining('the token needed for it was not kept'),
    });
  });

  it('gives up after the bounded time: the sealed token is deleted and the user told where to remove access', async () => {
    rig = await DisconnectRig.start('oura', [alice('oura')]);
    const account = await rig.connectAs('alice@example.com');
    rig.online = false;
    await rig.disconnect.handlers.disconnect({ accountId: account.id, deleteData: true });
    rig.db.prepare('UPDATE revocation_queue SET expires_at = ?').run(new Date(Date.now() - 1000).toISOString());
    rig.online = true;
    const before = rig.sim.server.requests.length;
    await rig.disconnect.retryRevocations();
    expect(rig.sim.server.requests.length).toBe(before);
    expect(rig.disconnect.queue.list()).toEqual([]);
    expect(secretOwners(rig)).toEqual([]);
    expect(rig.notices.at(-1)).toMatchObject({
      level: 'warning',
      providerId: 'oura',
      message: expect.stringContaining(PROVIDERS.oura.manageAccessUrl),
    });
  });
});

describe('revoked at the provider, and reconnect', () => {
  const REVOKED = {
    oura: { name: 'Oura', token: 'POST /oauth/token', sleep: '/v2/usercollection/sleep' },
    whoop: { name: 'WHOOP', token: 'POST /oauth/oauth2/token', sleep: '/developer/v2/activity/sleep' },
    withings: { name: 'Withings', token: 'POST /v2/oauth2', sleep: '/v2/sleep' },
  } as const;

  it.each(['oura', 'whoop', 'withings'] as const)(
    '%s: the next sync marks the account disconnected without a retry loop; Reconnect restores it in place with its history',
    async (provider) => {
      const p = REVOKED[provider];
      rig = await DisconnectRig.start(provider, [alice(provider)]);
      const account = await rig.connectAs('alice@example.com');
      expect((await rig.sync(account.id, 30)).status).toBe('ok');
      const history = rig.rowsOf(account.id);
      const cursor = rig.store.cursor(account.id, 'sleep');
      expect(cursor).not.toBeNull();

      rig.sim.authority.revokeUser(alice(provider).id); // the user removed Omnio in the provider's settings
      const before = rig.sim.server.requests.length;
      expect((await rig.sync(account.id, 30)).status).toBe('revoked');
      const during = rig.sim.server.requests.slice(before).map((r) => `${r.method} ${r.path}`);
      // The data requests already in flight were refused, then one refresh was refused, and that was the last request.
      expect(during.filter((r) => r === p.token)).toHaveLength(1);
      expect(during.at(-1)).toBe(p.token);
      expect(rig.accounts.get(account.id)).toMatchObject({
        status: 'disconnected',
        statusMessage: expect.stringMatching(new RegExp(`^Access was revoked at ${p.name}`)),
      });

      // No retry loop: later runs send nothing.
      const after = rig.sim.server.requests.length;
      expect((await rig.sync(account.id, 30)).status).toBe('skipped');
      expect(rig.sim.server.requests.length).toBe(after);

      // Reconnect as the same provider user: same account, tokens replaced, history intact, sync resumes from the cursor.
      const again = await rig.connectAs('alice@example.com', account.id);
      expect(again.id).toBe(account.id);
      expect(rig.accounts.list()).toHaveLength(1);
      expect(rig.rowsOf(account.id)).toEqual(history);
      expect(rig.store.cursor(account.id, 'sleep')).toEqual(cursor);
      const resume = rig.sim.server.requests.length;
      expect((await rig.sync(account.id, 30)).status).toBe('ok');
      const resumed = rig.sim.server.requests.slice(resume).filter((r) => r.path === p.sleep);
      expect(resumed).toHaveLength(1); // incremental from the cursor, not a new 30-day backfill of sleep
      expect(rig.rowsOf(account.id).sessions).toBeGreaterThanOrEqual(history.sessions!);
    },
  );

  it('disconnecting an account already revoked at the provider reports it revoked and keeps no token', async () => {
    rig = await DisconnectRig.start('oura', [alice('oura')]);
    const account = await rig.connectAs('alice@example.com');
    rig.sim.authority.revokeUser(alice('oura').id);
    expect((await rig.sync(account.id, 7)).status).toBe('revoked');
    const outcome = await rig.disconnect.handlers.disconnect({ accountId: account.id, deleteData: false });
    // The dead token is refused, the refresh is refused as invalid_grant: the grant is gone, which is what was wanted.
    expect(outcome.revocation).toEqual({ kind: 'revoked' });
    expect(secretOwners(rig)).toEqual([]);
    expect(rig.disconnect.queue.list()).toEqual([]);
    expect(rig.accounts.get(account.id)).toMatchObject({ status: 'disconnected', statusMessage: KEPT_DATA_MESSAGE });
  });

  it('Reconnect asks again for what was refused before, and keeps the history of what was granted', async () => {
    rig = await DisconnectRig.start('oura', [alice('oura')]);
    const account = await rig.connectAs('alice@example.com', undefined, ['heartrate', 'workout']);
    expect(account.grantedScopes).not.toContain('heartrate');
    expect((await rig.sync(account.id, 7)).status).toBe('ok');
    const history = rig.rowsOf(account.id);
    expect(rig.sim.server.requests.some((r) => r.path === '/v2/usercollection/heartrate')).toBe(false);

    const again = await rig.connectAs('alice@example.com', account.id);
    expect(again.id).toBe(account.id);
    expect(again.grantedScopes).toEqual(expect.arrayContaining(['heartrate', 'workout', 'daily']));
    expect(rig.rowsOf(account.id)).toEqual(history);
    expect((await rig.sync(account.id, 7)).status).toBe('ok');
    expect(rig.sim.server.requests.some((r) => r.path === '/v2/usercollection/heartrate')).toBe(true);
    expect(rig.store.cursor(account.id, 'heart_rate')).not.toBeNull();
  });

  it('reconnecting as a different provider user creates a second account; each keeps its own tokens and data', async () => {
    rig = await DisconnectRig.start('oura', [alice('oura'), bob('oura')]);
    const a = await rig.connectAs('alice@example.com');
    expect((await rig.sync(a.id, 7)).status).toBe('ok');
    await rig.disconnect.handlers.disconnect({ accountId: a.id, deleteData: false });
    const aliceRows = rig.rowsOf(a.id);

    const b = await rig.connectAs('bob@example.com', a.id);
    expect(b.id).not.toBe(a.id);
    expect(b).toMatchObject({ providerUserId: bob('oura').id, status: 'connected' });
    expect(rig.accounts.get(a.id)).toMatchObject({ providerUserId: alice('oura').id, status: 'disconnected' });
    expect(rig.rowsOf(a.id)).toEqual(aliceRows);
    expect(rig.rowsOf(b.id).sessions).toBe(0);
    expect(await loadTokens(rig.vault, a.id)).toBeNull();
    expect(await loadTokens(rig.vault, b.id)).not.toBeNull();
  });

  it('several accounts per provider: disconnecting one leaves the other connected, with its tokens and data', async () => {
    rig = await DisconnectRig.start('oura', [alice('oura'), bob('oura')]);
    const a = await rig.connectAs('alice@example.com');
    const b = await rig.connectAs('bob@example.com');
    expect(a.id).not.toBe(b.id);
    await Promise.all([rig.sync(a.id, 7), rig.sync(b.id, 7)]);
    const bobRows = rig.rowsOf(b.id);
    const bobTokens = await loadTokens(rig.vault, b.id);

    await rig.disconnect.handlers.disconnect({ accountId: a.id, deleteData: true });
    expect(rig.accounts.get(b.id)).toMatchObject({ status: 'connected' });
    expect(rig.rowsOf(b.id)).toEqual(bobRows);
    expect(await loadTokens(rig.vault, b.id)).toEqual(bobTokens);
    // Revoking Alice's grant did not touch Bob's.
    expect(rig.sim.authority.authenticate(bobTokens!.accessToken)).not.toBeNull();
    expect((await rig.sync(b.id, 7)).status).toBe('ok');
  });
});
