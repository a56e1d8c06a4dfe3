import { afterEach, describe, expect, it } from 'vitest';
import { AccessRevokedError, TransientAuthError } from '../auth/token-source';
import { startHarness, type Harness, type OAuthId } from '../app/test-support/oauth-harness';

// Issue 13, item 7: a token endpoint that refuses Omnio's app credentials
// (invalid_client: a wrong secret typed in Settings) is not a dead grant. It
// used to mark every account of the provider "revoked"; now the accounts stay
// connected with a message that says what to fix, and the next refresh with
// good credentials works. invalid_grant still disconnects.

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const TOKEN_PATH: Record<Exclude<OAuthId, 'withings'>, string> = {
  oura: '/oauth/token',
  whoop: '/oauth/oauth2/token',
};
const accountOf = async (provider: OAuthId) =>
  (await h.core.handlers.listAccounts({})).accounts.find((a) => a.providerId === provider)!;

describe.each(['oura', 'whoop'] as const)('%s: invalid_client at refresh', (provider) => {
  it('keeps the account connected and says to check the app credentials', async () => {
    h = await startHarness({ sim: { accessTokenSeconds: 30 } });
    await h.connect(provider);
    const account = await accountOf(provider);
    h.sims[provider].server.inject({
      pathPrefix: TOKEN_PATH[provider],
      fault: {
        kind: 'status',
        status: 401,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: 'invalid_client', error_description: 'Client authentication failed.' }),
      },
      times: 1,
    });
    const err = await h.core.tokens.accessToken(account.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientAuthError);
    expect((err as Error).message).toMatch(/did not accept Omnio's app credentials .*Settings/);
    expect(await accountOf(provider)).toMatchObject({ status: 'connected' });

    // Credentials fixed (here: the fault is spent): the same grant refreshes.
    await expect(h.core.tokens.accessToken(account.id)).resolves.toEqual(expect.any(String));
    expect(await accountOf(provider)).toMatchObject({ status: 'connected' });

    // A dead grant still disconnects.
    h.sims[provider].authority.revokeUser(h.sims[provider].user.id);
    h.now.value += 60 * 60_000;
    await expect(h.core.tokens.accessToken(account.id)).rejects.toBeInstanceOf(AccessRevokedError);
    expect(await accountOf(provider)).toMatchObject({ status: 'disconnected' });
  });
});
