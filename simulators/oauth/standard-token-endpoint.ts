import type { IncomingMessage, ServerResponse } from 'node:http';
import { form, json, type Route } from '../sim-server';
import { clientCredentialsOf } from './authorize-page';
import type { IssuedTokens, SimOAuthAuthority, TokenError } from './sim-oauth-authority';

// RFC 6749 §3.2 token endpoint as Oura and WHOOP run it: form body, client
// authentication by client_secret_post or HTTP Basic, JSON answers, errors as
// `{error, error_description}` with 400 (401 for a bad client).

export interface StandardTokenOptions {
  path: string;
  /** A scope the refresh request must carry (WHOOP: `offline`), or null. */
  refreshRequiresScope: string | null;
}

export function tokenBody(authority: SimOAuthAuthority, t: IssuedTokens): Record<string, unknown> {
  return {
    access_token: t.accessToken,
    token_type: 'bearer',
    expires_in: t.expiresIn,
    ...(t.refreshToken ? { refresh_token: t.refreshToken } : {}),
    scope: authority.formatScopes(t.scopes),
  };
}

const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };

function fail(res: ServerResponse, e: TokenError): true {
  return json(
    res,
    e.error === 'invalid_client' ? 401 : 400,
    { error: e.error, error_description: e.description },
    noStore,
  );
}

export function standardTokenEndpoint(authority: SimOAuthAuthority, options: StandardTokenOptions): Route {
  return (req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer) => {
    if (url.pathname !== options.path || req.method !== 'POST') return false;
    const f = form(body);
    const { clientId, clientSecret } = clientCredentialsOf(req, f);
    const client = authority.authenticateClient(clientId, clientSecret);
    if (!client) return fail(res, { error: 'invalid_client', description: 'Client authentication failed.' });
    let result: IssuedTokens | TokenError;
    switch (f.get('grant_type')) {
      case 'authorization_code': {
        const code = f.get('code');
        if (!code) return fail(res, { error: 'invalid_request', description: 'code is required.' });
        result = authority.redeemCode(client, code, f.get('redirect_uri'), f.get('code_verifier'));
        break;
      }
      case 'refresh_token': {
        const refresh = f.get('refresh_token');
        if (!refresh) return fail(res, { error: 'invalid_request', description: 'refresh_token is required.' });
        const need = options.refreshRequiresScope;
        if (need && !authority.parseScopes(f.get('scope')).includes(need)) {
          return fail(res, {
            error: 'invalid_request',
            description: `The refresh request must include scope=${need}.`,
          });
        }
        result = authority.refreshTokens(client, refresh);
        break;
      }
      default:
        return fail(res, { error: 'invalid_request', description: 'Unsupported grant_type.' });
    }
    if ('error' in result) return fail(res, result);
    return json(res, 200, tokenBody(authority, result), noStore);
  };
}
