import type { GarminEndpoints } from '../definition';
import { parseRetryAfter } from '../../garmin/login-errors';
import { fetchNoRedirect, readCappedText, RedirectRefusedError } from '../../net/secret-fetch';
import { recordedFetch } from '../../access-log/recorded-fetch';

// Garmin's official Personal API (2026): a key the user creates in Garmin
// Connect's settings (30–365 days, shown once) is exchanged for a 24 h access
// token with `Authorization: ApiKey <key>`. The answer's field names are
// partly third-party knowledge, so both snake_case and camelCase are read.

const TIMEOUT_MS = 30_000;
const DEFAULT_TOKEN_SECONDS = 24 * 3600;

export interface PersonalToken {
  accessToken: string;
  expiresIn: number;
  /** The key's own expiry when Garmin states it. */
  keyExpiresAt: string | null;
}

export type PersonalTokenFailureKind = 'rejected' | 'rate_limited' | 'transient';

export class PersonalTokenFailure extends Error {
  constructor(
    readonly kind: PersonalTokenFailureKind,
    detail: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super(`Garmin Personal API token endpoint: ${detail}`);
    this.name = 'PersonalTokenFailure';
  }
}

function firstString(body: Record<string, unknown>, ...names: string[]): string | null {
  for (const n of names) if (typeof body[n] === 'string' && body[n]) return body[n] as string;
  return null;
}

export async function exchangeApiKey(
  endpoints: GarminEndpoints,
  apiKey: string,
  now: number,
  fetchImpl: typeof fetch = recordedFetch,
  signal?: AbortSignal,
): Promise<PersonalToken> {
  let res: Response;
  try {
    // The ApiKey header is a long-lived secret: a redirect is a refusal, never followed.
    res = await fetchNoRedirect(
      endpoints.personalApiTokenUrl,
      {
        method: 'POST',
        headers: { authorization: `ApiKey ${apiKey}`, accept: 'application/json' },
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS),
      },
      fetchImpl,
    );
  } catch (err) {
    if (err instanceof RedirectRefusedError) throw new PersonalTokenFailure('transient', err.message);
    throw new PersonalTokenFailure('transient', `unreachable (${(err as Error).name})`);
  }
  let text: string;
  try {
    text = await readCappedText(res);
  } catch (err) {
    throw new PersonalTokenFailure('transient', (err as Error).message);
  }
  if (res.status === 429) {
    throw new PersonalTokenFailure(
      'rate_limited',
      'answered 429',
      parseRetryAfter(res.headers.get('retry-after'), now),
    );
  }
  if (res.status === 400 || res.status === 401 || res.status === 403) {
    throw new PersonalTokenFailure('rejected', `answered ${res.status}`);
  }
  if (!res.ok) throw new PersonalTokenFailure('transient', `answered ${res.status}`);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new PersonalTokenFailure('transient', 'answered malformed JSON');
  }
  const accessToken = firstString(body, 'access_token', 'accessToken');
  if (!accessToken) throw new PersonalTokenFailure('transient', 'answer lacks an access token');
  const rawExpiresIn = body.expires_in ?? body.expiresIn;
  const expiresIn = typeof rawExpiresIn === 'number' && rawExpiresIn > 0 ? rawExpiresIn : DEFAULT_TOKEN_SECONDS;
  const keyExpiry = firstString(body, 'api_key_expires_at', 'apiKeyExpiresAt', 'keyExpirationDate', 'expirationDate');
  const parsed = keyExpiry ? Date.parse(keyExpiry) : NaN;
  return { accessToken, expiresIn, keyExpiresAt: Number.isNaN(parsed) ? null : new Date(parsed).toISOString() };
}
