import fs from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { withMetaCsp } from './meta-csp';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Resolves a request path inside `root`, or null when it would escape it. */
export function resolveInside(root: string, requestPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = path.resolve(root, relative);
  return full === root || full.startsWith(root + path.sep) ? full : null;
}

export async function serveStatic(
  root: string,
  requestPath: string,
  res: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  const file = resolveInside(root, requestPath);
  if (!file) {
    res.writeHead(400, headers).end('Bad path');
    return;
  }
  try {
    const body = await fs.readFile(file);
    res.writeHead(200, { ...headers, 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream' });
    // Issue 13: the page's meta CSP is the app's; here it must be this host's (meta-csp.ts).
    const csp = headers['content-security-policy'] ?? headers['Content-Security-Policy'];
    res.end(path.extname(file) === '.html' && csp ? withMetaCsp(body.toString('utf8'), csp) : body);
  } catch {
    res.writeHead(404, headers).end('Not found');
  }
}
