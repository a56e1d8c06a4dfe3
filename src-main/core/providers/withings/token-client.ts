import { redactor } from '../../log/redactor';
import { providerMessage } from '../../oauth/redirect-parser';
import {
  isLoopbackHttp,
  TokenEndpointError,
  type CodeExchange,
  type TokenClient,
  type TokenClientConfig,
  type TokenSet,
} from '../../oauth/token-types';
import { recordedFetch } from '../../access-log/recorded-fetch';

// Withings' token endpoint is not RFC 6749: `POST /v2/oauth2` with
// `action=requesttoken`, always HTTP 200, and an envelope `{status, body}`.
// Status 0 is success; 100, 101, 102, 200 and 401 mean the grant is dead;
// 601 is a rate limit. The user id comes in the token body (`userid`).

const AUTH_FAILURES = new Set([100, 101, 102, 200, 401]);
const RATE_LIMITED = 601;
const TIMEOUT_MS = 30_000;

export function createTokenClient(config: TokenClientConfig): TokenClient {
  const { def, client, now } = config;
  if (!client.clientSecret) throw new TokenEndpointError('protocol', null, 'withings needs a client secret');
  const url = new URL(def.endpoints.tokenUrl);
  if (url.protocol !== 'https:' && !isLoopbackHttp(url.toString()))
    throw new Error('Withings token endpoint must be https');

  const post = async (fields: Record<string, string>, signal?: AbortSignal): Promise<TokenSet> => {
    const body = new URLSearchParams({
      action: 'requesttoken',
      client_id: client.clientId,
      client_secret: client.clientSecret!,
      ...fields,
    });
    const timeout = AbortSignal.timeout(TIMEOUT_MS);
    let res: Response;
    try {
      res = await recordedFetch(url, {
        method: 'POST',
        body,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (err) {
      throw new TokenEndpointError('transient', null, `withings token endpoint unreachable: ${(err as Error).message}`);
    }
    if (res.status === 429 || res.status >= 500)
      throw new TokenEndpointError('transient', null, `withings token endpoint answered ${res.status}`);
    let envelope: { status?: unknown; body?: Record<string, unknown>; error?: unknown };
    try {
      envelope = (await res.json()) as typeof envelope;
    } catch {
      throw new TokenEndpointError('transient', null, 'withings token response was not JSON');
    }
    const status = typeof envelope.status === 'number' ? envelope.status : -1;
    const message = providerMessage(typeof envelope.error === 'string' ? envelope.error : null, `status ${status}`);
    if (status === RATE_LIMITED)
      throw new TokenEndpointError('transient', message, 'withings rate limit (601)', 60_000);
    if (AUTH_FAILURES.has(status))
      throw new TokenEndpointError('auth', message, `withings refused the grant (status ${status})`);
    if (status !== 0 || !envelope.body)
      throw new TokenEndpointError('protocol', message, `withings answered status ${status}`);
    const b = envelope.body;
    if (typeof b.access_token !== 'string' || b.access_token.length === 0) {
      throw new TokenEndpointError('protocol', null, 'withings token body has no access_token');
    }
    redactor.add(b.access_token);
    redactor.add(typeof b.refresh_token === 'string' ? b.refresh_token : null);
    const seconds = typeof b.expires_in === 'number' && b.expires_in > 0 ? b.expires_in : def.defaultAccessTokenSeconds;
    const userid = typeof b.userid === 'number' || typeof b.userid === 'string' ? String(b.userid) : null;
    return {
      accessToken: b.access_token,
      refreshToken: typeof b.refresh_token === 'string' && b.refresh_token ? b.refresh_token : null,
      expiresAt: new Date(now().getTime() + seconds * 1000),
      scopes: typeof b.scope === 'string' ? b.scope.split(/[,\s]+/).filter(Boolean) : null,
      providerUserId: userid,
    };
  };

  return {
    exchangeCode(input: CodeExchange, signal?: AbortSignal) {
      redactor.add(input.code);
      redactor.add(input.codeVerifier);
      return post(
        {
          grant_type: 'authorization_code',
          code: input.code,
          redirect_uri: input.redirectUri,
          code_verifier: input.codeVerifier,
        },
        signal,
      );
    },
    refresh(refreshToken: string, signal?: AbortSignal) {
      return post({ grant_type: 'refresh_token', refresh_token: refreshToken }, signal);
    },
  };
}
