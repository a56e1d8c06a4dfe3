// The cookies Garmin's SSO hands out on the sign-in page and expects on the
// JSON steps. Kept only for the length of one login (and its MFA step); never
// written anywhere. Deliberately small: name=value per host with the Domain,
// Max-Age and Expires attributes honoured, which is all the SSO steps use.

interface StoredCookie {
  value: string;
  /** Host the cookie was set by, or the Domain attribute (then sub-domains match too). */
  domain: string;
  hostOnly: boolean;
  expiresAt: number | null;
}

export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Stores the Set-Cookie headers of a response from `url`. */
  store(url: string, headers: Headers): void {
    const host = new URL(url).hostname;
    for (const line of headers.getSetCookie()) this.storeOne(host, line);
  }

  private storeOne(host: string, line: string): void {
    const [pair, ...attrs] = line.split(';');
    const eq = pair?.indexOf('=') ?? -1;
    if (!pair || eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    let domain = host;
    let hostOnly = true;
    let expiresAt: number | null = null;
    for (const attr of attrs) {
      const [k, v = ''] = attr.split('=').map((s) => s.trim());
      const key = k?.toLowerCase();
      if (key === 'domain' && v) {
        const d = v.replace(/^\./, '').toLowerCase();
        // A server may only set cookies for its own domain or a parent of it (RFC 6265 §5.3: else ignore the cookie).
        if (host !== d && !host.endsWith(`.${d}`)) return;
        domain = d;
        hostOnly = false;
      } else if (key === 'max-age' && /^-?\d+$/.test(v)) {
        expiresAt = this.now() + Number(v) * 1000;
      } else if (key === 'expires' && expiresAt === null) {
        const t = Date.parse(v);
        if (!Number.isNaN(t)) expiresAt = t;
      }
    }
    const key = `${domain}\u0000${name}`;
    if (expiresAt !== null && expiresAt <= this.now()) this.cookies.delete(key);
    else this.cookies.set(key, { value, domain, hostOnly, expiresAt });
  }

  /** The Cookie header for a request to `url`, or null when no cookie applies. */
  header(url: string): string | null {
    const host = new URL(url).hostname;
    const out: string[] = [];
    for (const [key, c] of this.cookies) {
      if (c.expiresAt !== null && c.expiresAt <= this.now()) continue;
      const matches = c.hostOnly ? host === c.domain : host === c.domain || host.endsWith(`.${c.domain}`);
      if (matches) out.push(`${key.split('\u0000')[1]}=${c.value}`);
    }
    return out.length > 0 ? out.join('; ') : null;
  }

  get size(): number {
    return this.cookies.size;
  }

  clear(): void {
    this.cookies.clear();
  }
}
