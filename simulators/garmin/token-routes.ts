import { form, json, type Route } from '../sim-server';
import type { GarminSimState } from './state';

// Token side of the simulator:
//   POST /di-oauth2-service/oauth/token   (form; Basic auth with a DI client id)
//     grant_type=<service_ticket grant URL>&service_ticket=…  → access + refresh token
//     grant_type=refresh_token&refresh_token=…                → rotated pair, or 400 invalid_grant
//   POST /personalapitoken-service/personal-api/personal-api-key/token
//     Authorization: ApiKey <key>                             → 24 h access token + key expiry

export const TOKEN_PATHS = {
  diToken: '/di-oauth2-service/oauth/token',
  personalToken: '/personalapitoken-service/personal-api/personal-api-key/token',
} as const;

export const SERVICE_TICKET_GRANT = 'https://connectapi.garmin.com/di-oauth2-service/oauth/grant/service_ticket';

function diClientId(authorization: string | undefined): string | null {
  const m = /^Basic\s+(.+)$/i.exec(authorization ?? '');
  if (!m) return null;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const id = decoded.split(':')[0] ?? '';
  return id.startsWith('GARMIN_CONNECT_MOBILE_') ? id : null;
}

export function tokenRoutes(state: GarminSimState): Route {
  const tokenAnswer = (tokens: { accessToken: string; refreshToken: string }, clientId: string) => ({
    access_token: tokens.accessToken,
    token_type: 'bearer',
    refresh_token: tokens.refreshToken,
    expires_in: state.accessTokenSeconds,
    refresh_token_expires_in: state.refreshTokenSeconds,
    scope: 'CONNECT_READ CONNECT_WRITE',
    client_id: clientId,
  });

  return (req, res, url, body) => {
    if (req.method === 'POST' && url.pathname === TOKEN_PATHS.diToken) {
      const clientId = diClientId(req.headers.authorization);
      if (!clientId) return json(res, 401, { error: 'invalid_client' });
      const params = form(body);
      const grant = params.get('grant_type');
      if (grant === SERVICE_TICKET_GRANT) {
        const user = state.redeemTicket(params.get('service_ticket') ?? '');
        if (!user)
          return json(res, 400, { error: 'invalid_grant', error_description: 'unknown or used service ticket' });
        return json(res, 200, tokenAnswer(state.issueSessionTokens(user), clientId));
      }
      if (grant === 'refresh_token') {
        const user = state.redeemRefreshToken(params.get('refresh_token') ?? '');
        if (!user)
          return json(res, 400, { error: 'invalid_grant', error_description: 'refresh token expired or revoked' });
        return json(res, 200, tokenAnswer(state.issueSessionTokens(user), clientId));
      }
      return json(res, 400, { error: 'unsupported_grant_type' });
    }

    if (req.method === 'POST' && url.pathname === TOKEN_PATHS.personalToken) {
      const m = /^ApiKey\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      const record = m ? state.apiKeys.get(m[1]!) : undefined;
      if (!record || record.revoked)
        return json(res, 401, { error: 'invalid_api_key', message: 'API key unknown or deleted' });
      if (record.expiresAt <= state.now())
        return json(res, 401, { error: 'api_key_expired', message: 'API key expired' });
      return json(res, 200, {
        access_token: state.issuePersonalToken(record.user),
        token_type: 'Bearer',
        expires_in: state.personalTokenSeconds,
        api_key_expires_at: new Date(record.expiresAt).toISOString(),
      });
    }
    return false;
  };
}
