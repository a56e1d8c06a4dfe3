import { startOAuthSimulator, type OAuthSimulator, type OAuthSimulatorOptions } from '../oauth/start-oauth-simulator';
import { createWithingsAuthority, withingsAuthRoutes, WITHINGS_PATHS } from './auth';

export { createWithingsAuthority, withingsAuthRoutes, WITHINGS_PATHS } from './auth';

/** The Withings simulator: authorization server (auth.ts) plus the data routes (data.ts) when present. */
export async function startWithingsSimulator(options: OAuthSimulatorOptions = {}): Promise<OAuthSimulator> {
  const authority = createWithingsAuthority();
  return startOAuthSimulator({
    provider: 'withings',
    authority,
    authRoutes: withingsAuthRoutes(authority),
    paths: { authorize: WITHINGS_PATHS.authorize, token: WITHINGS_PATHS.token, revoke: null },
    dataModule: new URL('./data.ts', import.meta.url),
    options,
  });
}
