import type { OAuthProviderDefinition } from '../definition';

// WHOOP API v2. Facts: docs/providers.md (WHOOP). `offline` is what gives a
// refresh token; state must be exactly 8 characters.
export const whoop: OAuthProviderDefinition = {
  id: 'whoop',
  kind: 'oauth2',
  endpoints: {
    authorizationUrl: 'https://api.prod.whoop.com/oauth/oauth2/auth',
    tokenUrl: 'https://api.prod.whoop.com/oauth/oauth2/token',
    revocationUrl: 'https://api.prod.whoop.com/developer/v2/user/access',
    apiBaseUrl: 'https://api.prod.whoop.com',
  },
  scopes: [
    { scope: 'read:recovery', categories: ['recovery'], why: 'Daily recovery scores, resting heart rate and HRV.' },
    { scope: 'read:cycles', categories: ['daily_summary'], why: 'Physiological cycles with day strain.' },
    { scope: 'read:sleep', categories: ['sleep'], why: 'Sleep sessions and their stages.' },
    { scope: 'read:workout', categories: ['workouts'], why: 'Workouts with strain and heart-rate zones.' },
    { scope: 'read:body_measurement', categories: ['body'], why: 'Height, weight and maximum heart rate.' },
    { scope: 'read:profile', categories: ['profile'], why: 'Your name and e-mail, to label the account.' },
  ],
  baseScopes: ['offline', 'read:profile'],
  scopeSeparator: ' ',
  stateLength: 8,
  rotatesRefreshTokens: true,
  defaultAccessTokenSeconds: 3_600,
  requiresHttpsRedirect: false,
};
