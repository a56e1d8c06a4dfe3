import { randomBytes, timingSafeEqual } from 'node:crypto';

// Issue 13, item 2: the browser host's bridge is authenticated by a random key
// made at each launch. Host and Origin checks stop browsers, not a local
// program that forges `Origin`; such a program must now also present the key.
//
// - The page gets it as a cookie set with the page itself (HttpOnly: no script
//   reads it; SameSite=Strict: no other site's page makes the browser send it).
//   The page's own WebSocket to the same origin carries it to /bridge.
// - QA suites get it from the host's ready line and send it to /qa/deep-link in
//   the `x-omnio-qa-key` header (docs/qa.md).
// Every comparison is constant-time. /oauth/* (the loopback redirect a
// provider's browser tab follows) needs no key: it carries its own `state`.

export const BRIDGE_COOKIE = 'omnio_bridge';
export const QA_KEY_HEADER = 'x-omnio-qa-key';

export function newBridgeKey(): string {
  return randomBytes(32).toString('base64url');
}

export function bridgeCookie(key: string): string {
  return `${BRIDGE_COOKIE}=${key}; HttpOnly; SameSite=Strict; Path=/`;
}

export function sameKey(given: string | undefined | null, key: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The key from a Cookie header, or null (the last one wins if a program sends several). */
export function keyFromCookies(header: string | undefined): string | null {
  if (!header) return null;
  let found: string | null = null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === BRIDGE_COOKIE) found = part.slice(eq + 1).trim();
  }
  return found;
}

/** True when a request presents the launch's key, as the page's cookie or as the QA header. */
export function presentsKey(headers: { cookie?: string; [QA_KEY_HEADER]?: string | string[] }, key: string): boolean {
  const header = headers[QA_KEY_HEADER];
  return sameKey(keyFromCookies(headers.cookie), key) || sameKey(Array.isArray(header) ? header[0] : header, key);
}
