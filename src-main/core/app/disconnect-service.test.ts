import { afterEach, describe, expect, it } from 'vitest';
import type { AccountsSnapshot } from '../../../src-shared/accounts';
import type { BridgeResult } from '../../../src-shared/errors';
import type { DisconnectOutcome } from '../../../src-shared/ipc/payloads';
import { PROVIDERS } from '../../../src-shared/providers';
import { KEPT_DATA_MESSAGE } from '../disconnect/disconnect-account';
import { dispatchCall } from '../ipc/dispatch';
import { memoryLogger } from '../log/logger';
import { startHarness, type Harness } from './test-support/oauth-harness';

// The disconnect call through the core as a window makes it (dispatchCall
// validates the argument as the bridge does), with the real core composed by
// createCore, against the OAuth simulators on 127.0.0.1.

let h: Harness;
afterEach(async () => {
  await h?.close();
});

async function call<T>(name: string, input: unknown): Promise<BridgeResult<T>> {
  return (await dispatchCall(h.core.handlers, name, input, memoryLogger())) as BridgeResult<T>;
}
const accounts = async () =>
  (await call<AccountsSnapshot>('listAccounts', {})) as { ok: true; value: AccountsSnapshot };
async function until(what: string, check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('disconnect through the core', () => {
  it('keeps the account as disconnected with the kept-data message, and revokes at Oura', async () => {
    h = await startHarness();
    await h.connect('oura');
    const [account] = (await accounts()).value.accounts;
    const r = await call<DisconnectOutcome>('disconnect', { accountId: account!.id, deleteData: false });
    expect(r).toEqual({
      ok: true,
      value: { accountId: account!.id, dataDeleted: false, revocation: { kind: 'revoked' } },
    });
    expect((await accounts()).value.accounts).toEqual([
      expect.objectContaining({ id: account!.id, status: 'disconnected', statusMessage: KEPT_DATA_MESSAGE }),
    ]);
    expect(h.sims.oura.server.requests.at(-1)).toMatchObject({ path: '/oauth/revoke' });
    // The renderer was told.
    const last = h.platform.events.filter((e) => e.event === 'accountsChanged').at(-1)!.payload as AccountsSnapshot;
    expect(last.accounts[0]!.status).toBe('disconnected');
  });

  it('rejects a malformed call before anything runs', async () => {
    h = await startHarness();
    await h.connect('oura');
    const [account] = (await accounts()).value.accounts;
    expect(await call('disconnect', { accountId: account!.id })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(await call('disconnect', { accountId: '../x', deleteData: true })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(await call('disconnect', { accountId: 'unknown', deleteData: true })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect((await accounts()).value.accounts[0]!.status).toBe('connected');
  });

  it('Withings: deleted locally, and the outcome says revocation is not supported, with Withings’ page', async () => {
    h = await startHarness();
    await h.connect('withings');
    const [account] = (await accounts()).value.accounts;
    const before = h.sims.withings.server.requests.length;
    const r = await call<DisconnectOutcome>('disconnect', { accountId: account!.id, deleteData: true });
    expect(r).toEqual({
      ok: true,
      value: {
        accountId: account!.id,
        dataDeleted: true,
        revocation: { kind: 'not_supported', manageAccessUrl: PROVIDERS.withings.manageAccessUrl },
      },
    });
    expect(h.sims.withings.server.requests.length).toBe(before);
    expect((await accounts()).value.accounts).toEqual([]);
    // The link in the outcome is one the core agrees to open.
    expect(await call('openHelpLink', { url: PROVIDERS.withings.manageAccessUrl })).toEqual({
      ok: true,
      value: { opened: true },
    });
  });

  it('offline: disconnect works at once; setOnline(true) performs the queued revocation and tells the user', async () => {
    h = await startHarness();
    await h.connect('whoop');
    const [account] = (await accounts()).value.accounts;
    await h.sims.whoop.server.stop();
    h.core.setOnline(false);
    const r = await call<DisconnectOutcome>('disconnect', { accountId: account!.id, deleteData: true });
    expect(r).toMatchObject({ ok: true, value: { dataDeleted: true, revocation: { kind: 'queued' } } });
    expect((await accounts()).value.accounts).toEqual([]);

    await h.sims.whoop.server.start();
    const before = h.sims.whoop.server.requests.length;
    h.core.setOnline(true);
    await until('the revocation notice', () =>
      h.platform.notices().some((n) => n.message === 'Omnio’s access was revoked at WHOOP.'),
    );
    expect(h.sims.whoop.server.requests.slice(before).map((q) => `${q.method} ${q.path}`)).toEqual([
      'DELETE /developer/v2/user/access',
    ]);
  });

  it('a revocation still queued at quit is performed at the next start', async () => {
    h = await startHarness();
    await h.connect('oura');
    const [account] = (await accounts()).value.accounts;
    await h.sims.oura.server.stop();
    h.core.setOnline(false);
    await call('disconnect', { accountId: account!.id, deleteData: false });
    await h.sims.oura.server.start();
    const before = h.sims.oura.server.requests.length;
    await h.restart();
    await until('the revocation notice', () =>
      h.platform.notices().some((n) => n.message === 'Omnio’s access was revoked at Oura.'),
    );
    expect(h.sims.oura.server.requests.slice(before).map((q) => q.path)).toEqual(['/oauth/revoke']);
    expect((await accounts()).value.accounts[0]).toMatchObject({ status: 'disconnected' });
  });
});
