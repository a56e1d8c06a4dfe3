// The renderer's one origin. The `app` scheme is registered as standard and
// secure, so Chromium gives pages on it a real origin (`app://omnio`). Node's
// URL parser does not know the scheme is standard and reports `origin` as
// "null" for it, so origins are compared here as scheme + host (+ port), never
// with startsWith: `app://omnio.evil` and `app://omnio@evil` must not match.

export const APP_SCHEME = 'app';
export const APP_HOST = 'omnio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** `scheme://host[:port]` of a URL, or null when it does not parse or has no host. */
export function originOf(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== 'null') return parsed.origin;
  // Non-special schemes (app:, file:): build the tuple ourselves; no host means an opaque origin.
  if (parsed.host === '' || parsed.username !== '' || parsed.password !== '') return null;
  return `${parsed.protocol}//${parsed.host.toLowerCase()}`;
}

/** True when `url` belongs to Omnio's own renderer origin. */
export function isAppOrigin(url: string | null | undefined): boolean {
  return typeof url === 'string' && originOf(url) === APP_ORIGIN;
}
