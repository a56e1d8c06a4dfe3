import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName, EventPayloads } from '../../src-shared/ipc/contract';
import { decodeClientMessage, encodeServerMessage, type ServerMessage } from '../../src-shared/ipc/socket-protocol';
import { createCore, type OmnioCore } from '../core/app/create-core';
import { dispatchCall } from '../core/ipc/dispatch';
import { contentSecurityPolicy, isAllowedHostHeader, isAllowedOrigin, isAllowedQaOrigin } from './origin-policy';
import { hostPlatform } from './host-platform';
import { serveStatic } from './static-files';

export interface HostOptions {
  port: number;
  dataDir: string;
  rendererDir: string;
  version: string;
  env: Readonly<Record<string, string | undefined>>;
  demo?: boolean;
  quiet?: boolean;
}

export interface RunningHost {
  url: string;
  port: number;
  core: OmnioCore;
  close(): Promise<void>;
}

const MAX_QA_BODY = 64 * 1024;

/**
 * The browser host: the same renderer and the same Electron-free core as the
 * desktop app, served on 127.0.0.1. The page gets `window.omnio` over a
 * WebSocket (src-renderer/bridge/socket-bridge.ts); QA suites deliver
 * custom-protocol URLs with POST /qa/deep-link.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const sockets = new Set<WebSocket>();
  const broadcast = <E extends EventName>(event: E, payload: EventPayloads[E]) => {
    const frame = JSON.stringify({ kind: 'event', event, payload } satisfies ServerMessage);
    for (const s of sockets) if (s.readyState === s.OPEN) s.send(frame);
  };
  const platform = hostPlatform(options.dataDir, options.version, broadcast, options.quiet);
  const log = platform.logger.child('host');
  const core = await createCore({ dataDir: options.dataDir, platform, env: options.env, demo: options.demo ?? false });

  let port = 0;
  const headers = () => ({
    'content-security-policy': contentSecurityPolicy(port),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'cross-origin-opener-policy': 'same-origin',
  });

  const server = http.createServer((req, res) => {
    void handleHttp(req, res).catch((err: unknown) => {
      log.error('request failed', { error: err });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isAllowedHostHeader(req.headers.host, port)) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Wrong host');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/qa/deep-link') return handleDeepLink(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers()).end();
      return;
    }
    await serveStatic(options.rendererDir, url.pathname, res, headers());
  }

  async function handleDeepLink(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'POST') return void reply(405, { error: 'POST only' });
    // A JSON content type forces a CORS preflight for any cross-origin page, which we never answer.
    if (!req.headers['content-type']?.startsWith('application/json')) return void reply(415, { error: 'JSON only' });
    if (!isAllowedQaOrigin(req.headers.origin, port)) return void reply(403, { error: 'Foreign origin' });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_QA_BODY) return void reply(413, { error: 'Too large' });
      chunks.push(c as Buffer);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return void reply(400, { error: 'Body is not JSON' });
    }
    const link = (body as { url?: unknown } | null)?.url;
    if (typeof link !== 'string') return void reply(400, { error: 'Expected {"url": "..."}' });
    // Exactly what the OS hands the Electron app: the core decides what the URL means.
    await core.handleDeepLink(link, 'qa');
    reply(202, { delivered: true });
  }

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 256 * 1024,
  });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (
      path !== '/bridge' ||
      !isAllowedHostHeader(req.headers.host, port) ||
      !isAllowedOrigin(req.headers.origin, port)
    ) {
      log.warn('refused bridge connection', { origin: String(req.headers.origin ?? '(none)').slice(0, 100) });
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        const msg = decodeClientMessage(String(data));
        if (!msg) return;
        void dispatchCall(core.handlers, msg.call, msg.input, log).then((result) => {
          if (ws.readyState === ws.OPEN)
            ws.send(encodeServerMessage({ kind: 'result', id: msg.id, result } satisfies ServerMessage));
        });
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    core,
    async close() {
      for (const s of sockets) s.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.close();
    },
  };
}
