import { originsOf, type TokenOrigins } from '../../auth/token-origins';
import type { GarminEndpoints } from '../definition';
import type { GarminSession } from './session-tokens';

// Issue 13, item 1, for Garmin: a session's refresh token goes to the DI token
// endpoint, a Personal API key to the personal-token endpoint, and both
// accounts' access tokens to the API. Garmin has no revocation endpoint.

export function garminOrigins(endpoints: GarminEndpoints, kind: GarminSession['kind']): TokenOrigins {
  return originsOf({
    token: kind === 'session' ? endpoints.tokenRefreshUrl : endpoints.personalApiTokenUrl,
    api: endpoints.apiBaseUrl,
    revocation: null,
  });
}
