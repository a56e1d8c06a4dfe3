import { startOAuthSimulator, type OAuthSimulator, type OAuthSimulatorOptions } from '../oauth/start-oauth-simulator';
import { createOuraAuthority, ouraAuthRoutes, OURA_PATHS } from './auth';

export { createOuraAuthority, ouraAuthRoutes, OURA_PATHS } from './auth';

/** The Oura simulator: authorization server (auth.ts) plus the data routes (data.ts) when present. */
export async function startOuraSimulator(options: OAuthSimulatorOptions = {}): Promise<OAuthSimulator> {
  const authority = createOuraAuthority();
  return startOAuthSimulator({
    provider: 'oura',
    authority,
    authRoutes: ouraAuthRoutes(authority),
    paths: { authorize: OURA_PATHS.authorize, token: OURA_PATHS.token, revoke: OURA_PATHS.revoke },
    dataModule: new URL('./data.ts', import.meta.url),
    options,
  });
}
