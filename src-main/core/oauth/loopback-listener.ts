import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger';
import { renderLoopbackAnswer, type LoopbackAnswer, type LoopbackRequest } from './loopback-route';

// RFC 8252 §7.3 loopback redirect, for runtimes that cannot register the app's
// scheme: a listener on 127.0.0.1 (never 0.0.0.0, never `localhost`), any free
// port unless the registered redirect URI fixes one, living only as long as its
// flow. What it answers is decided by the same route logic the browser host
// uses for its own port (connect-service `answerLoopback`): only
// GET /oauth/<provider> with our Host and the state of the pending flow.

export interface LoopbackListener {
  redirectUri: string;
  close(): void;
}

export async function startLoopbackListener(options: {
  provider: string;
  /** 0 for any free port. */
  port: number;
  answer: (req: LoopbackRequest, origin: string) => Promise<LoopbackAnswer>;
  log: Logger;
}): Promise<LoopbackListener> {
  const path = `/oauth/${options.provider}`;
  const server = http.createServer((req, res) => {
    const port = (server.address() as AddressInfo | null)?.port;
    void options
      .answer({ method: req.method, host: req.headers.host, url: req.url }, `http://127.0.0.1:${port}`)
      .then((answer) => {
        const out = renderLoopbackAnswer(answer);
        // Completing the flow closes this listener: do not keep the browser's connection.
        res.writeHead(out.status, { ...out.headers, connection: 'close' }).end(out.body);
      });
  });
  let closed = false;
  server.on('request', (_req, res) => {
    // Once the flow has ended, the last answer written also ends the port.
    res.on('finish', () => {
      if (closed) server.closeAllConnections();
    });
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
      // Called while the redirect that ended the flow is still being answered: that answer
      // finishes (see 'finish' above); idle connections go now, anything else within 30 s.
      closed = true;
      server.close();
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 30_000).unref();
    },
  };
}
