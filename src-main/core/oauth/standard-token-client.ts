import * as oauth from 'oauth4webapi';
import { redactor } from '../log/redactor';
import { cappedFetch } from '../net/secret-fetch';
import { providerMessage } from './redirect-parser';
import {
  isLoopbackHttp,
  retryAfterMs,
  TokenEndpointError,
  type CodeExchange,
  type TokenClient,
  type TokenClientConfig,
  type TokenSet,
} from './token-types';

// Token exchange and refresh for providers that follow RFC 6749 (Oura, WHOOP),
// through oauth4webapi. Provider quirks come in as options: how the client
// authenticates, extra refresh parameters (WHOOP wants scope=offline).

export interface StandardTokenOptions {
  clientAuth: 'post' | 'basic';
  refreshParameters?: Record<string, string>;
}

const AUTH_ERRORS = new Set(['invalid_grant', 'invalid_token', 'access_denied']);
/** The client (Omnio's app id and secret) was refused, not the user's grant. */
const CLIENT_ERRORS = new Set(['invalid_client', 'unauthorized_client']);
const TIMEOUT_MS = 30_000;

export function standardTokenClient(config: TokenClientConfig, options: StandardTokenOptions): TokenClient {
  const { def, client: creds, now } = config;
  if (!creds.clientSecret) throw new TokenEndpointError('protocol', null, `${def.id} needs a client secret`);
  const as: oauth.AuthorizationServer = {
    issuer: new URL(def.endpoints.tokenUrl).origin,
    authorization_endpoint: def.endpoints.authorizationUrl,
    token_endpoint: def.endpoints.tokenUrl,
  };
  const client: oauth.Client = { client_id: creds.clientId };
  const clientAuth =
    options.clientAuth === 'basic'
      ? oauth.ClientSecretBasic(creds.clientSecret)
      : oauth.ClientSecretPost(creds.clientSecret);
  const http = (signal?: AbortSignal) => ({
    signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS),
    // oauth4webapi already asks for redirect: 'manual'; cappedFetch also caps the answer's size, and
    // records the request in the access log of the operation under way (issue 12).
    [oauth.customFetch]: cappedFetch,
    ...(isLoopbackHttp(def.endpoints.tokenUrl) ? { [oauth.allowInsecureRequests]: true } : {}),
  });

  const toTokenSet = (r: oauth.TokenEndpointResponse): TokenSet => {
    redactor.add(r.access_token);
    redactor.add(r.refresh_token);
    const seconds = typeof r.expires_in === 'number' && r.expires_in > 0 ? r.expires_in : def.defaultAccessTokenSeconds;
    return {
      accessToken: r.access_token,
      refreshToken: r.refresh_token ?? null,
      expiresAt: new Date(now().getTime() + seconds * 1000),
      scopes: typeof r.scope === 'string' ? r.scope.split(/[\s,]+/).filter(Boolean) : null,
      providerUserId: null,
    };
  };

  const call = async (
    send: () => Promise<Response>,
    process: (res: Response) => Promise<oauth.TokenEndpointResponse>,
  ): Promise<TokenSet> => {
    let res: Response;
    try {
      res = await send();
    } catch (err) {
      throw new TokenEndpointError(
        'transient',
        null,
        `${def.id} token endpoint unreachable: ${(err as Error).message}`,
      );
    }
    if (res.status === 429 || res.status >= 500) {
      throw new TokenEndpointError(
        'transient',
        null,
        `${def.id} token endpoint answered ${res.status}`,
        retryAfterMs(res.headers.get('retry-after')),
      );
    }
    try {
      return toTokenSet(await process(res));
    } catch (err) {
      if (err instanceof oauth.ResponseBodyError) {
        const refused = err.status === 400 || err.status === 401;
        const kind =
          refused && AUTH_ERRORS.has(err.error)
            ? 'auth'
            : refused && CLIENT_ERRORS.has(err.error)
              ? 'client'
              : 'protocol';
        const message = providerMessage(err.error_description ?? null, err.error);
        throw new TokenEndpointError(kind, message, `${def.id} token endpoint refused (${err.status} ${err.error})`);
      }
      throw new TokenEndpointError(
        'protocol',
        null,
        `${def.id} token response was not understood: ${(err as Error).message}`,
      );
    }
  };

  return {
    exchangeCode(input: CodeExchange, signal?: AbortSignal) {
      redactor.add(input.code);
      redactor.add(input.codeVerifier);
      let params: URLSearchParams;
      try {
        params = oauth.validateAuthResponse(as, client, input.callbackParams, input.state);
      } catch (err) {
        return Promise.reject(
          new TokenEndpointError(
            'protocol',
            null,
            `${def.id} authorization response rejected: ${(err as Error).message}`,
          ),
        );
      }
      return call(
        () =>
          oauth.authorizationCodeGrantRequest(
            as,
            client,
            clientAuth,
            params,
            input.redirectUri,
            input.codeVerifier,
            http(signal),
          ),
        (res) => oauth.processAuthorizationCodeResponse(as, client, res),
      );
    },
    refresh(refreshToken: string, signal?: AbortSignal) {
      return call(
        () =>
          oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshToken, {
            ...http(signal),
            ...(options.refreshParameters ? { additionalParameters: options.refreshParameters } : {}),
          }),
        (res) => oauth.processRefreshTokenResponse(as, client, res),
      );
    },
  };
}
