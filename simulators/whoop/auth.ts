import { json, type Route } from '../sim-server';
import { authorizePage, bearerOf } from '../oauth/authorize-page';
import { SimOAuthAuthority, type SimOAuthOptions } from '../oauth/sim-oauth-authority';
import { standardTokenEndpoint } from '../oauth/standard-token-endpoint';

// WHOOP's authorization server (docs/providers.md, WHOOP): state of at least 8
// characters, `offline` is what yields a refresh token, a refresh must send
// `scope=offline` and kills both the old access and refresh tokens, revocation
// is `DELETE /developer/v2/user/access` with the bearer token, and the user id
// comes from `/developer/v2/user/profile/basic`.

export const WHOOP_PATHS = {
  authorize: '/oauth/oauth2/auth',
  token: '/oauth/oauth2/token',
  revoke: '/developer/v2/user/access',
  profile: '/developer/v2/user/profile/basic',
} as const;

export function createWhoopAuthority(options: Partial<SimOAuthOptions> = {}): SimOAuthAuthority {
  return new SimOAuthAuthority({
    scopes: [
      { scope: 'offline', description: 'Stay connected: refresh access without signing in again' },
      {
        scope: 'read:recovery',
        description: 'Read Recovery data, including score, heart rate variability, and resting heart rate.',
      },
      {
        scope: 'read:cycles',
        description: 'Read cycles data, including day Strain and average heart rate during a physiological cycle.',
      },
      { scope: 'read:workout', description: 'Read workout data, including activity Strain and average heart rate.' },
      { scope: 'read:sleep', description: 'Read sleep data, including performance % and duration per sleep stage.' },
      { scope: 'read:profile', description: 'Read profile data, including name and email.' },
      {
        scope: 'read:body_measurement',
        description: 'Read body measurements data, including height, weight, and max heart rate.',
      },
    ],
    scopeSeparator: ' ',
    accessTokenSeconds: 3_600,
    codeSeconds: 600,
    rotation: 'immediate-with-access',
    refreshScope: 'offline',
    minStateLength: 8,
    ...options,
  });
}

export function whoopAuthRoutes(authority: SimOAuthAuthority): Route {
  const authorize = authorizePage(authority, {
    path: WHOOP_PATHS.authorize,
    providerName: 'WHOOP',
    echoScopeInRedirect: true,
  });
  const token = standardTokenEndpoint(authority, { path: WHOOP_PATHS.token, refreshRequiresScope: 'offline' });
  return async (req, res, url, body) => {
    if (await authorize(req, res, url, body)) return true;
    if (await token(req, res, url, body)) return true;
    if (url.pathname === WHOOP_PATHS.revoke && req.method === 'DELETE') {
      const bearer = bearerOf(req) ?? '';
      if (!authority.authenticate(bearer)) return json(res, 401, { message: 'Invalid authorization' });
      authority.revokeToken(bearer);
      res.writeHead(204).end();
      return true;
    }
    if (url.pathname === WHOOP_PATHS.profile && req.method === 'GET') {
      const grant = authority.authenticate(bearerOf(req) ?? '');
      if (!grant || !grant.scopes.includes('read:profile')) return json(res, 401, { message: 'Invalid authorization' });
      const user = authority.users.get(grant.userId)!;
      return json(res, 200, {
        user_id: Number(user.id),
        email: user.email,
        first_name: user.firstName,
        last_name: user.lastName,
      });
    }
    return false;
  };
}
