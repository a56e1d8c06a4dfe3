import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import type { Logger } from '../core/log/logger';
import { resolveAppRequest, SECURITY_HEADERS } from './app-protocol-policy';
import { APP_SCHEME } from './origin-policy';

// The renderer is served from app://omnio/, never file://: a real origin for
// the same-origin checks, a CSP header on every response, and no access to the
// rest of the disk. The decisions live in app-protocol-policy.ts.

/** Must run before `app` is ready (Electron only accepts it then). */
export function registerAppSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: real origin, relative URLs; secure: a secure context like https;
      // supportFetchAPI: module scripts are fetched with CORS mode from the same origin.
      // No corsEnabled, no bypassCSP, no service workers.
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    },
  ]);
}

function reject(status: number, reason: string): Response {
  return new Response(reason, {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** After ready: answer app:// requests with files from `rendererDir` (dist/renderer). */
export function handleAppProtocol(rendererDir: string, log: Logger): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const decision = resolveAppRequest(request.url, request.method, rendererDir);
    if (decision.kind === 'reject') {
      log.warn('app:// request refused', { status: decision.status, reason: decision.reason });
      return reject(decision.status, decision.reason);
    }
    let body: Buffer;
    try {
      body = await readFile(decision.filePath);
    } catch {
      return reject(404, 'not found');
    }
    const headers = { ...SECURITY_HEADERS, 'Content-Type': decision.mimeType, 'Content-Length': String(body.length) };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  });
}
