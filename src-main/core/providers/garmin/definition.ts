import type { GarminProviderDefinition } from '../definition';

// Garmin has no public OAuth for individuals: a session login as performed by
// the maintained unofficial clients, or the official Personal API key.
// Facts: docs/providers.md (Garmin).
export const garmin: GarminProviderDefinition = {
  id: 'garmin',
  kind: 'garmin-session',
  endpoints: {
    signInUrl: 'https://sso.garmin.com/mobile/sso/en/sign-in',
    loginUrl: 'https://sso.garmin.com/mobile/api/login',
    mfaUrl: 'https://sso.garmin.com/mobile/api/mfa/verifyCode',
    ticketExchangeUrl: 'https://diauth.garmin.com/di-oauth2-service/oauth/token',
    tokenRefreshUrl: 'https://diauth.garmin.com/di-oauth2-service/oauth/token',
    personalApiTokenUrl:
      'https://personal.connectapi.garmin.com/personalapitoken-service/personal-api/personal-api-key/token',
    apiBaseUrl: 'https://connectapi.garmin.com',
  },
};
