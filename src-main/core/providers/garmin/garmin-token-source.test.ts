import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountView } from '../../../../src-shared/accounts';
import type { GarminSimulator } from '../../../../simulators/garmin';
import type { GarminContext, GarminService } from '../../app/garmin-service';
import { AccessRevokedError, TransientAuthError } from '../../auth/token-source';
import type { Database } from '../../db/database';
import { OmnioError } from '../../errors';
import { findSecrets } from '../../garmin/secret-scan';
import { SESSION_FIELD } from './session-tokens';
import { openGarminTestbed, type GarminTestbed } from './test-support';

// Session lifetime and the Personal API key, with the real vault, SQLite and
// the simulator over HTTP sharing one test clock (short token lifetimes).

const PASSWORD = 'sessions-are-not-passwords-42';
let tb: GarminTestbed;
let dir: string;
let db: Database;
let sim: GarminSimulator;
let service: GarminService;
let ctx: GarminContext;

beforeEach(async () => {
  tb = await openGarminTestbed(
    [
      { email: 'a@example.com', password: PASSWORD, profileId: 900001, displayName: 'alpha' },
      { email: 'b@example.com', password: PASSWORD, profileId: 900002, displayName: 'bravo' },
    ],
    { accessTokenSeconds: 600 },
  );
  ({ dir, db, sim, service, ctx } = tb);
});

afterEach(async () => {
  await tb.close();
});

const tokenRequests = () => sim.server.requests.filter((r) => r.path === '/di-oauth2-service/oauth/token').length;
const loginRequests = () => sim.server.requests.filter((r) => r.path === '/mobile/api/login').length;

async function signIn(email = 'a@example.com', accountId?: string): Promise<string> {
  const r = await service.handlers.garminSignIn({ email, password: PASSWORD, accountId });
  if (r.status !== 'connected') throw new Error('expected a connected sign-in');
  return r.accountId;
}

async function profileWith(token: string): Promise<number> {
  const res = await fetch(`${sim.url}/userprofile-service/socialProfile`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return res.status;
}

describe('Garmin session tokens', () => {
  it('hands out the stored token while valid, refreshes shortly before expiry, and persists the new pair', async () => {
    const id = await signIn();
    const first = await service.tokens.accessToken(id);
    expect(await profileWith(first)).toBe(200);
    expect(tokenRequests()).toBe(1); // the ticket exchange only

    tb.clock.now += 9 * 60 * 1000; // one minute left: inside the refresh margin
    const second = await service.tokens.accessToken(id);
    expect(second).not.toBe(first);
    expect(tokenRequests()).toBe(2);
    expect(await profileWith(second)).toBe(200);
    // Persisted before use: the vault holds the new token, which is what later calls get.
    expect(await service.tokens.accessToken(id)).toBe(second);
    expect(JSON.parse((await ctx.vault.get(id, SESSION_FIELD))!).accessToken).toBe(second);
  });

  it('refreshes once for concurrent callers (single-flight)', async () => {
    const id = await signIn();
    tb.clock.now += 11 * 60 * 1000;
    const tokens = await Promise.all([1, 2, 3, 4].map(() => service.tokens.accessToken(id)));
    expect(new Set(tokens).size).toBe(1);
    expect(tokenRequests()).toBe(2);
  });

  it('refreshAfterRejection refreshes a rejected token once, and not when someone already replaced it', async () => {
    const id = await signIn();
    const original = await service.tokens.accessToken(id);
    sim.state.expireAccessTokens();
    expect(await profileWith(original)).toBe(401);
    const [a, b] = await Promise.all([
      service.tokens.refreshAfterRejection(id, original),
      service.tokens.refreshAfterRejection(id, original),
    ]);
    expect(a).toBe(b);
    expect(tokenRequests()).toBe(2);
    expect(await service.tokens.refreshAfterRejection(id, original)).toBe(a);
    expect(tokenRequests()).toBe(2);
  });

  it('a network failure during refresh is transient and leaves the account connected', async () => {
    const id = await signIn();
    tb.clock.now += 11 * 60 * 1000;
    await sim.server.stop();
    await expect(service.tokens.accessToken(id)).rejects.toBeInstanceOf(TransientAuthError);
    expect(ctx.accounts.get(id)!.status).toBe('connected');
    await sim.server.start();
    expect(await profileWith(await service.tokens.accessToken(id))).toBe(200);
  });

  it('an unrefreshable session ends in needs_reconnect without any login attempt; signing in again restores the same account', async () => {
    const id = await signIn();
    const logins = loginRequests();
    sim.state.invalidateRefreshTokens();
    tb.clock.now += 11 * 60 * 1000;
    const err = await service.tokens.accessToken(id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccessRevokedError);
    expect((err as AccessRevokedError).userMessage).toBe('Sign in to Garmin again');
    expect(ctx.accounts.get(id)).toMatchObject({ status: 'needs_reconnect', statusMessage: 'Sign in to Garmin again' });
    expect(tb.published.count).toBeGreaterThan(1);
    expect(ctx.vault.has(id, SESSION_FIELD)).toBe(false);
    expect(loginRequests()).toBe(logins); // Omnio never signs in by itself
    // Later calls keep failing the same way, still without a login.
    await expect(service.tokens.accessToken(id)).rejects.toBeInstanceOf(AccessRevokedError);
    expect(loginRequests()).toBe(logins);

    // From the card ("Sign in to Garmin again", accountId given) …
    expect(await signIn('a@example.com', id)).toBe(id);
    expect(ctx.accounts.get(id)).toMatchObject({ status: 'connected', statusMessage: null });
    // … or from the empty card: the profile id finds the same account.
    sim.state.invalidateRefreshTokens();
    expect(await signIn('a@example.com')).toBe(id);
    expect(ctx.accounts.list()).toHaveLength(1);
    expect(await profileWith(await service.tokens.accessToken(id))).toBe(200);
  });

  it('refuses to put another Garmin user into an existing card', async () => {
    const id = await signIn('a@example.com');
    const err = await service.handlers
      .garminSignIn({ email: 'b@example.com', password: PASSWORD, accountId: id })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OmnioError);
    expect((err as OmnioError).code).toBe('CONFLICT');
    expect(ctx.accounts.list()).toHaveLength(1);
  });
});

describe('Garmin Personal API key', () => {
  it('connects with a key, stores it only sealed, records its expiry and renews the 24 h token from it', async () => {
    const { key, expiresAt } = sim.state.createApiKey('b@example.com', 60);
    const view: AccountView = await service.handlers.garminConnectApiKey({ apiKey: key });
    expect(view).toMatchObject({
      providerId: 'garmin',
      status: 'connected',
      credentialExpiresAt: expiresAt.toISOString(),
    });
    expect(ctx.accounts.get(view.id)!.authMethod).toBe('garmin-api-key');
    const token = await service.tokens.accessToken(view.id);
    expect(await profileWith(token)).toBe(200);

    tb.clock.now += 24 * 3600 * 1000;
    const renewed = await service.tokens.accessToken(view.id);
    expect(renewed).not.toBe(token);
    expect(await profileWith(renewed)).toBe(200);
    expect(sim.server.requests.filter((r) => r.path.startsWith('/personalapitoken-service/')).length).toBe(2);

    db.pragma('wal_checkpoint(PASSIVE)');
    expect(findSecrets(dir, { apiKey: key })).toEqual([]);
  });

  it('uses the expiry the user typed when Garmin does not state one', async () => {
    const { key } = sim.state.createApiKey('b@example.com', 60);
    sim.server.inject({
      pathPrefix: '/personalapitoken-service/',
      times: 1,
      fault: {
        kind: 'status',
        status: 200,
        body: JSON.stringify({
          access_token: sim.state.issuePersonalToken(sim.state.findUser('b@example.com')!),
          expires_in: 86400,
        }),
      },
    });
    const view = await service.handlers.garminConnectApiKey({ apiKey: key, keyExpiresAt: '2027-01-31' });
    expect(view.credentialExpiresAt).toBe('2027-01-31T23:59:59.000Z');
  });

  it('a refused key is AUTH_FAILED at connect, and needs_reconnect once revoked later', async () => {
    await expect(service.handlers.garminConnectApiKey({ apiKey: 'gpak_not-a-real-key' })).rejects.toMatchObject({
      code: 'AUTH_FAILED',
    });
    const { key } = sim.state.createApiKey('b@example.com', 60);
    const view = await service.handlers.garminConnectApiKey({ apiKey: key });
    sim.state.revokeApiKey(key);
    tb.clock.now += 24 * 3600 * 1000;
    await expect(service.tokens.accessToken(view.id)).rejects.toBeInstanceOf(AccessRevokedError);
    expect(ctx.accounts.get(view.id)!.status).toBe('needs_reconnect');
    expect(ctx.accounts.get(view.id)!.statusMessage).toMatch(/Personal API key expired or was deleted/);
  });
});
