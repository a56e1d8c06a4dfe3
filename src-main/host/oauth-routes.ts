import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OmnioCore } from '../core/app/create-core';
import { renderLoopbackAnswer } from '../core/oauth/loopback-route';

// Issue 11: the browser host receives OAuth redirects itself, on its own port
// (RFC 8252 §7.3), because no browser can hand our private-use scheme back to
// it. Two routes, both for the provider's browser tab — so neither may need the
// bridge's per-launch secret (issue 13); they are guarded by the exact Host,
// the exact path and the state of a pending flow instead (connect-service
// `answerLoopback`):
//   GET /oauth/<provider>?code|error…&state…  → completes the flow, shows a short page
//   GET /oauth-bounce/<provider>              → the production bounce page (Withings), which forwards here

const BOUNCE_PAGE = new URL('../../assets/oauth-bounce.html', import.meta.url);
const BOUNCE_PATH = /^\/oauth-bounce\/(withings)$/;

/** Handles the request when it is one of the OAuth routes; false otherwise. */
export async function handleOAuthRoute(
  req: IncomingMessage,
  res: ServerResponse,
  core: Pick<OmnioCore, 'answerLoopback'>,
  origin: string,
): Promise<boolean> {
  const path = new URL(req.url ?? '/', origin).pathname;
  if (BOUNCE_PATH.test(path)) {
    if (req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return true;
    }
    // The page's own CSP pins its inline script by hash; the host's CSP for the app would block it.
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    res.end(fs.readFileSync(BOUNCE_PAGE));
    return true;
  }
  if (!path.startsWith('/oauth/')) return false;
  const answer = await core.answerLoopback({ method: req.method, host: req.headers.host, url: req.url }, origin);
  const out = renderLoopbackAnswer(answer);
  res.writeHead(out.status, out.headers).end(out.body);
  return true;
}
