import { OmnioError } from '../errors';
import { APP_SCHEME } from '../providers/overrides';
import type { OAuthProvider } from './redirect-parser';

// Which redirect URI a flow uses (docs/oauth.md, "Redirect styles"):
// 1. a URI fixed by the credentials' source (OMNIO_PROVIDERS, build time) —
//    a 127.0.0.1 URI there means a loopback listener on that exact port;
// 2. Withings accepts only https: the bounce page (assets/oauth-bounce.html)
//    hosted at an https URL, which forwards to our scheme;
// 3. the private-use scheme when the runtime registered it (RFC 8252 §7.1);
// 4. otherwise a loopback listener on 127.0.0.1, any free port (RFC 8252 §7.3).
// In the browser host (issue 11) step 2 onwards is replaced by the host's own
// loopback route: the runtime serves /oauth/<provider> on its own origin, and
// Withings' bounce page there too, because no browser hands our scheme back.

export type RedirectPlan =
  | { kind: 'fixed'; uri: string }
  | { kind: 'loopback'; port: number }
  /** Served by the runtime itself (browser host): `redirectUri` goes to the provider, `returnUri` is where the answer lands. */
  | { kind: 'hosted'; redirectUri: string; returnUri: string };

/** Where the project publishes the bounce page; builders who host their own set OMNIO_WITHINGS_REDIRECT_URI. */
export const DEFAULT_BOUNCE_URI = (provider: OAuthProvider) => `https://omnio.app/oauth/${provider}`;
/** Where the browser host serves assets/oauth-bounce.html for a provider that requires a bounce page. */
export const HOSTED_BOUNCE_PATH = (provider: OAuthProvider) => `/oauth-bounce/${provider}`;
export const schemeRedirectUri = (provider: OAuthProvider) => `${APP_SCHEME}:/oauth/${provider}`;

export function planRedirect(
  provider: OAuthProvider,
  fixed: string | null,
  schemeRegistered: boolean,
  requiresHttps: boolean,
  /** The browser host's origin (`http://127.0.0.1:<port>`) when it serves redirects itself; null elsewhere. */
  hostedOrigin: string | null = null,
): RedirectPlan {
  if (fixed) {
    const u = new URL(fixed);
    if (u.protocol === 'http:' && u.hostname === '127.0.0.1') {
      if (u.pathname !== `/oauth/${provider}` || u.search || !u.port) {
        throw new OmnioError(
          'NOT_CONFIGURED',
          `The loopback redirect URI for ${provider} must be http://127.0.0.1:<port>/oauth/${provider}.`,
        );
      }
      return { kind: 'loopback', port: Number(u.port) };
    }
    return { kind: 'fixed', uri: fixed };
  }
  if (hostedOrigin) {
    const returnUri = `${hostedOrigin}/oauth/${provider}`;
    // Withings takes only a bounce page: the same page, served by the host, forwards to the host's route.
    const redirectUri = requiresHttps ? `${hostedOrigin}${HOSTED_BOUNCE_PATH(provider)}` : returnUri;
    return { kind: 'hosted', redirectUri, returnUri };
  }
  if (requiresHttps) return { kind: 'fixed', uri: DEFAULT_BOUNCE_URI(provider) };
  if (schemeRegistered) return { kind: 'fixed', uri: schemeRedirectUri(provider) };
  return { kind: 'loopback', port: 0 };
}

/** The URI to register with the provider, as Settings and getAppInfo show it. */
export function describeRedirect(plan: RedirectPlan, provider: OAuthProvider): string {
  if (plan.kind === 'fixed') return plan.uri;
  if (plan.kind === 'hosted') return plan.redirectUri;
  return plan.port
    ? `http://127.0.0.1:${plan.port}/oauth/${provider}`
    : `http://127.0.0.1/oauth/${provider} (any port)`;
}
