import { redactor } from '../log/redactor';
import { APP_SCHEME } from '../providers/overrides';

// The one strict parser for every URL that claims to be an OAuth redirect,
// whatever route delivered it (open-url, second-instance argv, cold-start argv,
// the loopback listener, the QA endpoint). Anything that is not exactly an
// authorization response for one of our providers is refused with a reason
// that is safe to log (it never quotes the URL's values).

export type OAuthProvider = 'oura' | 'whoop' | 'withings';
const PROVIDERS: readonly OAuthProvider[] = ['oura', 'whoop', 'withings'];

export interface AuthorizationResponse {
  provider: OAuthProvider;
  style: 'scheme' | 'loopback';
  /** Loopback only: the port the redirect arrived on. */
  port: number | null;
  state: string;
  /** Exactly the validated parameters, for oauth4webapi's validateAuthResponse. */
  params: URLSearchParams;
  code: string | null;
  error: string | null;
  errorDescription: string | null;
}

export type ParseResult = { ok: true; response: AuthorizationResponse } | { ok: false; reason: string };

const MAX_URL = 4096;
/** Parameters an authorization response may carry (RFC 6749 §4.1.2, RFC 9207 `iss`), with length limits. */
const ALLOWED: Record<string, number> = {
  code: 2048,
  state: 512,
  scope: 1024,
  error: 128,
  error_description: 1024,
  error_uri: 2048,
  iss: 2048,
};
/** RFC 6749 Appendix A: code/state are VSCHAR (printable ASCII); error is NQSCHAR. */
const VSCHAR = /^[\x20-\x7e]+$/;
const ERROR_CODE = /^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/;

export function parseRedirect(raw: unknown): ParseResult {
  if (typeof raw !== 'string') return { ok: false, reason: 'not a string' };
  if (raw.length === 0 || raw.length > MAX_URL) return { ok: false, reason: 'empty or too long' };
  if (!/^[\x21-\x7e]+$/.test(raw)) return { ok: false, reason: 'contains whitespace or non-ASCII characters' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.hash) return { ok: false, reason: 'has a fragment' };
  if (url.username || url.password) return { ok: false, reason: 'has credentials' };

  let style: AuthorizationResponse['style'];
  let port: number | null = null;
  if (url.protocol === `${APP_SCHEME}:`) {
    if (url.host !== '') return { ok: false, reason: 'scheme URL with an authority' };
    style = 'scheme';
  } else if (url.protocol === 'http:' && url.hostname === '127.0.0.1' && url.port !== '') {
    style = 'loopback';
    port = Number(url.port);
  } else {
    return { ok: false, reason: 'not our scheme or loopback address' };
  }
  const m = /^\/oauth\/([a-z]+)$/.exec(url.pathname);
  const provider = m?.[1] as OAuthProvider | undefined;
  if (!provider || !PROVIDERS.includes(provider)) return { ok: false, reason: 'unknown path' };

  const params = new URLSearchParams();
  const seen = new Set<string>();
  for (const [key, value] of url.searchParams) {
    const limit = ALLOWED[key];
    if (limit === undefined) return { ok: false, reason: `unexpected parameter` };
    if (seen.has(key)) return { ok: false, reason: 'repeated parameter' };
    seen.add(key);
    if (value.length === 0 || value.length > limit) return { ok: false, reason: `parameter ${key} empty or too long` };
    if (!VSCHAR.test(value)) return { ok: false, reason: `parameter ${key} has invalid characters` };
    params.set(key, value);
  }
  const state = params.get('state');
  if (!state) return { ok: false, reason: 'no state' };
  const code = params.get('code');
  const error = params.get('error');
  if ((code === null) === (error === null)) return { ok: false, reason: 'needs exactly one of code or error' };
  if (error !== null && !ERROR_CODE.test(error)) return { ok: false, reason: 'invalid error code' };
  return {
    ok: true,
    response: { provider, style, port, state, params, code, error, errorDescription: params.get('error_description') },
  };
}

/** Makes a provider's error text safe to show: bounded, no control characters, no markup. */
export function providerMessage(text: string | null, fallback: string): string {
  if (!text) return fallback;
  // Control characters are exactly what must go: they could forge lines or hide text.
  const clean = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
  // A provider may echo what it was sent (a code, a refresh token): this text reaches
  // accounts.status_message and notices, so it is redacted like a log line (issue 13).
  return redactor.redact(clean) || fallback;
}
