import type { GarminEndpoints } from '../definition';
import { parseRetryAfter } from '../../garmin/login-errors';
import { fetchNoRedirect, readCappedText, RedirectRefusedError } from '../../net/secret-fetch';
import { recordedFetch } from '../../access-log/recorded-fetch';

// Garmin's DI OAuth2 token endpoint, as the current unofficial clients use it:
// a service ticket (from the SSO login) or a refresh token, exchanged for an
// access + refresh token pair. Form body, HTTP Basic with the DI client id and
// an empty secret.

export const DI_CLIENT_ID = 'GARMIN_CONNECT_MOBILE_ANDROID_DI_2025Q2';
export const SERVICE_TICKET_GRANT = 'https://connectapi.garmin.com/di-oauth2-service/oauth/grant/service_ticket';
const TIMEOUT_MS = 30_000;

export interface DiTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds. */
  expiresIn: number;
  refreshExpiresIn: number | null;
  clientId: string;
}

/** Why a token request failed, in the terms callers act on. */
export type DiTokenFailureKind =
  /** The grant is dead (invalid_grant, 400/401): only a new sign-in helps. */
  | 'rejected'
  /** 429: wait. */
  | 'rate_limited'
  /** An HTML bot check instead of JSON. */
  | 'challenge'
  /** Network error or 5xx: retry later. */
  | 'transient';

export class DiTokenFailure extends Error {
  constructor(
    readonly kind: DiTokenFailureKind,
    detail: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(`Garmin token endpoint: ${detail}`);
    this.name = 'DiTokenFailure';
  }
}

const basic = (clientId: string) => `Basic ${Buffer.from(`${clientId}:`).toString('base64')}`;

async function request(
  url: string,
  params: URLSearchParams,
  clientId: string,
  now: number,
  fetchImpl: typeof fetch,
  signal?: AbortSignal,
): Promise<DiTokens> {
  let res: Response;
  try {
    // The body carries a service ticket or refresh token: a redirect is a refusal, never followed.
    res = await fetchNoRedirect(
      url,
      {
        method: 'POST',
        headers: {
          authorization: basic(clientId),
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: params.toString(),
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS),
      },
      fetchImpl,
    );
  } catch (err) {
    if (err instanceof RedirectRefusedError) throw new DiTokenFailure('transient', err.message);
    throw new DiTokenFailure('transient', `unreachable (${(err as Error).name})`);
  }
  let text: string;
  try {
    text = await readCappedText(res);
  } catch (err) {
    throw new DiTokenFailure('transient', (err as Error).message);
  }
  if (res.status === 429) {
    throw new DiTokenFailure('rate_limited', 'answered 429', parseRetryAfter(res.headers.get('retry-after'), now));
  }
  if ((res.headers.get('content-type') ?? '').includes('text/html') || /^\s*</.test(text)) {
    throw new DiTokenFailure(res.status >= 500 ? 'transient' : 'challenge', `answered ${res.status} with an HTML page`);
  }
  if (res.status >= 500) throw new DiTokenFailure('transient', `answered ${res.status}`);
  if (res.status === 400 || res.status === 401 || res.status === 403) {
    let error = '';
    try {
      error = String((JSON.parse(text) as { error?: unknown }).error ?? '');
    } catch {
      // An unreadable 4xx body is still a refusal.
    }
    throw new DiTokenFailure('rejected', `answered ${res.status}${error ? ` ${error.slice(0, 40)}` : ''}`);
  }
  if (!res.ok) throw new DiTokenFailure('transient', `answered ${res.status}`);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new DiTokenFailure('transient', 'answered malformed JSON');
  }
  const accessToken = body.access_token;
  const refreshToken = body.refresh_token;
  if (typeof accessToken !== 'string' || typeof refreshToken !== 'string' || !accessToken || !refreshToken) {
    throw new DiTokenFailure('transient', 'answer lacks access_token/refresh_token');
  }
  const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
  const refreshExpiresIn = typeof body.refresh_token_expires_in === 'number' ? body.refresh_token_expires_in : null;
  return { accessToken, refreshToken, expiresIn, refreshExpiresIn, clientId };
}

export function exchangeServiceTicket(
  endpoints: GarminEndpoints,
  ticket: string,
  serviceUrl: string,
  now: number,
  fetchImpl: typeof fetch = recordedFetch,
): Promise<DiTokens> {
  const params = new URLSearchParams({
    client_id: DI_CLIENT_ID,
    service_ticket: ticket,
    grant_type: SERVICE_TICKET_GRANT,
    service_url: serviceUrl,
  });
  return request(endpoints.ticketExchangeUrl, params, DI_CLIENT_ID, now, fetchImpl);
}

export function refreshSession(
  endpoints: GarminEndpoints,
  refreshToken: string,
  clientId: string,
  now: number,
  fetchImpl: typeof fetch = recordedFetch,
  signal?: AbortSignal,
): Promise<DiTokens> {
  const params = new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken });
  return request(endpoints.tokenRefreshUrl, params, clientId, now, fetchImpl, signal);
}
