import { afterEach, describe, expect, it } from 'vitest';
import { AccessRevokedError, TransientAuthError } from '../auth/token-source';
import { openDatabase } from '../db/database';
import { dataPaths } from '../paths';
import { loadTokens } from '../oauth/token-store';
import { EnvelopeVault } from '../vault/envelope-vault';
import { standInKeyStore } from '../vault/stand-in-key-store';
import { memoryLogger } from '../log/logger';
import { startHarness, type Harness, type OAuthId } from './test-support/oauth-harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const accountsOf = async (provider?: OAuthId) =>
  (await h.core.handlers.listAccounts({})).accounts.filter((a) => !provider || a.providerId === provider);
const tokenRequests = (p: OAuthId) =>
  h.sims[p].server.requests.filter(
    (r) => r.method === 'POST' && r.path === new URL(h.sims[p].endpoints.tokenUrl).pathname,
  ).length;

describe('connect over OAuth 2 against the simulators', () => {
  it.each(['oura', 'whoop', 'withings'] as const)(
    '%s: browser consent → redirect → connected with every category',
    async (provider) => {
      h = await startHarness();
      const started = await h.core.handlers.startConnect({ providerId: provider });
      expect((await h.core.handlers.listAccounts({})).pending).toEqual([
        { flowId: started.flowId, providerId: provider, accountId: null, expiresAt: started.expiresAt },
      ]);
      const url = new URL(started.authorizationUrl);
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      if (provider === 'whoop') expect(url.searchParams.get('state')).toHaveLength(8);
      expect(url.searchParams.get('redirect_uri')).toBe(`com.omnio.app:/oauth/${provider}`);

      const { consent } = await import('../../../simulators/oauth/consent-driver');
      const out = await consent(h.platform.opened[0]!);
      await h.core.handleDeepLink(out.location!, 'qa');

      const [account] = await accountsOf(provider);
      expect(account).toMatchObject({ status: 'connected', missingCategories: [] });
      expect(account!.grantedCategories.length).toBeGreaterThan(0);
      expect((await h.core.handlers.listAccounts({})).pending).toEqual([]);
      expect(h.platform.focusCount).toBe(1);
      expect(h.platform.notices().at(-1)).toMatchObject({
        level: 'info',
        message: expect.stringContaining('Connected'),
      });
      expect(h.platform.events.some((e) => e.event === 'accountsChanged')).toBe(true);
      expect(tokenRequests(provider)).toBe(1);
      const expectedUser = { oura: '8f3c2a9e-oura-demo-user', whoop: '10129', withings: '363' }[provider];
      expect(h.sims[provider].authority.authenticate(await tokensOf(account!.id))).toMatchObject({
        userId: expectedUser,
      });
      // Issue 15: the e-mail where the provider gives one (Oura's `email` scope, WHOOP's profile); Withings
      // has no profile call, so no label, and never the provider's id for the user.
      expect(account!.label).toBe({ oura: 'demo@oura.test', whoop: 'demo@whoop.test', withings: null }[provider]);
    },
  );

  it('a partial grant shows the missing categories and explains them', async () => {
    h = await startHarness();
    await h.connect('oura', { untick: ['heartrate', 'spo2'] });
    const [account] = await accountsOf('oura');
    expect(account!.status).toBe('connected');
    expect(account!.missingCategories).toEqual(expect.arrayContaining(['heart_rate', 'spo2']));
    expect(account!.grantedCategories).toEqual(expect.arrayContaining(['sleep', 'workouts']));
    expect(h.platform.notices().at(-1)).toMatchObject({
      level: 'warning',
      message: expect.stringMatching(/without access to: .*Heart rate/),
    });
  });

  it('reconnecting the same provider user replaces tokens in place; another user gets a new account', async () => {
    h = await startHarness();
    await h.connect('whoop', { untick: ['read:sleep'] });
    const [first] = await accountsOf('whoop');
    const before = await tokensOf(first!.id);
    await h.connect('whoop', {}, first!.id);
    const after = await accountsOf('whoop');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: first!.id, status: 'connected', missingCategories: [] });
    expect(await tokensOf(first!.id)).not.toBe(before);

    h.sims.whoop.authority.addUser({
      id: '20202',
      username: 'other@whoop.test',
      password: 'pw-other',
      email: 'other@whoop.test',
      firstName: 'O',
      lastName: 'U',
    });
    await h.connect('whoop', { username: 'other@whoop.test', password: 'pw-other' }, first!.id);
    const both = await accountsOf('whoop');
    expect(both).toHaveLength(2);
    expect(both.map((a) => a.label).sort()).toEqual(['demo@whoop.test', 'other@whoop.test']);
  });

  it('a reconnect shows the card as connecting while the flow is pending, and cancel restores it', async () => {
    h = await startHarness();
    await h.connect('oura');
    const [account] = await accountsOf('oura');
    const started = await h.core.handlers.startConnect({ providerId: 'oura', accountId: account!.id });
    expect((await accountsOf('oura'))[0]!.status).toBe('connecting');
    expect(await h.core.handlers.cancelConnect({ flowId: started.flowId })).toEqual({ cancelled: true });
    expect((await accountsOf('oura'))[0]!.status).toBe('connected');
    expect(await h.core.handlers.cancelConnect({ flowId: started.flowId })).toEqual({ cancelled: false });
  });

  it('"Reopen Oura’s page" opens the pending flow’s own page again, and the first approval still completes', async () => {
    h = await startHarness();
    const started = await h.core.handlers.startConnect({ providerId: 'oura' });
    expect(h.platform.opened).toEqual([started.authorizationUrl]);
    expect(await h.core.handlers.reopenConnect({ flowId: started.flowId })).toEqual({ reopened: true });
    expect(h.platform.opened).toEqual([started.authorizationUrl, started.authorizationUrl]);

    const { consent } = await import('../../../simulators/oauth/consent-driver');
    await h.core.handleDeepLink((await consent(h.platform.opened[1]!)).location!, 'qa');
    expect((await accountsOf('oura'))[0]).toMatchObject({ status: 'connected', label: 'demo@oura.test' });
    // The flow has ended: nothing is opened again, and the person is told to start anew.
    await expect(h.core.handlers.reopenConnect({ flowId: started.flowId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(h.platform.opened).toHaveLength(2);
  });
});

describe('redirects that must not change anything', () => {
  it('forged state, replayed callback and an expired flow are ignored with a log line', async () => {
    h = await startHarness();
    const location = await h.authorize('oura');
    const forged = new URL(location);
    forged.searchParams.set('state', 'forged-state-value');
    await h.core.handleDeepLink(forged.toString(), 'open-url');
    expect(await accountsOf()).toEqual([]);
    expect((await h.core.handlers.listAccounts({})).pending).toHaveLength(1);
    expect(h.platform.lines.some((l) => l.includes('no pending flow for this state'))).toBe(true);

    await h.core.handleDeepLink(location, 'open-url');
    await h.core.handleDeepLink(location, 'second-instance');
    expect(await accountsOf()).toHaveLength(1);
    expect(tokenRequests('oura')).toBe(1);

    const late = await h.authorize('withings');
    h.now.value += 11 * 60_000;
    await h.core.handleDeepLink(late, 'qa');
    expect(await accountsOf('withings')).toEqual([]);
    expect(tokenRequests('withings')).toBe(0);
    expect(h.platform.notices().at(-1)).toMatchObject({
      providerId: 'withings',
      message: expect.stringContaining('timed out'),
    });
    expect((await h.core.handlers.listAccounts({})).pending).toEqual([]);
  });

  it('access_denied ends the flow with a message in our words, not the provider’s', async () => {
    h = await startHarness();
    const location = await h.authorize('whoop', { deny: true });
    expect(new URL(location).searchParams.get('error')).toBe('access_denied');
    await h.core.handleDeepLink(location, 'qa');
    expect(await accountsOf()).toEqual([]);
    expect((await h.core.handlers.listAccounts({})).pending).toEqual([]);
    expect(h.platform.notices().at(-1)).toEqual({
      level: 'warning',
      message: 'WHOOP did not grant access, so nothing was connected. Try again when you are ready.',
      providerId: 'whoop',
      action: { kind: 'retry-connect' },
    });
  });

  it('a token endpoint error ends the flow with a message and leaves the account as it was', async () => {
    h = await startHarness();
    await h.connect('oura');
    const [account] = await accountsOf('oura');
    const location = await h.authorize('oura', {}, account!.id);
    h.sims.oura.server.inject({ pathPrefix: '/oauth/token', fault: { kind: 'status', status: 503 }, times: 1 });
    await h.core.handleDeepLink(location, 'qa');
    expect(h.platform.notices().at(-1)).toMatchObject({
      level: 'error',
      message: expect.stringContaining('Oura did not complete the connection'),
    });
    expect((await accountsOf('oura'))[0]).toMatchObject({ id: account!.id, status: 'connected' });

    // A refused code (Withings: expired after 30 s) shows the provider's words.
    const w = await h.authorize('withings');
    h.sims.withings.authority.advance(31_000);
    await h.core.handleDeepLink(w, 'qa');
    expect(await accountsOf('withings')).toEqual([]);
    expect(h.platform.notices().at(-1)!.message).toMatch(
      /Withings did not complete the connection: Invalid Params: The authorization code has expired/,
    );
  });

  it('hundreds of malformed deep links leave the app running and the accounts unchanged', async () => {
    h = await startHarness();
    await h.connect('withings');
    const valid = await h.authorize('oura');
    const before = JSON.stringify(await accountsOf());
    const links = malformedLinks(valid);
    expect(links.length).toBeGreaterThanOrEqual(300);
    for (const link of links) await h.core.handleDeepLink(link, 'second-instance');
    expect(JSON.stringify(await accountsOf())).toBe(before);
    expect(tokenRequests('oura')).toBe(0);
    // The real redirect still completes afterwards: nothing above consumed its flow.
    await h.core.handleDeepLink(valid, 'qa');
    expect((await accountsOf('oura'))[0]!.status).toBe('connected');
  });
});

describe('TokenManager', () => {
  it('two refreshes at once reach the token endpoint once, and the rotated tokens survive a restart', async () => {
    h = await startHarness({ sim: { accessTokenSeconds: 30 } });
    await h.connect('oura');
    const [account] = await accountsOf('oura');
    const requests = tokenRequests('oura');
    const [a, b] = await Promise.all([ctxTokens().accessToken(account!.id), ctxTokens().accessToken(account!.id)]);
    expect(a).toBe(b);
    expect(tokenRequests('oura')).toBe(requests + 1);
    expect(h.sims.oura.authority.authenticate(a)).not.toBeNull();
    // The new refresh token was sealed before the access token was returned: after a restart it still works.
    const sealed = await tokensOf(account!.id, 'refresh');
    await h.restart();
    const c = await ctxTokens().accessToken(account!.id);
    expect(c).not.toBe(a);
    expect(await tokensOf(account!.id, 'refresh')).not.toBe(sealed);
    expect(tokenRequests('oura')).toBe(requests + 2);
  });

  it('refreshAfterRejection refreshes once for a rejected token and hands the new one to late callers', async () => {
    h = await startHarness();
    await h.connect('whoop');
    const [account] = await accountsOf('whoop');
    const old = await ctxTokens().accessToken(account!.id);
    const n = tokenRequests('whoop');
    const [x, y] = await Promise.all([
      ctxTokens().refreshAfterRejection(account!.id, old),
      ctxTokens().refreshAfterRejection(account!.id, old),
    ]);
    expect(x).toBe(y);
    expect(await ctxTokens().refreshAfterRejection(account!.id, old)).toBe(x);
    expect(tokenRequests('whoop')).toBe(n + 1);
  });

  it('a grant revoked at the provider disconnects the account with a clear message; a 5xx does not', async () => {
    h = await startHarness({ sim: { accessTokenSeconds: 30 } });
    await h.connect('oura');
    await h.connect('withings');
    const [oura] = await accountsOf('oura');
    const [withings] = await accountsOf('withings');

    h.sims.oura.server.inject({ pathPrefix: '/oauth/token', fault: { kind: 'status', status: 502 }, times: 1 });
    await expect(ctxTokens().accessToken(oura!.id)).rejects.toBeInstanceOf(TransientAuthError);
    expect((await accountsOf('oura'))[0]!.status).toBe('connected');

    h.sims.oura.authority.revokeUser(h.sims.oura.user.id);
    const err = await ctxTokens()
      .accessToken(oura!.id)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccessRevokedError);
    expect((await accountsOf('oura'))[0]).toMatchObject({
      status: 'disconnected',
      statusMessage: expect.stringMatching(/^Access was revoked at Oura/),
    });
    await expect(ctxTokens().accessToken(oura!.id)).rejects.toBeInstanceOf(AccessRevokedError);

    h.sims.withings.server.inject({
      pathPrefix: '/v2/oauth2',
      fault: { kind: 'status', status: 200, body: JSON.stringify({ status: 601, body: {} }) },
      times: 1,
    });
    await expect(ctxTokens().accessToken(withings!.id)).rejects.toBeInstanceOf(TransientAuthError);
    h.sims.withings.authority.revokeUser(h.sims.withings.user.id);
    await expect(ctxTokens().accessToken(withings!.id)).rejects.toBeInstanceOf(AccessRevokedError);
    expect((await accountsOf('withings'))[0]!.statusMessage).toMatch(/^Access was revoked at Withings/);
  });

  it('WHOOP without `offline` gives no refresh token: at expiry the account asks to reconnect, it is not disconnected', async () => {
    h = await startHarness({ sim: { accessTokenSeconds: 30 } });
    await h.connect('whoop', { untick: ['offline'] });
    const [account] = await accountsOf('whoop');
    expect(account!.status).toBe('connected');
    await expect(ctxTokens().accessToken(account!.id)).rejects.toBeInstanceOf(AccessRevokedError);
    expect((await accountsOf('whoop'))[0]).toMatchObject({
      status: 'needs_reconnect',
      statusMessage: expect.stringContaining('no refresh token'),
    });
  });

  it('a changed key store sends accounts to needs_reconnect with an explanation at startup', async () => {
    h = await startHarness();
    await h.connect('oura');
    const other = standInKeyStore(dataPaths(h.dataDir).root + '/other-key.json');
    await h.restart({ keyStore: { ...other, backend: 'gnome_libsecret', protection: 'os' } });
    const [account] = await accountsOf('oura');
    expect(account).toMatchObject({
      status: 'needs_reconnect',
      statusMessage: expect.stringContaining('changed (from test-stand-in to gnome_libsecret)'),
    });
    await expect(ctxTokens().accessToken(account!.id)).rejects.toBeInstanceOf(AccessRevokedError);
    const info = await h.core.handlers.getAppInfo({});
    expect(info.vault.explanation).toContain('Some accounts must be reconnected');
    // Reconnecting works under the new key store.
    await h.connect('oura', {}, account!.id);
    expect((await accountsOf('oura'))[0]).toMatchObject({ id: account!.id, status: 'connected', statusMessage: null });
  });
});

const ctxTokens = () => h.core.tokens;

async function tokensOf(accountId: string, which: 'access' | 'refresh' = 'access'): Promise<string> {
  const db = openDatabase(dataPaths(h.dataDir).database);
  try {
    const vault = await EnvelopeVault.open({
      db,
      keyStore: h.platform.keyStore,
      mode: 'persistent',
      log: memoryLogger(),
    });
    const t = await loadTokens(vault, accountId);
    return (which === 'access' ? t?.accessToken : t?.refreshToken) ?? '';
  } finally {
    db.close();
  }
}

/** ≥300 links that are not a valid redirect for a pending flow, built around a real one. */
function malformedLinks(valid: string): string[] {
  const u = new URL(valid);
  const code = u.searchParams.get('code')!;
  const state = u.searchParams.get('state')!;
  const out: string[] = [
    '',
    ' ',
    'com.omnio.app:',
    'com.omnio.app:/',
    'com.omnio.app://oauth/oura?code=a&state=b',
    'com.omnio.app:/oauth/?code=a&state=b',
    'com.omnio.app:/oauth/garmin?code=a&state=b',
    'com.omnio.app:/oauth/oura',
    'com.omnio.app:/oauth/oura?state=',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'https://evil.example/oauth/oura?code=a&state=b',
    'http://localhost:1/oauth/oura?code=a&state=b',
    'http://127.0.0.1/oauth/oura?code=a&state=b',
    `com.omnio.app:/oauth/oura?code=${code}&state=${state}#frag`,
    `com.omnio.app:/oauth/oura?code=${code}&state=${state}&state=${state}`,
    `com.omnio.app:/oauth/oura?code=${code}&code=${code}&state=${state}`,
    `com.omnio.app:/oauth/oura?code=${code}&state=${state}&extra=1`,
    `com.omnio.app:/oauth/oura?code=${code}&error=access_denied&state=${state}`,
    `com.omnio.app:/oauth/oura?code=${code}`,
    `com.omnio.app:/oauth/oura?state=${state}`,
    `com.omnio.app:/oauth/oura?code=${'x'.repeat(5000)}&state=${state}`,
    `com.omnio.app:/oauth/oura?code=%00&state=${state}`,
    `com.omnio.app:/oauth/oura?code=%E2%9C%93&state=${state}`,
    `com.omnio.app:/oauth/OURA?code=${code}&state=${state}`,
    `COM.OMNIO.APP:/oauth/oura?code=${code}&state=${state}&x`,
    `com.omnio.app:/oauth/oura/../oura?code=${code}&state=${state}&a=b`,
    `com.omnio.app:/oauth/oura?code=${code}&state=${state}\n`,
    `com.omnio.app:/oauth/oura?code=${code}&state=${state} `,
    `\u202ecom.omnio.app:/oauth/oura?code=a&state=b`,
    `com.omnio.app://user:pw@/oauth/oura?code=a&state=b`,
    `com.omnio.app:/oauth/oura?error=%22quoted%22&state=${state}&code=`,
  ];
  // Deterministic pseudo-random mutations of the valid link and random junk.
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const alphabet = "abcXYZ019%&=?#/:;@!$'()*+,~-._\u0000\u00e9\u4e2d\ud83d\ude00 \t\n";
  while (out.length < 360) {
    const kind = out.length % 4;
    if (kind === 0) {
      // Truncate anywhere before the end.
      out.push(valid.slice(0, Math.floor(rand() * (valid.length - 1))));
    } else if (kind === 1) {
      // Insert a junk character somewhere, then keep only what still differs in state.
      const i = Math.floor(rand() * valid.length);
      const c = alphabet[Math.floor(rand() * alphabet.length)]!;
      const mutated = valid.slice(0, i) + c + valid.slice(i);
      out.push(mutated.includes(`state=${state}`) ? mutated + '&unexpected=1' : mutated);
    } else if (kind === 2) {
      let junk = '';
      const n = Math.floor(rand() * 200);
      for (let j = 0; j < n; j++) junk += alphabet[Math.floor(rand() * alphabet.length)];
      out.push(junk);
    } else {
      out.push(
        `com.omnio.app:/oauth/oura?code=${Math.floor(rand() * 1e9)}&state=${Math.floor(rand() * 1e9).toString(36)}`,
      );
    }
  }
  return out;
}
