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
import { handleOAuthRoute } from './oauth-routes';
import { bridgeCookie, newBridgeKey, presentsKey } from './bridge-key';
import { HostDownloads } from './host-downloads';
import { HostUploads, UPLOAD_ROUTE } from './host-uploads';
import type { Logger } from '../core/log/logger';

export interface HostOptions {
  port: number;
  dataDir: string;
  rendererDir: string;
  version: string;
  env: Readonly<Record<string, string | undefined>>;
  demo?: boolean;
  quiet?: boolean;
  /** Issue 13: without it (or `demo`) the host refuses sign-ins to anything but 127.0.0.1 simulators. */
  allowRealProviders?: boolean;
  /** Issue 12: the largest backup the page may upload for a restore (host-uploads.ts; tests lower it). */
  maxUploadBytes?: number;
}

export interface RunningHost {
  url: string;
  port: number;
  core: OmnioCore;
  /** Issue 13: this launch's bridge key (bridge-key.ts); QA suites send it to /qa/deep-link. */
  bridgeKey: string;
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
  // Notices sent while no page is connected (e.g. a revocation found right after a restart, before the
  // page reconnected) are held, the last few only, and handed to the next page that connects.
  const heldNotices: string[] = [];
  const broadcast = <E extends EventName>(event: E, payload: EventPayloads[E]) => {
    const frame = JSON.stringify({ kind: 'event', event, payload } satisfies ServerMessage);
    const open = [...sockets].filter((s) => s.readyState === s.OPEN);
    if (open.length === 0 && event === 'notice' && heldNotices.push(frame) > 20) heldNotices.shift();
    for (const s of open) s.send(frame);
  };
  let port = 0;
  // Issue 13 (item 2): a key per launch for the bridge and /qa/*; real providers only when asked for.
  const bridgeKey = newBridgeKey();
  // Issue 11: the core sends OAuth redirects to this host's own port (src-main/host/oauth-routes.ts).
  const downloads = new HostDownloads(options.dataDir); // issue 12: exports as downloads
  const uploads = new HostUploads(options.dataDir, options.maxUploadBytes); // issue 12: backups to restore
  // Issue 12 (item 4): after "Remove everything" the core (with a new platform: logger, settings, key file)
  // is created again on the emptied data dir, as on first run; the page reloads and talks to the new one.
  const openCore = async (): Promise<{ core: OmnioCore; logger: Logger }> => {
    const platform = {
      ...hostPlatform(options.dataDir, options.version, broadcast, options.quiet, downloads.saver),
      hostedRedirectOrigin: () => (port ? `http://127.0.0.1:${port}` : null),
      localProvidersOnly: !(options.demo || options.allowRealProviders),
      restartAfterRemoval: () => restart('removing everything'),
      // Issue 12: the page's uploaded backup; after a restore the core starts again on the restored data.
      backupOpener: uploads.opener,
      restartAfterRestore: () => restart('a restore'),
    };
    const opened = await createCore({
      dataDir: options.dataDir,
      platform,
      env: options.env,
      demo: options.demo ?? false,
    });
    return { core: opened, logger: platform.logger };
  };
  const restart = (after: string) => {
    // Calls that arrive meanwhile (the page reloading) wait for the new core.
    ready = openCore().then(
      (fresh) => {
        core = fresh.core;
        log = fresh.logger.child('host');
      },
      (err: unknown) => log.error(`could not start again after ${after}`, { error: err }),
    );
  };
  let ready: Promise<void> = Promise.resolve();
  const first = await openCore();
  let core = first.core;
  let log = first.logger.child('host');

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
    // Issue 11: OAuth redirects come back to the host itself (no bridge secret: the provider's tab calls it).
    if (await handleOAuthRoute(req, res, core, `http://127.0.0.1:${port}`)) return;
    // Issue 12: exports as downloads; the page's navigation carries this launch's bridge cookie.
    if (url.pathname.startsWith('/download/') && !presentsKey({ cookie: req.headers.cookie }, bridgeKey)) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('Missing or wrong key');
      return;
    }
    if (await downloads.handle(req, res, url.pathname, headers())) return;
    // Issue 12: a backup to restore, uploaded by the page (a write: its Origin must be the page's too).
    if (url.pathname === UPLOAD_ROUTE) {
      if (!isAllowedOrigin(req.headers.origin, port)) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end('Foreign origin');
        return;
      }
      if (!presentsKey({ cookie: req.headers.cookie }, bridgeKey)) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('Missing or wrong key');
        return;
      }
      await uploads.handle(req, res, url.pathname);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers()).end();
      return;
    }
    // Issue 13: the page carries this launch's bridge key back on its WebSocket (HttpOnly, SameSite=Strict).
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    await serveStatic(options.rendererDir, url.pathname, res, {
      ...headers(),
      ...(isPage ? { 'set-cookie': bridgeCookie(bridgeKey) } : {}),
    });
  }

  async function handleDeepLink(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'POST') return void reply(405, { error: 'POST only' });
    // A JSON content type forces a CORS preflight for any cross-origin page, which we never answer.
    if (!req.headers['content-type']?.startsWith('application/json')) return void reply(415, { error: 'JSON only' });
    if (!isAllowedQaOrigin(req.headers.origin, port)) return void reply(403, { error: 'Foreign origin' });
    if (!presentsKey(req.headers, bridgeKey)) {
      log.warn('refused a QA request without the bridge key');
      return void reply(401, { error: 'Send this launch’s key in x-omnio-qa-key (docs/qa.md)' });
    }
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
      !isAllowedOrigin(req.headers.origin, port) ||
      !presentsKey({ cookie: req.headers.cookie }, bridgeKey)
    ) {
      log.warn('refused bridge connection', { origin: String(req.headers.origin ?? '(none)').slice(0, 100) });
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      for (const frame of heldNotices.splice(0)) ws.send(frame);
      ws.on('message', (data) => {
        const msg = decodeClientMessage(String(data));
        if (!msg) return;
        void ready
          .then(() => dispatchCall(core.handlers, msg.call, msg.input, log))
          .then((result) => {
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
    get core() {
      return core; // issue 12 (item 4): the current core, re-created after "Remove everything"
    },
    bridgeKey,
    async close() {
      for (const s of sockets) s.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ready; // issue 12 (item 4): a core being re-created is closed once it is up
      await core.close();
      downloads.close(); // issue 12
      uploads.close(); // issue 12
    },
  };
}
