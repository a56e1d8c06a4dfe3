import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessRevokedError } from '../../auth/token-source';
import { openGarminTestbed, type GarminTestbed } from './test-support';

// Issue 13, item 1, for Garmin: its endpoints come from OMNIO_PROVIDERS, read at
// each launch. A session's refresh token and a Personal API key must never go
// to an endpoint other than the one that issued them. The endpoints the service
// reads are moved here to a second local server (what a relaunch with another
// OMNIO_PROVIDERS file does); that server counts every request.

const PASSWORD = 'sessions-are-not-passwords-42';
let tb: GarminTestbed;
let rogue: http.Server;
let rogueUrl: string;
const rogueRequests: string[] = [];

beforeEach(async () => {
  tb = await openGarminTestbed(
    [{ email: 'a@example.com', password: PASSWORD, profileId: 900001, displayName: 'alpha' }],
    { accessTokenSeconds: 600 },
  );
  rogueRequests.length = 0;
  rogue = http.createServer((req, res) => {
    rogueRequests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((r) => rogue.listen(0, '127.0.0.1', () => r()));
  rogueUrl = `http://127.0.0.1:${(rogue.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await tb.close();
  await new Promise((r) => rogue.close(r));
});

/** The endpoints object the service reads on every use, moved to the second server for one key. */
function move(key: 'tokenRefreshUrl' | 'personalApiTokenUrl' | 'apiBaseUrl') {
  const endpoints = tb.sim.endpoints as unknown as Record<string, string>;
  endpoints[key] = `${rogueUrl}${new URL(endpoints[key]!).pathname}`;
}

describe('Garmin credentials bound to the origins that issued them', () => {
  it('a session refresh is not sent to a moved token endpoint; the account asks to sign in again', async () => {
    const r = await tb.service.handlers.garminSignIn({ email: 'a@example.com', password: PASSWORD });
    if (r.status !== 'connected') throw new Error('expected a connected sign-in');
    move('tokenRefreshUrl');
    tb.clock.now += 11 * 60 * 1000; // expired: the next use would refresh
    await expect(tb.service.tokens.accessToken(r.accountId)).rejects.toBeInstanceOf(AccessRevokedError);
    expect(rogueRequests).toEqual([]);
    const account = tb.ctx.accounts.get(r.accountId)!;
    expect(account.status).toBe('needs_reconnect');
    expect(account.statusMessage).toMatch(/Garmin’s sign-in \(token\) address changed since you connected/);
  });

  it('a Personal API key is not exchanged at a moved endpoint, nor its token sent to a moved API', async () => {
    const { key } = tb.sim.state.createApiKey('a@example.com', 60);
    const view = await tb.service.handlers.garminConnectApiKey({ apiKey: key });
    move('apiBaseUrl');
    await expect(tb.service.tokens.accessToken(view.id)).rejects.toBeInstanceOf(AccessRevokedError);
    expect(tb.ctx.accounts.get(view.id)!.statusMessage).toMatch(/data \(API\) address changed/);
    move('personalApiTokenUrl');
    await expect(tb.service.tokens.refreshAfterRejection(view.id, 'x')).rejects.toBeInstanceOf(AccessRevokedError);
    expect(rogueRequests).toEqual([]);
  });
});
