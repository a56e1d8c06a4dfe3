import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger';

// RFC 8252 §7.3 loopback redirect, for runtimes that cannot register the app's
// scheme: a listener on 127.0.0.1 (never 0.0.0.0, never `localhost`), any free
// port unless the registered redirect URI fixes one, answering only
// GET /oauth/<provider> and living only as long as its flow.

export interface LoopbackListener {
  redirectUri: string;
  close(): void;
}

const DONE_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Omnio</title></head>' +
  '<body style="font-family:system-ui,sans-serif;margin:3rem"><h1>You can close this tab.</h1>' +
  '<p>Return to Omnio to see the result.</p></body></html>';

export async function startLoopbackListener(options: {
  provider: string;
  /** 0 for any free port. */
  port: number;
  onRedirect: (url: string) => Promise<void>;
  log: Logger;
}): Promise<LoopbackListener> {
  const path = `/oauth/${options.provider}`;
  const server = http.createServer((req, res) => {
    const port = (server.address() as AddressInfo | null)?.port;
    const target = `http://127.0.0.1:${port}${req.url ?? '/'}`;
    // A DNS-rebinding page could reach us under another Host name: refuse it.
    if (req.method !== 'GET' || req.headers.host !== `127.0.0.1:${port}` || !(req.url ?? '').startsWith(`${path}?`)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    // Answer the browser first: completing the flow closes this listener.
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      connection: 'close',
    });
    res.end(DONE_PAGE, () => void options.onRedirect(target));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  server.unref();
  const port = (server.address() as AddressInfo).port;
  options.log.info('loopback redirect listener started', { port });
  return {
    redirectUri: `http://127.0.0.1:${port}${path}`,
    close: () => {
      server.close();
      server.closeIdleConnections();
      // A browser keeping a connection open must not keep the port: cut it shortly after.
      setTimeout(() => server.closeAllConnections(), 1_000).unref();
    },
  };
}
