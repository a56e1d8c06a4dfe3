import { AccessRevokedError, TransientAuthError, type TokenSource } from '../../auth/token-source';
import {
  MalformedResponseError,
  ProviderRejectedError,
  ScopeDeniedError,
  TransientSyncError,
  isAbort,
  sleep,
} from '../errors';
import { send, UnreadableAnswerError, type TransportResponse } from './http-transport';
import type { RequestBudget } from './request-budget';
import type { CategoryId, ProviderId } from '../../../../src-shared/providers';
import type { AccessRecord, AccessRecorder } from '../../access-log/access-record';
import { pathTemplate } from '../../access-log/path-template';

export interface RetryPolicy {
  /** Attempts per request for retryable failures (network, 5xx, 429, Withings 601). */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this ends the job instead of holding it open; the scheduler comes back then. */
  maxWaitMs: number;
  /** Wait after a rate-limit answer that names no time (Withings 601). */
  rateLimitWaitMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxWaitMs: 5 * 60_000,
  rateLimitWaitMs: 60_000,
};

/** What a request asks for: a GET with query, or a form POST (Withings). */
export interface ProviderRequest {
  method: 'GET' | 'POST';
  url: string;
  form?: Record<string, string>;
  /** Short name for messages and logs (never includes tokens). */
  endpoint: string;
  /** Path segments that name the user, for the access log's template (a Garmin display name → `displayName`). */
  named?: Readonly<Record<string, string>>;
}

/** Issue 12: where each attempt is recorded, and what the rows say about the account. */
export interface AccessLogDeps {
  recorder: AccessRecorder;
  providerId: ProviderId;
}

export interface HttpDeps {
  providerName: string;
  accountId: string;
  tokens: TokenSource;
  budget: RequestBudget;
  retry: RetryPolicy;
  signal: AbortSignal;
  /** Withings answers HTTP 200 with a status envelope: the client unwraps it. */
  envelope: 'none' | 'withings';
  /** Called right before a request leaves (tests and the request log use it). */
  onRequest?: (req: ProviderRequest) => void;
  /** The access log (issue 12): one row per attempt that left. */
  accessLog?: AccessLogDeps;
}

// Withings envelope statuses (docs/providers.md): auth failures and "too many requests".
const WITHINGS_AUTH = new Set([100, 101, 102, 200, 401]);
const WITHINGS_UNAUTHORIZED = new Set([214, 277, 2553, 2554, 2555]);
const WITHINGS_RATE = 601;

type Attempt =
  | { kind: 'ok'; body: Buffer }
  | { kind: 'unauthorized' }
  | { kind: 'retry'; reason: string; retryAfterMs: number | null };

/**
 * One account's authenticated, budgeted, retrying access to its provider. The
 * only code that sends data requests. Returns parsed JSON (the Withings
 * `body`); throws the errors of ../errors.ts, `AccessRevokedError` from the
 * token source, or an abort.
 */
// The TokenSource promises a token valid for at least a minute: asking once per 30 s, not per request,
// keeps a backfill's requests from queueing behind token look-ups (a round trip to the main thread
// when the engine runs in a worker).
const TOKEN_REUSE_MS = 30_000;

export class ProviderHttp {
  /**
   * State of the job, shared by the per-category views (`forCategory`): the token reused for
   * TOKEN_REUSE_MS. Also a key for what a fetcher keeps per job (Garmin's display name).
   */
  readonly job: { cached: { token: string; at: number } | null };
  /** The access-log row of each request's last attempt, until its records are counted. */
  private readonly rows = new WeakMap<ProviderRequest, AccessRecord>();

  constructor(
    private readonly deps: HttpDeps,
    private readonly category: { id: CategoryId; scope: string | null } | null = null,
    job?: ProviderHttp['job'],
  ) {
    this.job = job ?? { cached: null };
  }

  /** The same client for one category's requests: the access log names the category and the scope it relies on. */
  forCategory(category: CategoryId, scope: string | null): ProviderHttp {
    return new ProviderHttp(this.deps, { id: category, scope }, this.job);
  }

  private async token(): Promise<string> {
    const cached = this.job.cached;
    if (cached && Date.now() - cached.at < TOKEN_REUSE_MS) return cached.token;
    const token = await this.withAuthErrors(() => this.deps.tokens.accessToken(this.deps.accountId, this.deps.signal));
    this.job.cached = { token, at: Date.now() };
    return token;
  }

  async json(req: ProviderRequest): Promise<unknown> {
    return (await this.jsonWithText(req)).value;
  }

  /** The parsed answer and its text (kept as the raw payload of time-series pages without re-serializing). */
  async jsonWithText(req: ProviderRequest): Promise<{ value: unknown; text: string }> {
    const text = decodeUtf8(await this.body(req));
    const value = this.parseJson(req, text);
    this.noteRecords(req, recordsIn(value));
    return { value, text };
  }

  /**
   * How many records the answer to `req` held, for its access-log row (the bulk path reads the body
   * itself and says so; `json` counts on its own). The row is handed on after this, on a timer.
   */
  noteRecords(req: ProviderRequest, records: number): void {
    const row = this.rows.get(req);
    if (row) row.records = records;
  }

  /**
   * The answer's body as received, unparsed and undecoded (without a UTF-8 byte order mark). For the
   * bulk time-series path: it can compress the bytes and read them without first building a string;
   * `parseJson(req, decodeUtf8(bytes))` is what `json` returns.
   */
  async body(req: ProviderRequest): Promise<Buffer> {
    const { deps } = this;
    let token = await this.token();
    let refreshed = false;
    let lastReason = 'no answer';
    for (let attempt = 1; attempt <= deps.retry.maxAttempts; attempt++) {
      await deps.budget.take(deps.signal);
      const result = await this.attempt(req, token);
      if (result.kind === 'ok') return result.body;
      if (result.kind === 'unauthorized') {
        // An expired or rotated access token: refresh once and retry. A second 401 is not a token problem we can fix.
        if (refreshed)
          throw new ProviderRejectedError(
            `${deps.providerName} rejected a freshly refreshed token for ${req.endpoint}.`,
          );
        refreshed = true;
        const rejected = token;
        token = await this.withAuthErrors(() =>
          deps.tokens.refreshAfterRejection(deps.accountId, rejected, deps.signal),
        );
        this.job.cached = { token, at: Date.now() };
        attempt--;
        continue;
      }
      lastReason = result.reason;
      if (attempt === deps.retry.maxAttempts) break;
      const backoff = Math.min(deps.retry.maxDelayMs, deps.retry.baseDelayMs * 2 ** (attempt - 1));
      const jittered = backoff / 2 + Math.random() * (backoff / 2);
      const wait = Math.max(result.retryAfterMs ?? 0, jittered);
      if (wait > deps.retry.maxWaitMs) {
        throw new TransientSyncError(
          `${deps.providerName} asked Omnio to wait (${lastReason}); sync will resume later.`,
          Date.now() + wait,
        );
      }
      await sleep(wait, deps.signal);
    }
    throw new TransientSyncError(
      `${deps.providerName} could not be reached reliably (${lastReason}); sync will try again later.`,
    );
  }

  private async withAuthErrors<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await f();
    } catch (err) {
      if (err instanceof AccessRevokedError || isAbort(err, this.deps.signal)) throw err;
      if (err instanceof TransientAuthError) {
        throw new TransientSyncError(
          `Could not renew access to ${this.deps.providerName}: ${err.message}`,
          err.retryAfterMs ? Date.now() + err.retryAfterMs : null,
        );
      }
      throw err;
    }
  }

  private async attempt(req: ProviderRequest, token: string): Promise<Attempt> {
    const { deps } = this;
    // Checked synchronously right before the request leaves: after cancel() nothing is sent.
    deps.signal.throwIfAborted();
    deps.onRequest?.(req);
    const row = this.accessRow(req);
    const started = performance.now();
    let res: TransportResponse;
    try {
      res = await send({
        method: req.method,
        url: req.url,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(req.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body: req.form ? new URLSearchParams(req.form).toString() : undefined,
        signal: deps.signal,
      });
    } catch (err) {
      if (row) {
        row.durationMs = Math.round(performance.now() - started);
        row.outcome = isAbort(err, deps.signal)
          ? 'cancelled'
          : err instanceof UnreadableAnswerError
            ? err.message
            : networkReason(err);
        deps.accessLog!.recorder.record(row);
      }
      if (isAbort(err, deps.signal)) throw err;
      if (err instanceof UnreadableAnswerError)
        throw new MalformedResponseError(deps.providerName, req.endpoint, err.message);
      return { kind: 'retry', reason: networkReason(err), retryAfterMs: null };
    }
    if (row) {
      row.durationMs = Math.round(performance.now() - started);
      row.status = res.status;
      row.bytes = res.body.length;
      this.rows.set(req, row);
      deps.accessLog!.recorder.record(row);
    }
    const body = withoutBom(res.body);
    this.noteRateHeaders(res);
    if (res.status === 401) return { kind: 'unauthorized' };
    if (res.status === 403) throw new ScopeDeniedError(deps.providerName, req.endpoint);
    if (res.status === 429 || res.status >= 500) {
      const retryAfterMs = retryAfter(res) ?? rateReset(res);
      if (res.status === 429 && retryAfterMs !== null) deps.budget.blockUntil(Date.now() + retryAfterMs);
      return { kind: 'retry', reason: `HTTP ${res.status}`, retryAfterMs };
    }
    if (res.status < 200 || res.status >= 300) {
      throw new ProviderRejectedError(`${deps.providerName} answered HTTP ${res.status} to ${req.endpoint}.`);
    }
    if (deps.envelope === 'withings') return this.unwrapWithings(req, body);
    return { kind: 'ok', body };
  }

  private unwrapWithings(req: ProviderRequest, body: Buffer): Attempt {
    // The status leads Withings' envelope: read it from the first bytes instead of decoding the whole body.
    const status = /^\s*\{\s*"status"\s*:\s*(\d+)(?=\D)/.exec(body.subarray(0, 64).toString('latin1'))?.[1];
    // (A status cut off at the 64th byte fails the lookahead and goes the slow way below.)
    const code = status === undefined ? Number.NaN : Number(status);
    if (code === 0) return { kind: 'ok', body };
    this.noteOutcome(req, `Withings status ${Number.isNaN(code) ? '?' : code}`);
    if (Number.isNaN(code)) {
      // Status not first: parse the envelope the slow way.
      const parsed = this.parseJson(req, decodeUtf8(body)) as { status?: unknown };
      if (typeof parsed.status !== 'number')
        throw new MalformedResponseError(this.deps.providerName, req.endpoint, 'no status in envelope');
      if (parsed.status === 0) {
        this.noteOutcome(req, null);
        return { kind: 'ok', body };
      }
      this.noteOutcome(req, `Withings status ${parsed.status}`);
      return this.withingsStatus(req, parsed.status);
    }
    return this.withingsStatus(req, code);
  }

  private withingsStatus(req: ProviderRequest, code: number): Attempt {
    if (WITHINGS_AUTH.has(code)) return { kind: 'unauthorized' };
    if (code === WITHINGS_RATE)
      return {
        kind: 'retry',
        reason: 'Withings status 601 (too many requests)',
        retryAfterMs: this.deps.retry.rateLimitWaitMs,
      };
    if (WITHINGS_UNAUTHORIZED.has(code)) throw new ScopeDeniedError(this.deps.providerName, req.endpoint);
    if (code >= 500 && code < 600) return { kind: 'retry', reason: `Withings status ${code}`, retryAfterMs: null };
    throw new ProviderRejectedError(`Withings answered status ${code} to ${req.endpoint}.`);
  }

  /** JSON of an answer `body` returned (the Withings `body` inside the envelope); malformed JSON is a MalformedResponseError. */
  parseJson(req: ProviderRequest, text: string): unknown {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new MalformedResponseError(this.deps.providerName, req.endpoint, 'not valid JSON');
    }
    if (this.deps.envelope === 'withings') {
      const body = (value as { body?: unknown } | null)?.body;
      if (typeof body !== 'object' || body === null)
        throw new MalformedResponseError(this.deps.providerName, req.endpoint, 'envelope without body');
      return body;
    }
    return value;
  }

  /** A fresh access-log row for an attempt of `req`, or null when the log is off. */
  private accessRow(req: ProviderRequest): AccessRecord | null {
    const log = this.deps.accessLog;
    if (!log) return null;
    return {
      at: Date.now(),
      accountId: this.deps.accountId,
      providerId: log.providerId,
      action: 'sync',
      method: req.method,
      endpoint: pathTemplate(req.url, req.named),
      category: this.category?.id ?? null,
      scope: this.category?.scope ?? null,
      status: null,
      outcome: null,
      records: null,
      bytes: null,
      durationMs: null,
    };
  }

  private noteOutcome(req: ProviderRequest, outcome: string | null): void {
    const row = this.rows.get(req);
    if (row) row.outcome = outcome;
  }

  private noteRateHeaders(res: TransportResponse): void {
    // WHOOP: X-RateLimit-Remaining hitting 0 means wait for X-RateLimit-Reset (seconds) before the next request.
    const remaining = res.header('x-ratelimit-remaining');
    if (remaining !== null && Number(remaining) <= 0) {
      const reset = rateReset(res);
      if (reset !== null) this.deps.budget.blockUntil(Date.now() + reset);
    }
  }
}

// A UTF-8 byte order mark is not part of the JSON text (Response.text() drops it too).
function withoutBom(bytes: Buffer): Buffer {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return bom ? bytes.subarray(3) : bytes;
}

/** An answer body's text (invalid sequences become U+FFFD, as Response.text() does). */
export function decodeUtf8(bytes: Buffer): string {
  return bytes.toString('utf8');
}

function retryAfter(res: TransportResponse): number | null {
  const v = res.header('retry-after');
  if (v === null) return null;
  if (/^\d+$/.test(v.trim())) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function rateReset(res: TransportResponse): number | null {
  const v = res.header('x-ratelimit-reset');
  if (v === null || !/^\d+$/.test(v.trim())) return null;
  return Number(v) * 1000;
}

/** Records in a parsed answer, for the access log: its list's length, or 1 for a single object. */
export function recordsIn(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (typeof value !== 'object' || value === null) return 0;
  const v = value as Record<string, unknown>;
  // Oura `data`, WHOOP `records`, Withings `measuregrps` / `activities` / `series`.
  for (const key of ['data', 'records', 'measuregrps', 'activities', 'series']) {
    const list = v[key];
    if (Array.isArray(list)) return list.length;
  }
  return 1;
}

function networkReason(err: unknown): string {
  return err instanceof Error && err.name === 'NetworkError' ? err.message : 'network error';
}
