import { startOAuthSimulator, type OAuthSimulator, type OAuthSimulatorOptions } from '../oauth/start-oauth-simulator';
import { createWhoopAuthority, whoopAuthRoutes, WHOOP_PATHS } from './auth';

export { createWhoopAuthority, whoopAuthRoutes, WHOOP_PATHS } from './auth';

/** The Whoop simulator: authorization server (auth.ts) plus the data routes (data.ts) when present. */
export async function startWhoopSimulator(options: OAuthSimulatorOptions = {}): Promise<OAuthSimulator> {
  const authority = createWhoopAuthority();
  return startOAuthSimulator({
    provider: 'whoop',
    authority,
    authRoutes: whoopAuthRoutes(authority),
    paths: { authorize: WHOOP_PATHS.authorize, token: WHOOP_PATHS.token, revoke: WHOOP_PATHS.revoke },
    dataModule: new URL('./data.ts', import.meta.url),
    options,
  });
}
