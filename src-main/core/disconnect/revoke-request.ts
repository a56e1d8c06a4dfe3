import type { ProviderId } from '../../../src-shared/providers';
import { isAbort } from '../sync/errors';
import { recordedFetch } from '../access-log/recorded-fetch';

// The one HTTP request that revokes Omnio's grant at a provider, in each
// provider's dialect (docs/providers.md):
// - Oura: `<revocationUrl>?access_token=<token>` (GET);
// - WHOOP: `DELETE /developer/v2/user/access` with the bearer token.
// Withings and Garmin have no such endpoint: the caller never gets here.
// The URL carrying a token is never logged; errors name the provider only.

export type RevokeRequestResult =
  | { kind: 'revoked' }
  /** 400/401: the token is not valid (expired, or the grant is already gone). */
  | { kind: 'token_rejected' }
  /** Network, timeout, 429, 5xx: worth trying again later. */
  | { kind: 'retry'; reason: string }
  /** Any other answer: trying again will not help. */
  | { kind: 'failed'; reason: string };

export const REVOKE_TIMEOUT_MS = 10_000;

export type RevocableProvider = Extract<ProviderId, 'oura' | 'whoop'>;

export function isRevocable(providerId: ProviderId): providerId is RevocableProvider {
  return providerId === 'oura' || providerId === 'whoop';
}

export async function sendRevokeRequest(
  providerId: RevocableProvider,
  providerName: string,
  revocationUrl: string,
  accessToken: string,
  signal?: AbortSignal,
): Promise<RevokeRequestResult> {
  const first = await attempt(providerId, providerName, revocationUrl, accessToken, signal);
  // A connection kept alive from before the network dropped fails at once on reuse: one fresh try
  // (revoking is idempotent). A second network failure is a real one.
  if (first.kind === 'retry' && first.network)
    return attempt(providerId, providerName, revocationUrl, accessToken, signal);
  return first;
}

async function attempt(
  providerId: RevocableProvider,
  providerName: string,
  revocationUrl: string,
  accessToken: string,
  signal?: AbortSignal,
): Promise<RevokeRequestResult & { network?: boolean }> {
  const timeout = AbortSignal.timeout(REVOKE_TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let res: Response;
  try {
    if (providerId === 'oura') {
      const url = new URL(revocationUrl);
      url.searchParams.set('access_token', accessToken);
      res = await recordedFetch(url, { method: 'GET', headers: { accept: 'application/json' }, signal: combined });
    } else {
      res = await recordedFetch(revocationUrl, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
        signal: combined,
      });
    }
    await res.arrayBuffer().catch(() => undefined);
  } catch (err) {
    if (signal?.aborted) throw err;
    if (timeout.aborted || isAbort(err)) return { kind: 'retry', reason: `${providerName} did not answer in time` };
    const code = (err as { cause?: { code?: string } }).cause?.code;
    return { kind: 'retry', reason: `${providerName} could not be reached${code ? ` (${code})` : ''}`, network: true };
  }
  if (res.status >= 200 && res.status < 300) return { kind: 'revoked' };
  if (res.status === 400 || res.status === 401) return { kind: 'token_rejected' };
  if (res.status === 429 || res.status >= 500)
    return { kind: 'retry', reason: `${providerName} answered HTTP ${res.status}` };
  return { kind: 'failed', reason: `${providerName} answered HTTP ${res.status} to the revocation` };
}
