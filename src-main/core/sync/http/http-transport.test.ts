import http from 'node:http';
import type net from 'node:net';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { TokenSource } from '../../auth/token-source';
import { MalformedResponseError, ProviderRejectedError, TransientSyncError } from '../errors';
import {
  BodyTooLargeError,
  MAX_BODY_BYTES,
  NetworkError,
  send,
  UnreadableAnswerError,
  type TransportRequest,
  type TransportResponse,
} from './http-transport';
import { ProviderHttp, type ProviderRequest, type RetryPolicy } from './provider-http';
import { RequestBudget } from './request-budget';

// Real servers on 127.0.0.1, the real transport: no mocks.

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  remotePort: number;
}

interface Local {
  server: http.Server;
  url: string;
  requests: Seen[];
  /** TCP connections the server accepted. */
  connections: number;
}

const servers: http.Server[] = [];
const sockets = new Set<net.Socket>();

/** A server on 127.0.0.1:0 that records each request (with its body) before `handle` answers it. */
async function listen(
  handle: (req: http.IncomingMessage, res: http.ServerResponse, seen: Seen) => void,
): Promise<Local> {
  const local: Local = { server: http.createServer(), url: '', requests: [], connections: 0 };
  const { server } = local;
  server.on('connection', (socket: net.Socket) => {
    local.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
        remotePort: req.socket.remotePort ?? 0,
      };
      local.requests.push(seen);
      handle(req, res, seen);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  local.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return local;
}

afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

const live = () => new AbortController().signal;

function get(url: string, extra: Partial<TransportRequest> = {}): Promise<TransportResponse> {
  return send({ method: 'GET', url, headers: {}, signal: live(), ...extra });
}

/** What `p` rejected with (fails the test if it resolved). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A JSON text of about `n` bytes that does not compress to nothing, with non-ASCII characters. */
function jsonOf(n: number): Buffer {
  const items: string[] = [];
  let size = 0;
  for (let i = 0; size < n; i++) {
    const item = `{"i":${i},"bpm":${60 + ((i * 7919) % 97)},"note":"é✓${(i * 2654435761) % 1_000_003}"}`;
    items.push(item);
    size += Buffer.byteLength(item) + 1;
  }
  return Buffer.from(`[${items.join(',')}]`);
}

const FAST_RETRY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 5,
  maxDelayMs: 20,
  maxWaitMs: 1_000,
  rateLimitWaitMs: 10,
};

const TOKEN = 'secret-token-1234';
const tokens: TokenSource = {
  accessToken: async () => TOKEN,
  refreshAfterRejection: async () => `${TOKEN}-refreshed`,
};

function providerHttp(sent: ProviderRequest[] = []): ProviderHttp {
  return new ProviderHttp({
    providerName: 'Test',
    accountId: 'acc-1',
    tokens,
    budget: new RequestBudget([]),
    retry: FAST_RETRY,
    signal: live(),
    envelope: 'none',
    onRequest: (r) => sent.push(r),
  });
}

describe('send: plain answers', () => {
  it('returns a 200 JSON body byte-exact, with its status and case-insensitive headers', async () => {
    const body = Buffer.from('{"name":"Zoë","ok":true,"v":[1,2,3],"emoji":"❤️"}');
    const srv = await listen((_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'X-RateLimit-Remaining': '42',
        'Content-Length': String(body.length),
      });
      res.end(body);
    });

    const res = await send({
      method: 'GET',
      url: `${srv.url}/v2/items?start=2026-01-01&next=a%20b`,
      headers: { authorization: 'Bearer abc', accept: 'application/json', 'X-Custom': 'yes' },
      signal: live(),
    });

    expect(res.status).toBe(200);
    expect(Buffer.isBuffer(res.body)).toBe(true);
    expect(res.body.equals(body)).toBe(true);
    expect(res.header('content-type')).toBe('application/json; charset=utf-8');
    expect(res.header('CONTENT-TYPE')).toBe('application/json; charset=utf-8');
    expect(res.header('x-ratelimit-remaining')).toBe('42');
    expect(res.header('X-RateLimit-Remaining')).toBe('42');
    expect(res.header('content-length')).toBe(String(body.length));
    expect(res.header('x-not-there')).toBeNull();

    expect(srv.requests).toHaveLength(1);
    const seen = srv.requests[0]!;
    expect(seen.method).toBe('GET');
    expect(seen.url).toBe('/v2/items?start=2026-01-01&next=a%20b');
    expect(seen.headers.authorization).toBe('Bearer abc');
    expect(seen.headers.accept).toBe('application/json');
    expect(seen.headers['x-custom']).toBe('yes');
    expect(seen.headers['accept-encoding']).toBe('gzip, deflate, br');
    expect(seen.headers['content-length']).toBeUndefined();
    expect(seen.body.length).toBe(0);
  });

  it('sends a POST body whole, with its content-length in bytes (not characters)', async () => {
    const srv = await listen((_req, res) => res.end('{"status":0}'));
    const form = '{"action":"getmeas","note":"é✓"}';
    expect(Buffer.byteLength(form)).toBeGreaterThan(form.length); // the test needs multi-byte characters

    const res = await send({
      method: 'POST',
      url: `${srv.url}/measure`,
      headers: { 'content-type': 'application/json' },
      body: form,
      signal: live(),
    });

    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('{"status":0}');
    const seen = srv.requests[0]!;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/measure');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers['content-length']).toBe(String(Buffer.byteLength(form)));
    expect(seen.headers['transfer-encoding']).toBeUndefined();
    expect(seen.body.toString()).toBe(form);
    expect(seen.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('returns an error status with its body (the caller decides what it means)', async () => {
    const srv = await listen((_req, res) => {
      res.writeHead(503, { 'retry-after': '7' });
      res.end('busy');
    });
    const res = await get(`${srv.url}/x`);
    expect(res.status).toBe(503);
    expect(res.header('Retry-After')).toBe('7');
    expect(res.body.toString()).toBe('busy');
  });
});

describe('send: compressed answers', () => {
  const original = jsonOf(200_000);
  const compressors: Record<string, (b: Buffer) => Buffer> = {
    gzip: (b) => zlib.gzipSync(b),
    deflate: (b) => zlib.deflateSync(b),
    br: (b) => zlib.brotliCompressSync(b),
  };

  it.each(Object.keys(compressors))('decodes a %s answer to the original bytes', async (encoding) => {
    const compressed = compressors[encoding]!(original);
    expect(compressed.length).toBeLessThan(original.length / 2);
    const srv = await listen((_req, res) => {
      res.writeHead(200, { 'content-encoding': encoding, 'content-length': String(compressed.length) });
      res.end(compressed);
    });

    const res = await get(`${srv.url}/data`);

    expect(res.status).toBe(200);
    expect(res.header('content-encoding')).toBe(encoding);
    expect(res.body.length).toBe(original.length);
    expect(res.body.equals(original)).toBe(true);
    expect(srv.requests[0]!.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('decodes a chunked gzip answer without Content-Length', async () => {
    const compressed = zlib.gzipSync(original);
    const srv = await listen((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'GZIP' });
      const third = Math.floor(compressed.length / 3);
      res.write(compressed.subarray(0, third));
      setTimeout(() => {
        res.write(compressed.subarray(third, 2 * third));
        res.end(compressed.subarray(2 * third));
      }, 10);
    });

    const res = await get(`${srv.url}/data`);

    expect(res.header('content-length')).toBeNull();
    expect(res.header('transfer-encoding')).toBe('chunked');
    expect(res.body.equals(original)).toBe(true);
  });

  it('fails with NetworkError EBADCOMPRESSION on a corrupt gzip body', async () => {
    const corrupt = zlib.gzipSync(original);
    corrupt.fill(0x55, 20, 200); // break the deflate stream, keep the gzip header
    const srv = await listen((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(corrupt.length) });
      res.end(corrupt);
    });

    const err = await rejection(get(`${srv.url}/data`));

    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('EBADCOMPRESSION');
    expect((err as Error).message).toBe('network: EBADCOMPRESSION');
  });

  it('fails with NetworkError EBADCOMPRESSION on a body that claims gzip but is plain text', async () => {
    const srv = await listen((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      res.end('{"not":"compressed"}');
    });
    const err = await rejection(get(`${srv.url}/data`));
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('EBADCOMPRESSION');
  });

  it("fails with UnreadableAnswerError (not retried) on content-encoding 'compress'", async () => {
    const srv = await listen((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'compress', 'content-length': '5' });
      res.end('12345');
    });

    const err = await rejection(get(`${srv.url}/data`));

    expect(err).toBeInstanceOf(UnreadableAnswerError);
    expect(err).not.toBeInstanceOf(NetworkError);
    expect((err as Error).message).toBe('unsupported content-encoding compress');
  });

  it('stops inflating at the size limit: a small gzip answer that expands past it is BodyTooLargeError', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(16 * 1024 * 1024)); // 16 MB of zeros in ~16 KB
    const srv = await listen((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      res.end(bomb);
    });
    const started = Date.now();
    const err = await rejection(
      send({
        method: 'GET',
        url: `${srv.url}/bomb`,
        headers: {},
        signal: new AbortController().signal,
        maxBodyBytes: 1024 * 1024,
      }),
    );
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(err).toBeInstanceOf(BodyTooLargeError);
    expect((err as Error).message).toBe('answer larger than 1 MB');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("returns the body unchanged for content-encoding 'identity'", async () => {
    const srv = await listen((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'identity' });
      res.end('[1,2]');
    });
    expect((await get(`${srv.url}/data`)).body.toString()).toBe('[1,2]');
  });
});

describe('send: cut-off and chunked bodies', () => {
  it('fails with NetworkError ECONNRESET when the socket dies before Content-Length bytes arrived', async () => {
    const srv = await listen((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('x'.repeat(10));
      setTimeout(() => res.socket?.destroy(), 30);
    });
    let resolved = false;

    const err = await rejection(
      get(`${srv.url}/cut`).then((r) => {
        resolved = true;
        return r;
      }),
    );

    expect(resolved).toBe(false);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('ECONNRESET');
    expect((err as Error).message).toBe('network: ECONNRESET');
  });

  it('fails with NetworkError when a chunked answer is cut off before its last chunk', async () => {
    const srv = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[1,2,');
      setTimeout(() => res.socket?.destroy(), 30);
    });
    const err = await rejection(get(`${srv.url}/cut`));
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('ECONNRESET');
  });

  it('reads a chunked answer without Content-Length whole', async () => {
    const parts = ['[{"a":1}', ',{"b":"é"}', ',{"c":3}]'];
    const srv = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(parts[0]);
      setTimeout(() => res.write(parts[1]), 10);
      setTimeout(() => res.end(parts[2]), 20);
    });

    const res = await get(`${srv.url}/chunked`);

    expect(res.status).toBe(200);
    expect(res.header('content-length')).toBeNull();
    expect(res.header('transfer-encoding')).toBe('chunked');
    expect(res.body.toString()).toBe(parts.join(''));
    expect(JSON.parse(res.body.toString())).toEqual([{ a: 1 }, { b: 'é' }, { c: 3 }]);
  });

  it('reads an empty 200 answer as an empty buffer', async () => {
    const srv = await listen((_req, res) => res.end());
    const res = await get(`${srv.url}/empty`);
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
  });

  it('fails with NetworkError ECONNREFUSED when nothing listens', async () => {
    const srv = await listen(() => {});
    const url = srv.url;
    await new Promise<void>((resolve) => srv.server.close(() => resolve()));
    const err = await rejection(get(`${url}/x`));
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('ECONNREFUSED');
  });
});

describe('send: idle socket', () => {
  it('fails with NetworkError ETIMEDOUT when the server never answers', async () => {
    const srv = await listen(() => {}); // accepts, reads the request, never answers
    const started = Date.now();

    const err = await rejection(get(`${srv.url}/silent`, { idleTimeoutMs: 200 }));

    const elapsed = Date.now() - started;
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('ETIMEDOUT');
    expect((err as Error).message).toBe('network: ETIMEDOUT');
    expect(elapsed).toBeGreaterThanOrEqual(180);
    expect(elapsed).toBeLessThan(1_000);
    expect(srv.requests).toHaveLength(1);
  });

  it('fails with NetworkError ETIMEDOUT when the server goes silent mid-body', async () => {
    const srv = await listen((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('x'.repeat(50));
    });
    const started = Date.now();
    const err = await rejection(get(`${srv.url}/stall`, { idleTimeoutMs: 200 }));
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('ETIMEDOUT');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('does not time out an answer that keeps arriving, slower in total than the idle timeout', async () => {
    const srv = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      let n = 0;
      const tick = setInterval(() => {
        n++;
        if (n < 6) res.write(String(n));
        else {
          clearInterval(tick);
          res.end('!');
        }
      }, 60);
    });
    const started = Date.now();
    const res = await get(`${srv.url}/trickle`, { idleTimeoutMs: 150 });
    expect(Date.now() - started).toBeGreaterThan(150 * 2);
    expect(res.body.toString()).toBe('12345!');
  });
});

describe('send: abort', () => {
  it('rejects with the abort reason, promptly, while the body is still arriving', async () => {
    let halfSent!: () => void;
    const half = new Promise<void>((resolve) => (halfSent = resolve));
    let serverSawClose = false;
    const srv = await listen((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('x'.repeat(500), () => halfSent());
      res.on('close', () => (serverSawClose = true));
    });
    const controller = new AbortController();
    const reason = new Error('cancelled by the test');

    const pending = send({ method: 'GET', url: `${srv.url}/half`, headers: {}, signal: controller.signal });
    await half;
    await delay(20);
    const abortedAt = Date.now();
    controller.abort(reason);
    const err = await rejection(pending);

    expect(err).toBe(reason);
    expect(Date.now() - abortedAt).toBeLessThan(200);
    await delay(50);
    expect(serverSawClose).toBe(true); // the connection was torn down, not left to finish
  });

  it('rejects with the default AbortError when aborted without a reason', async () => {
    const srv = await listen(() => {});
    const controller = new AbortController();
    const pending = send({ method: 'GET', url: `${srv.url}/silent`, headers: {}, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const err = await rejection(pending);
    expect(err).toBe(controller.signal.reason);
    expect((err as Error).name).toBe('AbortError');
  });
});

describe('send: redirects are not followed', () => {
  it('returns a 302 as is and sends nothing to the Location', async () => {
    const elsewhere = await listen((_req, res) => res.end('{"leaked":true}'));
    const srv = await listen((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/collect` });
      res.end();
    });

    const res = await send({
      method: 'GET',
      url: `${srv.url}/v2/data`,
      headers: { authorization: 'Bearer abc' },
      signal: live(),
    });
    await delay(50);

    expect(res.status).toBe(302);
    expect(res.header('location')).toBe(`${elsewhere.url}/collect`);
    expect(res.body.length).toBe(0);
    expect(srv.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
    expect(elsewhere.connections).toBe(0);
  });

  it('through ProviderHttp: a 302 is a ProviderRejectedError and the token never reaches the Location', async () => {
    const elsewhere = await listen((_req, res) => res.end('[]'));
    const srv = await listen((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/steal` });
      res.end('moved');
    });
    const sent: ProviderRequest[] = [];

    const err = await rejection(providerHttp(sent).json({ method: 'GET', url: `${srv.url}/v2/data`, endpoint: 'x' }));
    await delay(50);

    expect(err).toBeInstanceOf(ProviderRejectedError);
    expect((err as Error).message).toBe('Test answered HTTP 302 to x.');
    expect(sent).toHaveLength(1); // not retried
    expect(srv.requests).toHaveLength(1);
    expect(srv.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(elsewhere.requests).toHaveLength(0);
    expect(elsewhere.connections).toBe(0);
  });
});

describe('send: answers over MAX_BODY_BYTES', () => {
  /** Announces a body one byte over the limit, sends none of it, and never ends: the client must give up. */
  const tooLarge = (closed: { value: boolean }) => (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(MAX_BODY_BYTES + 1) });
    res.flushHeaders();
    res.on('close', () => (closed.value = true));
  };

  it('fails with BodyTooLargeError from the Content-Length alone and drops the connection', async () => {
    const closed = { value: false };
    const srv = await listen(tooLarge(closed));
    const started = Date.now();

    const err = await rejection(get(`${srv.url}/huge`));

    expect(err).toBeInstanceOf(BodyTooLargeError);
    expect((err as Error).message).toBe('answer larger than 256 MB');
    expect(Date.now() - started).toBeLessThan(1_000);
    await delay(50);
    expect(closed.value).toBe(true);
  });

  it('accepts a Content-Length of exactly MAX_BODY_BYTES as a size (fails only because the body is cut off)', async () => {
    const srv = await listen((_req, res) => {
      res.writeHead(200, { 'content-length': String(MAX_BODY_BYTES) });
      res.write('[]');
      setTimeout(() => res.socket?.destroy(), 30);
    });
    const err = await rejection(get(`${srv.url}/max`));
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).code).toBe('ECONNRESET');
  });

  it('through ProviderHttp: it is a MalformedResponseError, not retried', async () => {
    const closed = { value: false };
    const srv = await listen(tooLarge(closed));
    const sent: ProviderRequest[] = [];

    const err = await rejection(providerHttp(sent).json({ method: 'GET', url: `${srv.url}/huge`, endpoint: 'x' }));

    expect(err).toBeInstanceOf(MalformedResponseError);
    expect((err as Error).message).toBe('Test sent a response Omnio could not read (x: answer larger than 256 MB).');
    expect(sent).toHaveLength(1);
    expect(srv.requests).toHaveLength(1);
  });
});

describe('send: keep-alive', () => {
  it('reuses one socket for sequential requests to the same server', async () => {
    const srv = await listen((req, res) => res.end(`{"path":"${req.url}"}`));

    const a = await get(`${srv.url}/one`);
    const b = await get(`${srv.url}/two`);
    const c = await send({ method: 'POST', url: `${srv.url}/three`, headers: {}, body: 'x=1', signal: live() });

    expect(a.body.toString()).toBe('{"path":"/one"}');
    expect(b.body.toString()).toBe('{"path":"/two"}');
    expect(c.body.toString()).toBe('{"path":"/three"}');
    expect(srv.requests.map((r) => r.url)).toEqual(['/one', '/two', '/three']);
    expect(srv.connections).toBe(1);
    expect(new Set(srv.requests.map((r) => r.remotePort)).size).toBe(1);
    expect(srv.requests[0]!.headers.connection).toBe('keep-alive');
  });

  it('keeps the pooled socket after an exchange with a short idle timeout', async () => {
    const srv = await listen((_req, res) => res.end('ok'));
    await get(`${srv.url}/a`, { idleTimeoutMs: 100 });
    await delay(250); // longer than that exchange's idle timeout: it must not reach the pooled socket
    await get(`${srv.url}/b`);
    expect(srv.requests).toHaveLength(2);
    expect(srv.connections).toBe(1);
  });

  it('through ProviderHttp: several JSON requests share one connection and parse', async () => {
    const srv = await listen((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ url: req.url, auth: req.headers.authorization }));
    });
    const api = providerHttp();
    const out: unknown[] = [];
    for (const p of ['/a', '/b', '/c']) out.push(await api.json({ method: 'GET', url: srv.url + p, endpoint: p }));
    expect(out).toEqual([
      { url: '/a', auth: `Bearer ${TOKEN}` },
      { url: '/b', auth: `Bearer ${TOKEN}` },
      { url: '/c', auth: `Bearer ${TOKEN}` },
    ]);
    expect(srv.connections).toBe(1);
  });
});

describe('ProviderHttp over the transport: network failures', () => {
  it('retries a cut-off answer and returns the next complete one', async () => {
    const body = JSON.stringify({ data: [1, 2, 3] });
    const srv = await listen((_req, res) => {
      if (srv.requests.length === 1) {
        res.writeHead(200, { 'content-length': '500' });
        res.write('{"data":');
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.end(body);
    });
    const sent: ProviderRequest[] = [];
    expect(await providerHttp(sent).json({ method: 'GET', url: `${srv.url}/d`, endpoint: 'd' })).toEqual({
      data: [1, 2, 3],
    });
    expect(sent).toHaveLength(2);
    expect(srv.requests).toHaveLength(2);
  });

  it('a NetworkError that outlasts the retries is a TransientSyncError naming the code', async () => {
    const srv = await listen(() => {});
    const url = srv.url;
    await new Promise<void>((resolve) => srv.server.close(() => resolve()));
    const sent: ProviderRequest[] = [];

    const err = await rejection(providerHttp(sent).json({ method: 'GET', url: `${url}/x`, endpoint: 'x' }));

    expect(err).toBeInstanceOf(TransientSyncError);
    expect((err as Error).message).toBe(
      'Test could not be reached reliably (network: ECONNREFUSED); sync will try again later.',
    );
    expect(sent).toHaveLength(FAST_RETRY.maxAttempts);
  });

  it('a corrupt compressed answer is retried like any network failure', async () => {
    const srv = await listen((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'br' });
      res.end('not brotli at all');
    });
    const sent: ProviderRequest[] = [];
    const err = await rejection(providerHttp(sent).json({ method: 'GET', url: `${srv.url}/x`, endpoint: 'x' }));
    expect(err).toBeInstanceOf(TransientSyncError);
    expect((err as Error).message).toMatch(/\(network: EBADCOMPRESSION\)/);
    expect(srv.requests).toHaveLength(FAST_RETRY.maxAttempts);
  });
});

describe('send: edge cases of the exchange', () => {
  it('reads a 304 or 204 that announces a Content-Length as an answer without a body', async () => {
    for (const status of [304, 204]) {
      const srv = await listen((_req, res) => {
        // Node would drop the header for these statuses: write the head by hand, as some servers do.
        res.socket!.write(`HTTP/1.1 ${status} X\r\nContent-Length: 5\r\nConnection: close\r\n\r\n`);
        res.socket!.end();
      });
      const res = await send({ method: 'GET', url: `${srv.url}/n`, headers: {}, signal: new AbortController().signal });
      expect(res.status).toBe(status);
      expect(res.body.length).toBe(0);
    }
  });

  it('rejects (never throws) for an already aborted signal and for a URL it cannot send to', async () => {
    const aborted = new AbortController();
    const reason = new Error('stopped before');
    aborted.abort(reason);
    let pending: Promise<TransportResponse> | null = null;
    expect(() => {
      pending = send({ method: 'GET', url: 'http://127.0.0.1:9/', headers: {}, signal: aborted.signal });
    }).not.toThrow();
    await expect(pending).rejects.toBe(reason);
    const bad = send({ method: 'GET', url: 'ftp://127.0.0.1/x', headers: {}, signal: new AbortController().signal });
    await expect(bad).rejects.toThrow(/unsupported URL scheme ftp:/);
  });

  it('rejects with the abort reason as given, even when it is not an Error', async () => {
    const srv = await listen(() => undefined); // never answers
    const controller = new AbortController();
    const pending = send({ method: 'GET', url: `${srv.url}/slow`, headers: {}, signal: controller.signal });
    setTimeout(() => controller.abort('user cancelled'), 50);
    await expect(pending).rejects.toBe('user cancelled');
  });
});
