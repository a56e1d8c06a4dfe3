import { recordedFetch } from '../access-log/recorded-fetch';

// fetch for requests that carry a secret (a client secret, a refresh token, an
// API key, a bearer token) outside the sync engine's own transport: token
// endpoints, identity calls, revocation. Two rules (issue 13):
// - Redirects are never followed. fetch's default would re-send the body (and,
//   for same-origin hops, the headers) to whatever `Location` names, including
//   an https → http downgrade. A 3xx answer is a refusal here.
// - The answer is read up to a cap. These endpoints answer a few hundred bytes;
//   a misbehaving or hostile server must not make us hold megabytes.

/** Far above any token, profile or revocation answer (they are well under 16 KB). */
export const MAX_SECRET_ANSWER_BYTES = 1024 * 1024;

export class RedirectRefusedError extends Error {
  constructor(readonly status: number) {
    super(`answered HTTP ${status} (a redirect; not followed where a secret travels)`);
    this.name = 'RedirectRefusedError';
  }
}

export class AnswerTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`answer larger than ${limit} bytes`);
    this.name = 'AnswerTooLargeError';
  }
}

export const isRedirectStatus = (status: number): boolean => status >= 300 && status < 400;

/**
 * fetch with `redirect: 'manual'`: a 3xx answer throws RedirectRefusedError
 * (its body is discarded). Network errors propagate unchanged, so callers keep
 * classifying them as before.
 */
export async function fetchNoRedirect(
  url: string | URL,
  init: RequestInit,
  // Issue 12: by default every such request is recorded in the access log of the operation under way.
  fetchImpl: typeof fetch = recordedFetch,
): Promise<Response> {
  const res = await fetchImpl(url, { ...init, redirect: 'manual' });
  // Node's fetch returns the real 3xx with `redirect: 'manual'`; a browser-like
  // fetch would give an opaque redirect (type 'opaqueredirect', status 0).
  if (isRedirectStatus(res.status) || res.type === 'opaqueredirect') {
    await res.body?.cancel().catch(() => undefined);
    throw new RedirectRefusedError(res.status);
  }
  return res;
}

/** The whole body as bytes, refusing (and cancelling) past `limit`, whatever Content-Length claims. */
export async function readCappedBytes(res: Response, limit = MAX_SECRET_ANSWER_BYTES): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel().catch(() => undefined);
    throw new AnswerTooLargeError(limit);
  }
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > limit) {
      await reader.cancel().catch(() => undefined);
      throw new AnswerTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length);
}

export async function readCappedText(res: Response, limit = MAX_SECRET_ANSWER_BYTES): Promise<string> {
  return (await readCappedBytes(res, limit)).toString('utf8');
}

/**
 * A fetch with both rules, for libraries that take a fetch (oauth4webapi's
 * customFetch): the answer is read under the cap and handed back as a fresh
 * Response. A 3xx is passed on as is (oauth4webapi refuses it itself).
 */
export async function cappedFetch(url: string | URL, init: RequestInit): Promise<Response> {
  const res = await recordedFetch(url, { ...init, redirect: 'manual' });
  const body = isRedirectStatus(res.status) ? Buffer.alloc(0) : await readCappedBytes(res);
  if (isRedirectStatus(res.status)) await res.body?.cancel().catch(() => undefined);
  const noBody = res.status === 204 || res.status === 304 || isRedirectStatus(res.status);
  return new Response(noBody ? null : new Uint8Array(body), {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
  });
}
