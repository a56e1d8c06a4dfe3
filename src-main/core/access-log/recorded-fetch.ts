import { AsyncLocalStorage } from 'node:async_hooks';
import type { AccessAction } from '../../../src-shared/access-log';
import type { ProviderId } from '../../../src-shared/providers';
import type { AccessRecord, AccessRecorder } from './access-record';
import { pathTemplate } from './path-template';

// The access log of the main thread's provider requests (issue 12): code
// exchange, token refresh, identity look-ups, revocation, Garmin's sign-in
// steps and its Personal-API-key exchange. Those requests are made deep in
// clients that know nothing of accounts (oauth4webapi, the Garmin login
// client); the operation that starts them does. So the operation runs inside
// `withAccessLog` and the clients fetch with `recordedFetch`, which records
// each request into the operation's scope. The sync engine's data requests
// are recorded by ProviderHttp instead (one row per attempt, on its thread).

interface Scope {
  recorder: AccessRecorder;
  providerId: ProviderId;
  accountId: string | null;
  action: AccessAction;
  rows: AccessRecord[];
  /** Answers whose size is still being read. */
  sizes: Promise<unknown>[];
}

const scopes = new AsyncLocalStorage<Scope>();

export interface AccessLogScope {
  recorder: AccessRecorder | undefined;
  providerId: ProviderId;
  /** Null until known (a first connect learns it after the exchange): `setAccount` fills it in. */
  accountId: string | null;
  action: AccessAction;
}

/**
 * Runs `operation`, recording every `recordedFetch` it makes. The rows are
 * written when it settles, with the account it ended up naming.
 */
export async function withAccessLog<T>(scope: AccessLogScope, operation: () => Promise<T>): Promise<T> {
  // Inside another operation's scope (a revocation started by a disconnect), the outer one records.
  if (!scope.recorder || scopes.getStore()) return operation();
  const s: Scope = { ...scope, recorder: scope.recorder, rows: [], sizes: [] };
  try {
    return await scopes.run(s, operation);
  } finally {
    await Promise.allSettled(s.sizes);
    for (const row of s.rows) {
      row.accountId ??= s.accountId;
      try {
        s.recorder.record(row);
      } catch {
        // The log must never fail the operation it describes (a closed database at shutdown).
      }
    }
  }
}

/** Names the account of the operation under way (a connect, once the provider said who the user is). */
export function setAccessAccount(accountId: string): void {
  const s = scopes.getStore();
  if (s) s.accountId = accountId;
}

/** One row for an event that made no request (a refused consent, a disconnect). */
export function recordAccessEvent(
  recorder: AccessRecorder | undefined,
  event: { providerId: ProviderId; accountId: string | null; action: AccessAction; outcome: string; at: number },
): void {
  if (!recorder) return;
  try {
    recorder.record({
      ...event,
      method: null,
      endpoint: null,
      category: null,
      scope: null,
      status: null,
      records: null,
      bytes: null,
      durationMs: null,
    });
  } catch {
    // as above
  }
}

/**
 * The size of a body, counted chunk by chunk and never held: a hostile answer that the caller refuses past
 * its cap (net/secret-fetch.ts) must not be read whole here. Counting stops a little past that cap.
 */
async function countBytes(res: Response): Promise<number> {
  if (!res.body) return 0;
  const reader = res.body.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return total;
      total += value.byteLength;
      if (total > COUNT_LIMIT) {
        await reader.cancel().catch(() => undefined);
        return total;
      }
    }
  } catch {
    return total;
  }
}
const COUNT_LIMIT = 2 * 1024 * 1024;

/** `fetch`, recorded into the current withAccessLog scope (outside one, plain fetch). */
export async function recordedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const s = scopes.getStore();
  if (!s) return fetch(input, init);
  const url = input instanceof Request ? input.url : input.toString();
  const row: AccessRecord = {
    at: Date.now(),
    accountId: null,
    providerId: s.providerId,
    action: s.action,
    method: (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase(),
    endpoint: pathTemplate(url),
    category: null,
    scope: null,
    status: null,
    outcome: null,
    records: null,
    bytes: null,
    durationMs: null,
  };
  s.rows.push(row);
  const started = performance.now();
  try {
    const res = await fetch(input, init);
    row.status = res.status;
    row.durationMs = Math.round(performance.now() - started);
    // The size of the body as read; a copy, so the caller reads its answer as before.
    if (res.body) {
      s.sizes.push(countBytes(res.clone()).then((n) => (row.bytes = n)));
    } else row.bytes = 0;
    return res;
  } catch (err) {
    row.durationMs = Math.round(performance.now() - started);
    const code = (err as { cause?: { code?: unknown } }).cause?.code;
    row.outcome =
      (err as Error).name === 'AbortError' || (err as Error).name === 'TimeoutError'
        ? 'no answer in time'
        : `network${typeof code === 'string' ? `: ${code.slice(0, 40)}` : ' error'}`;
    throw err;
  }
}
