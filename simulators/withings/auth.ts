import fs from 'node:fs';
import { form, json, type Route } from '../sim-server';
import { authorizePage } from '../oauth/authorize-page';
import {
  SimOAuthAuthority,
  type IssuedTokens,
  type SimOAuthOptions,
  type TokenError,
} from '../oauth/sim-oauth-authority';

// Withings' authorization server (docs/providers.md, Withings): comma-separated
// scopes, a 30-second authorization code, and a non-standard token endpoint:
// `POST /v2/oauth2` with `action=requesttoken`, always HTTP 200 with an
// envelope `{status, body}`; status 0 is success, 401 an invalid grant, 503
// invalid parameters, 601 too many requests (via fault injection). After a
// refresh the old refresh token stays valid until the new access token is used.
// It also serves the https bounce page (assets/oauth-bounce.html) so demo mode
// can use the same redirect style as the real app.

export const WITHINGS_PATHS = {
  authorize: '/oauth2_user/authorize2',
  token: '/v2/oauth2',
  bounce: '/oauth-bounce.html',
} as const;

export function createWithingsAuthority(options: Partial<SimOAuthOptions> = {}): SimOAuthAuthority {
  return new SimOAuthAuthority({
    scopes: [
      { scope: 'user.info', description: 'Basic profile information' },
      { scope: 'user.metrics', description: 'Weight, blood pressure and other measures' },
      { scope: 'user.activity', description: 'Activity, intraday activity, workouts and sleep' },
      { scope: 'user.sleepevents', description: 'Sleep events' },
    ],
    scopeSeparator: ',',
    accessTokenSeconds: 10_800,
    codeSeconds: 30,
    rotation: 'until-new-access-used',
    refreshScope: null,
    minStateLength: null,
    ...options,
  });
}

/** The envelope every Withings answer uses, HTTP 200 whatever the outcome. */
function envelope(res: Parameters<Route>[1], status: number, body: Record<string, unknown>, error?: string): true {
  return json(res, 200, { status, body, ...(error ? { error } : {}) }, { 'cache-control': 'no-store' });
}

function tokenEnvelope(authority: SimOAuthAuthority, t: IssuedTokens): Record<string, unknown> {
  return {
    userid: Number(t.userId),
    access_token: t.accessToken,
    refresh_token: t.refreshToken,
    scope: authority.formatScopes(t.scopes),
    expires_in: t.expiresIn,
    csrf_token: 'sim-csrf-not-a-secret',
    token_type: 'Bearer',
  };
}

const bouncePage = new URL('../../assets/oauth-bounce.html', import.meta.url);

export function withingsAuthRoutes(authority: SimOAuthAuthority): Route {
  const authorize = authorizePage(authority, {
    path: WITHINGS_PATHS.authorize,
    providerName: 'Withings',
    echoScopeInRedirect: false,
  });
  return async (req, res, url, body) => {
    if (await authorize(req, res, url, body)) return true;
    if (url.pathname === WITHINGS_PATHS.bounce && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : fs.readFileSync(bouncePage));
      return true;
    }
    if (url.pathname !== WITHINGS_PATHS.token || req.method !== 'POST') return false;
    const f = form(body);
    if (f.get('action') !== 'requesttoken') return false;
    const client = authority.authenticateClient(f.get('client_id'), f.get('client_secret'));
    if (!client) return envelope(res, 503, {}, 'Invalid Params: invalid client_id or client_secret');
    let result: IssuedTokens | TokenError;
    if (f.get('grant_type') === 'authorization_code') {
      const code = f.get('code');
      if (!code || !f.get('redirect_uri'))
        return envelope(res, 503, {}, 'Invalid Params: code and redirect_uri are required');
      result = authority.redeemCode(client, code, f.get('redirect_uri'), f.get('code_verifier'));
    } else if (f.get('grant_type') === 'refresh_token') {
      const refresh = f.get('refresh_token');
      if (!refresh) return envelope(res, 503, {}, 'Invalid Params: refresh_token is required');
      result = authority.refreshTokens(client, refresh);
    } else {
      return envelope(res, 503, {}, 'Invalid Params: grant_type');
    }
    if ('error' in result) return envelope(res, 401, {}, `Invalid Params: ${result.description}`);
    return envelope(res, 0, tokenEnvelope(authority, result));
  };
}
