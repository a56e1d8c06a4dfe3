import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './origin-policy';

// What app-protocol.ts answers for an app:// request, decided without Electron:
// which file under the built renderer directory (never outside it), its MIME
// type, and the security headers every response carries.

/** The renderer's Content-Security-Policy: no inline code, no network, no framing. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** MIME type by extension; unknown files are served as opaque bytes (with nosniff). */
export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

export type AppRequestDecision =
  | { kind: 'file'; filePath: string; mimeType: string }
  | { kind: 'reject'; status: 400 | 403 | 404 | 405; reason: string };

/**
 * Maps an app:// request to a file inside `rendererDir`. The decoded path is
 * resolved against the directory and must stay inside it (`..`, encoded
 * `%2e%2e`, backslashes and absolute paths all end up outside and are refused).
 * Extensionless paths fall back to index.html, so a reload on a client-side
 * route still finds the app.
 */
export function resolveAppRequest(requestUrl: string, method: string, rendererDir: string): AppRequestDecision {
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'reject', status: 405, reason: 'method not allowed' };
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { kind: 'reject', status: 400, reason: 'unparsable URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) {
    return { kind: 'reject', status: 403, reason: 'foreign host' };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return { kind: 'reject', status: 400, reason: 'bad percent-encoding' };
  }
  if (decoded.includes('\0')) return { kind: 'reject', status: 400, reason: 'NUL in path' };

  const root = path.resolve(rendererDir);
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const candidate = path.resolve(root, relative);
  const inside = path.relative(root, candidate);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
    return { kind: 'reject', status: 403, reason: 'path outside the renderer directory' };
  }
  const filePath = path.extname(candidate) === '' ? path.join(root, 'index.html') : candidate;
  return { kind: 'file', filePath, mimeType: mimeTypeFor(filePath) };
}
