import { expect, it } from 'vitest';
import { createOuraAuthority, ouraAuthRoutes, OURA_PATHS } from '../oura/auth';
import { startOAuthSimulator } from './start-oauth-simulator';

it('mounts a provider data module next to the auth routes and authenticates its bearer tokens', async () => {
  const authority = createOuraAuthority();
  const sim = await startOAuthSimulator({
    provider: 'oura',
    authority,
    authRoutes: ouraAuthRoutes(authority),
    paths: { authorize: OURA_PATHS.authorize, token: OURA_PATHS.token, revoke: OURA_PATHS.revoke },
    dataModule: new URL('./test-fixtures/data.ts', import.meta.url),
    options: { dataset: { days: 3 } },
  });
  try {
    const client = sim.client;
    const code = authority.approve(
      authority.beginAuthorization({
        clientId: client.clientId,
        redirectUri: client.redirectUris[0]!,
        state: 's',
        scopes: ['daily'],
        codeChallenge: null,
      }).id,
      sim.user,
      ['daily'],
    )!.code;
    const tokens = authority.redeemCode(client, code, client.redirectUris[0]!, null);
    if ('error' in tokens) throw new Error(tokens.description);
    const res = await fetch(`${sim.url}/fixture/whoami`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(await res.json()).toEqual({ userId: sim.user.id, scopes: ['daily'], dataset: { days: 3 } });
    expect((await fetch(`${sim.url}/fixture/whoami`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  } finally {
    await sim.stop();
  }
});
