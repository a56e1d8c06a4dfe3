import type { OAuthProviderDefinition } from '../definition';

// Withings. Facts: docs/providers.md (Withings). Non-standard token endpoint
// (`action=requesttoken`, status envelope), comma-separated scopes, https-only
// redirects (the bounce page in assets/oauth-bounce.html forwards to our scheme).
export const withings: OAuthProviderDefinition = {
  id: 'withings',
  kind: 'oauth2',
  endpoints: {
    authorizationUrl: 'https://account.withings.com/oauth2_user/authorize2',
    tokenUrl: 'https://wbsapi.withings.net/v2/oauth2',
    revocationUrl: null,
    apiBaseUrl: 'https://wbsapi.withings.net',
  },
  scopes: [
    { scope: 'user.metrics', categories: ['body'], why: 'Weight, body composition and blood pressure.' },
    {
      scope: 'user.activity',
      categories: ['daily_summary', 'sleep', 'workouts'],
      why: 'Daily activity, workouts and sleep summaries.',
    },
    { scope: 'user.info', categories: ['profile'], why: 'Basic profile, to label the account.' },
  ],
  baseScopes: ['user.info'],
  scopeSeparator: ',',
  stateLength: null,
  rotatesRefreshTokens: true,
  defaultAccessTokenSeconds: 10_800,
  requiresHttpsRedirect: true,
};
