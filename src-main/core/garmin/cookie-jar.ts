import { CookieJar as ToughCookieJar, type Cookie } from 'tough-cookie';

// The cookies Garmin's SSO hands out on the sign-in page and expects on the
// JSON steps. Kept only for the length of one login (and its MFA step); never
// written anywhere. RFC 6265 is tough-cookie's (issue 13): Domain against the
// public-suffix list, Path, Secure, Max-Age/Expires — a hand-written parser
// got the corners wrong. This class only adapts it to fetch's Headers and
// lets tests set the clock.

export class CookieJar {
  // rejectPublicSuffixes (default): a cookie for `.com` is refused.
  private readonly jar = new ToughCookieJar();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Stores the Set-Cookie headers of a response from `url`. A cookie the RFC refuses is dropped silently. */
  store(url: string, headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      this.jar.setCookieSync(line, url, { ignoreError: true, now: new Date(this.now()) });
    }
  }

  /** The Cookie header for a request to `url`, or null when no cookie applies. */
  header(url: string): string | null {
    // Expiry is judged on our clock (tough-cookie's own expiry check reads the system clock).
    const now = new Date(this.now());
    const live = this.jar.getCookiesSync(url, { expire: false }).filter((c) => expiresAt(c) > now.getTime());
    return live.length > 0 ? live.map((c) => c.cookieString()).join('; ') : null;
  }

  get size(): number {
    return this.jar.serializeSync()?.cookies.length ?? 0;
  }

  clear(): void {
    this.jar.removeAllCookiesSync();
  }
}

/** When a cookie expires, Max-Age counted from when it was stored (RFC 6265 §5.3: Max-Age wins over Expires). */
function expiresAt(c: Cookie): number {
  if (typeof c.maxAge === 'number') {
    const stored = c.creation instanceof Date ? c.creation.getTime() : 0;
    return c.maxAge <= 0 ? -Infinity : stored + c.maxAge * 1000;
  }
  if (c.expires instanceof Date) return c.expires.getTime();
  return Infinity;
}
