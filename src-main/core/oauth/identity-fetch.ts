import { isLoopbackHttp } from './token-types';
import { recordedFetch } from '../access-log/recorded-fetch';

// A small authenticated GET for the identity calls made right after the code
// exchange (Oura personal_info, WHOOP profile). Answers other than 200 give
// null: a missing profile scope must not fail the connection, the account is
// then simply not labelled.

export async function getJsonWithBearer(
  url: string,
  accessToken: string,
  signal?: AbortSignal,
): Promise<Record<string, unknown> | null> {
  const u = new URL(url);
  if (u.protocol !== 'https:' && !isLoopbackHttp(url)) throw new Error('refusing a non-https identity endpoint');
  const timeout = AbortSignal.timeout(15_000);
  const res = await recordedFetch(u, {
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  if (res.status !== 200) return null;
  const body = (await res.json()) as unknown;
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

export const idString = (v: unknown): string | null =>
  typeof v === 'string' && v.length > 0 && v.length <= 128
    ? v
    : typeof v === 'number' && Number.isSafeInteger(v)
      ? String(v)
      : null;

export const labelString = (v: unknown): string | null =>
  typeof v === 'string' && v.length > 0 ? v.slice(0, 254) : null;
