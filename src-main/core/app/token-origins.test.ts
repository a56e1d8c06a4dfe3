import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { consent } from '../../../simulators/oauth/consent-driver';
import type { OAuthSimulator } from '../../../simulators/oauth/start-oauth-simulator';
import { startWhoopSimulator } from '../../../simulators/whoop';
import { AccessRevokedError } from '../auth/token-source';
import { createCore, type OmnioCore } from './create-core';
import { recordingPlatform } from './test-support/recording-platform';

// Issue 13, item 1: tokens go only to the origins that issued them. A real
// core connects to the real WHOOP simulator through endpoints set in Settings;
// then an endpoint is moved to a second local server (what a compromised
// renderer, a "use this proxy" tutorial or a hand-edited settings.json would
// do). Refresh, sync and revocation must send nothing there — the second
// server counts every request — and the account must ask for a reconnect.

let dir: string;
let core: OmnioCore | null = null;
let sim: OAuthSimulator | null = null;
let rogue: http.Server | null = null;
afterEach(async () => {
  await core?.close();
  await sim?.stop();
  await new Promise((r) => (rogue ? rogue.close(r) : r(null)));
  core = null;
  sim = null;
  rogue = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The "new host": answers everything like a token endpoint would, and counts what reached it. */
async function startRogue(): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  rogue = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ access_token: 'stolen', refresh_token: 'stolen', expires_in: 3600, token_type: 'bearer' }),
    );
  });
  await new Promise<void>((r) => rogue!.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(rogue.address() as AddressInfo).port}`, requests };
}

async function connectedWhoop() {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-origins-'));
  sim = await startWhoopSimulator();
  const now = { value: Date.now() };
  const platform = recordingPlatform(path.join(dir, 'data'));
  core = await createCore({ dataDir: path.join(dir, 'data'), platform, env: {}, now: () => new Date(now.value) });
  await core.handlers.updateSettings({
    endpoints: { providerId: 'whoop', ...sim.endpoints, revocationUrl: sim.endpoints.revocationUrl ?? undefined },
    clientCredentials: { providerId: 'whoop', clientId: sim.client.clientId, clientSecret: sim.client.clientSecret },
  });
  const started = await core.handlers.startConnect({ providerId: 'whoop' });
  const outcome = await consent(started.authorizationUrl, { username: sim.user.username, password: sim.user.password });
  await core.handleDeepLink(outcome.location!, 'qa');
  const account = (await core.handlers.listAccounts({})).accounts[0]!;
  expect(account.status).toBe('connected');
  // The grant works against the simulator that issued it.
  expect(await core.tokens.accessToken(account.id)).toEqual(expect.any(String));
  return { core, platform, now, accountId: account.id, sim };
}

async function accountOf(c: OmnioCore, id: string) {
  return (await c.handlers.listAccounts({})).accounts.find((a) => a.id === id)!;
}

describe('tokens bound to the origins that issued them', () => {
  it('a moved token URL gets no refresh token and no client secret; the account asks for a reconnect', async () => {
    const { core, now, accountId, sim } = await connectedWhoop();
    const { url, requests } = await startRogue();
    await core.handlers.updateSettings({ endpoints: { providerId: 'whoop', tokenUrl: `${url}/oauth/oauth2/token` } });

    now.value += 2 * 3600_000; // the access token has expired: the next use must refresh
    await expect(core.tokens.accessToken(accountId)).rejects.toBeInstanceOf(AccessRevokedError);
    expect(requests).toEqual([]);
    const account = await accountOf(core, accountId);
    expect(account.status).toBe('needs_reconnect');
    expect(account.statusMessage).toMatch(/WHOOP’s sign-in \(token\) address changed since you connected/);
    expect(account.statusMessage).toContain(url);

    // Sync now is refused too, and nothing reached the new host.
    await expect(core.handlers.syncNow({ accountId })).rejects.toThrow(/Reconnect/);
    expect(requests).toEqual([]);

    // Reconnecting through the new address is the person's explicit choice; it binds the new origins.
    await core.handlers.updateSettings({ endpoints: { providerId: 'whoop', tokenUrl: sim.endpoints.tokenUrl } });
    const again = await core.handlers.startConnect({ providerId: 'whoop', accountId });
    const outcome = await consent(again.authorizationUrl, { username: sim.user.username, password: sim.user.password });
    await core.handleDeepLink(outcome.location!, 'qa');
    expect((await accountOf(core, accountId)).status).toBe('connected');
    expect(await core.tokens.accessToken(accountId)).toEqual(expect.any(String));
  });

  it('a moved API address gets no access token when sync runs', async () => {
    const { core, platform, accountId } = await connectedWhoop();
    const { url, requests } = await startRogue();
    await core.handlers.updateSettings({ endpoints: { providerId: 'whoop', apiBaseUrl: url } });

    await core.handlers.syncNow({ accountId });
    // The signal: the snapshot the core publishes when the account changes.
    const reconnectAsked = () =>
      platform.events.some(
        (e) =>
          e.event === 'accountsChanged' &&
          (e.payload as { accounts: { id: string; status: string }[] }).accounts.some(
            (a) => a.id === accountId && a.status === 'needs_reconnect',
          ),
      );
    while (!reconnectAsked()) await new Promise((r) => setTimeout(r, 10));
    const account = await accountOf(core, accountId);
    expect(account.status).toBe('needs_reconnect');
    expect(account.statusMessage).toMatch(/data \(API\) address changed/);
    // A refresh after a 401 is refused the same way.
    await expect(core.tokens.refreshAfterRejection(accountId, 'any')).rejects.toBeInstanceOf(AccessRevokedError);
    expect(requests).toEqual([]);
  });

  it('a moved revocation URL gets no token at disconnect; the person is told to revoke at the provider', async () => {
    const { core, accountId } = await connectedWhoop();
    const { url, requests } = await startRogue();
    await core.handlers.updateSettings({ endpoints: { providerId: 'whoop', revocationUrl: `${url}/revoke` } });

    const result = await core.handlers.disconnect({ accountId, deleteData: true });
    expect(result.revocation).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(/revocation address changed/),
    });
    expect(requests).toEqual([]);
  });
});

describe('a sign-in in progress', () => {
  it('is not completed at a token URL that moved while the person was on the provider’s page', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnio-origins-'));
    sim = await startWhoopSimulator();
    const platform = recordingPlatform(path.join(dir, 'data'));
    core = await createCore({ dataDir: path.join(dir, 'data'), platform, env: {} });
    await core.handlers.updateSettings({
      endpoints: { providerId: 'whoop', ...sim.endpoints, revocationUrl: sim.endpoints.revocationUrl ?? undefined },
      clientCredentials: { providerId: 'whoop', clientId: sim.client.clientId, clientSecret: sim.client.clientSecret },
    });
    const started = await core.handlers.startConnect({ providerId: 'whoop' });
    const outcome = await consent(started.authorizationUrl, {
      username: sim.user.username,
      password: sim.user.password,
    });
    const { url, requests } = await startRogue();
    await core.handlers.updateSettings({ endpoints: { providerId: 'whoop', tokenUrl: `${url}/oauth/oauth2/token` } });

    await core.handleDeepLink(outcome.location!, 'qa');
    expect(requests).toEqual([]);
    expect((await core.handlers.listAccounts({})).accounts).toEqual([]);
    expect(platform.notices().at(-1)).toMatchObject({
      level: 'error',
      message: expect.stringMatching(/addresses changed while you were signing in/),
    });
  });
});
