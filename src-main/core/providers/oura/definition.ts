import type { OAuthProviderDefinition } from '../definition';

// Oura API v2. Facts: docs/providers.md (Oura). Refresh tokens are single-use.
export const oura: OAuthProviderDefinition = {
  id: 'oura',
  kind: 'oauth2',
  endpoints: {
    authorizationUrl: 'https://cloud.ouraring.com/oauth/authorize',
    tokenUrl: 'https://api.ouraring.com/oauth/token',
    revocationUrl: 'https://api.ouraring.com/oauth/revoke',
    apiBaseUrl: 'https://api.ouraring.com',
  },
  scopes: [
    {
      scope: 'daily',
      categories: ['daily_summary', 'sleep'],
      why: 'Daily sleep, activity and readiness summaries and sleep periods.',
    },
    { scope: 'heartrate', categories: ['heart_rate'], why: 'Heart rate measured through the day and night.' },
    { scope: 'workout', categories: ['workouts'], why: 'Workouts recorded by the ring or added in the app.' },
    { scope: 'spo2', categories: ['spo2'], why: 'Nightly blood-oxygen averages.' },
    { scope: 'personal', categories: ['profile'], why: 'Age, weight and height.' },
    { scope: 'email', categories: ['profile'], why: 'Your e-mail address, to label the account.' },
  ],
  baseScopes: ['personal', 'email'],
  scopeSeparator: ' ',
  stateLength: null,
  rotatesRefreshTokens: true,
  defaultAccessTokenSeconds: 86_400,
  requiresHttpsRedirect: false,
};
