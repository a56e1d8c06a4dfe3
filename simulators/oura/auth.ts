import { json, type Route } from '../sim-server';
import { authorizePage, bearerOf } from '../oauth/authorize-page';
import { SimOAuthAuthority, type SimOAuthOptions } from '../oauth/sim-oauth-authority';
import { standardTokenEndpoint } from '../oauth/standard-token-endpoint';

// Oura's authorization server (docs/providers.md, Oura): authorize page,
// standard token endpoint (secret in the form or HTTP Basic), single-use
// refresh tokens, `/oauth/revoke?access_token=…`, and the personal_info
// document that gives the user id.

export const OURA_PATHS = {
  authorize: '/oauth/authorize',
  token: '/oauth/token',
  revoke: '/oauth/revoke',
  personalInfo: '/v2/usercollection/personal_info',
} as const;

export function createOuraAuthority(options: Partial<SimOAuthOptions> = {}): SimOAuthAuthority {
  return new SimOAuthAuthority({
    scopes: [
      { scope: 'email', description: 'Email address of the user' },
      { scope: 'personal', description: 'Personal information (gender, age, height, weight)' },
      { scope: 'daily', description: 'Daily summaries of sleep, activity and readiness' },
      { scope: 'heartrate', description: 'Time series heart rate for Gen 3 users' },
      { scope: 'workout', description: 'Summaries for auto-detected and user entered workouts' },
      { scope: 'tag', description: 'User entered tags' },
      { scope: 'session', description: 'Guided and unguided sessions in the Oura app' },
      { scope: 'spo2', description: 'SpO2 Average recorded during sleep' },
    ],
    scopeSeparator: ' ',
    accessTokenSeconds: 86_400,
    codeSeconds: 600,
    rotation: 'immediate',
    refreshScope: null,
    minStateLength: null,
    ...options,
  });
}

export function ouraAuthRoutes(authority: SimOAuthAuthority): Route {
  const authorize = authorizePage(authority, {
    path: OURA_PATHS.authorize,
    providerName: 'Oura',
    echoScopeInRedirect: false,
  });
  const token = standardTokenEndpoint(authority, { path: OURA_PATHS.token, refreshRequiresScope: null });
  return async (req, res, url, body) => {
    if (await authorize(req, res, url, body)) return true;
    if (await token(req, res, url, body)) return true;
    if (url.pathname === OURA_PATHS.revoke && (req.method === 'GET' || req.method === 'POST')) {
      const value =
        url.searchParams.get('access_token') ?? new URLSearchParams(body.toString('utf8')).get('access_token');
      if (!value || !authority.revokeToken(value)) return json(res, 400, { detail: 'Invalid token' });
      return json(res, 200, {});
    }
    if (url.pathname === OURA_PATHS.personalInfo && req.method === 'GET') {
      const grant = authority.authenticate(bearerOf(req) ?? '');
      if (!grant) return json(res, 401, { detail: 'Unauthorized' });
      const user = authority.users.get(grant.userId)!;
      const personal = grant.scopes.includes('personal');
      return json(res, 200, {
        id: user.id,
        age: personal ? 34 : null,
        weight: personal ? 70.5 : null,
        height: personal ? 1.78 : null,
        biological_sex: personal ? 'female' : null,
        email: grant.scopes.includes('email') ? user.email : null,
      });
    }
    return false;
  };
}
