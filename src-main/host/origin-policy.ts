// The browser host listens on 127.0.0.1 only, and even there a page from any
// other origin (a web page the user has open, a DNS-rebinding attack) must not
// drive it. These checks are pure so they can be tested exhaustively.

/** The Host header must name our loopback address and port exactly (defeats DNS rebinding). */
export function isAllowedHostHeader(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}`;
}

/** A WebSocket or QA request is accepted only from the page the host itself served. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  return origin === `http://127.0.0.1:${port}`;
}

/** The QA endpoint also accepts non-browser clients (curl, test runners), which send no Origin. */
export function isAllowedQaOrigin(origin: string | undefined, port: number): boolean {
  return origin === undefined || isAllowedOrigin(origin, port);
}

export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    // 'self': the page uploads a backup to restore (POST /upload/backup, issue 12).
    `connect-src 'self' ws://127.0.0.1:${port}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
