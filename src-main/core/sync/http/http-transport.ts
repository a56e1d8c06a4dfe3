import http from 'node:http';
import https from 'node:https';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';

// The one HTTP exchange under ProviderHttp: send a request, read the whole
// answer into one Buffer. node:http rather than fetch: a backfill reads about
// 50 MB of JSON, and fetch's web streams and chunk-by-chunk concatenation cost
// about twice the CPU of reading straight into a buffer sized from
// Content-Length (measured: bench/README.md), on the thread that also parses.
//
// Kept from fetch on purpose: connections are reused (keep-alive), compressed
// answers are asked for (gzip, which providers serve over real networks) and
// decompressed on the thread pool, and an abort ends the exchange at once.
// Not kept, on purpose: redirects are not followed, so a bearer token is only
// ever sent to the URL the fetcher built. Added: a socket that stays silent
// for IDLE_TIMEOUT_MS fails the attempt (fetch would wait five minutes), and
// an answer over MAX_BODY_BYTES is refused rather than held in memory.

export const IDLE_TIMEOUT_MS = 60_000;
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

export interface TransportRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** How long the socket may stay silent before the attempt fails (default IDLE_TIMEOUT_MS). */
  idleTimeoutMs?: number;
  /** The largest answer accepted, as received and once inflated (default MAX_BODY_BYTES). */
  maxBodyBytes?: number;
}

export interface TransportResponse {
  status: number;
  /** A response header, or null (names are case-insensitive). */
  header(name: string): string | null;
  /** The body as received, decompressed if the provider compressed it. */
  body: Buffer;
}

/** A failure of the exchange itself (refused, reset, cut off mid-body, silent): the caller may retry. */
export class NetworkError extends Error {
  constructor(readonly code: string) {
    super(`network: ${code}`);
    this.name = 'NetworkError';
  }
}

/** An answer that arrived whole but cannot be read; retrying would not help. */
export class UnreadableAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableAnswerError';
  }
}

/** The answer (or what it inflates to) was bigger than MAX_BODY_BYTES. */
export class BodyTooLargeError extends UnreadableAnswerError {
  constructor(limit: number) {
    super(`answer larger than ${+(limit / 1024 / 1024).toFixed(2)} MB`);
    this.name = 'BodyTooLargeError';
  }
}

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 8 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 8 }),
};

// Inflating stops at the size limit: a megabyte of gzip can expand to gigabytes (a "zip bomb").
const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);
const brotliAsync = promisify(brotliDecompress);
const decoders: Record<string, (b: Buffer, maxOutputLength: number) => Promise<Buffer>> = {
  gzip: (b, maxOutputLength) => gunzipAsync(b, { maxOutputLength }),
  'x-gzip': (b, maxOutputLength) => gunzipAsync(b, { maxOutputLength }),
  deflate: (b, maxOutputLength) => inflateAsync(b, { maxOutputLength }),
  br: (b, maxOutputLength) => brotliAsync(b, { maxOutputLength }),
};

/** Statuses that never carry a body, whatever Content-Length says (RFC 9110 §8.6). */
const NO_BODY = new Set([204, 304]);

// async: a bad URL or an already aborted signal rejects like every other failure instead of throwing.
export async function send(req: TransportRequest): Promise<TransportResponse> {
  const url = new URL(req.url);
  const protocol = url.protocol === 'https:' ? 'https:' : url.protocol === 'http:' ? 'http:' : null;
  if (!protocol) throw new Error(`unsupported URL scheme ${url.protocol}`);
  req.signal.throwIfAborted();
  const maxBody = req.maxBodyBytes ?? MAX_BODY_BYTES;
  return new Promise<TransportResponse>((resolve, reject) => {
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      req.signal.removeEventListener('abort', onAbort);
      reject(err);
    };
    const onAbort = () => {
      // The signal's own reason, whatever it is (as fetch does): callers recognise their abort by it.
      fail(req.signal.reason as Error);
      outgoing.destroy();
    };
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const outgoing = (protocol === 'https:' ? https : http).request(url, {
      method: req.method,
      agent: agents[protocol],
      headers: {
        ...req.headers,
        'accept-encoding': 'gzip, deflate, br',
        ...(body ? { 'content-length': String(body.length) } : {}),
      },
    });
    outgoing.setTimeout(req.idleTimeoutMs ?? IDLE_TIMEOUT_MS, () => {
      fail(new NetworkError('ETIMEDOUT'));
      outgoing.destroy();
    });
    outgoing.on('error', (err: NodeJS.ErrnoException) => fail(new NetworkError(err.code ?? 'ERROR')));
    outgoing.on('response', (res) => {
      const declared = NO_BODY.has(res.statusCode ?? 0) ? 0 : Number(res.headers['content-length']);
      const sized = Number.isInteger(declared) && declared >= 0 && declared <= maxBody;
      if (Number.isInteger(declared) && declared > maxBody) {
        fail(new BodyTooLargeError(maxBody));
        outgoing.destroy();
        return;
      }
      // One buffer of the announced size when there is one (no chunk list, no concatenation).
      const exact = sized ? Buffer.allocUnsafe(declared) : null;
      const chunks: Buffer[] = [];
      let length = 0;
      res.on('data', (chunk: Buffer) => {
        // Node's parser never delivers more than Content-Length (a longer body fails as a parse error).
        if (exact) chunk.copy(exact, length);
        else {
          if (length + chunk.length > maxBody) {
            fail(new BodyTooLargeError(maxBody));
            outgoing.destroy();
            return;
          }
          chunks.push(chunk);
        }
        length += chunk.length;
      });
      res.on('error', (err: NodeJS.ErrnoException) => fail(new NetworkError(err.code ?? 'ERROR')));
      res.on('aborted', () => fail(new NetworkError('ECONNRESET')));
      res.on('end', () => {
        if (settled) return;
        if (!res.complete || (exact && length !== declared)) return fail(new NetworkError('ECONNRESET'));
        const raw = exact ?? Buffer.concat(chunks, length);
        const encoding = String(res.headers['content-encoding'] ?? 'identity')
          .trim()
          .toLowerCase();
        const decode = encoding === 'identity' ? null : decoders[encoding];
        if (encoding !== 'identity' && !decode)
          // The provider's header goes into a user-facing message and the log: bounded.
          return fail(new UnreadableAnswerError(`unsupported content-encoding ${encoding.slice(0, 40)}`));
        const answer = (decoded: Buffer): void => {
          if (settled) return;
          settled = true;
          req.signal.removeEventListener('abort', onAbort);
          const headers = res.headers;
          resolve({
            status: res.statusCode ?? 0,
            header: (name) => {
              const v = headers[name.toLowerCase()];
              return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
            },
            body: decoded,
          });
        };
        if (!decode) return answer(raw);
        decode(raw, maxBody).then(answer, (err: NodeJS.ErrnoException) =>
          fail(
            err.code === 'ERR_BUFFER_TOO_LARGE' ? new BodyTooLargeError(maxBody) : new NetworkError('EBADCOMPRESSION'),
          ),
        );
      });
    });
    req.signal.addEventListener('abort', onAbort, { once: true });
    outgoing.end(body);
  });
}
