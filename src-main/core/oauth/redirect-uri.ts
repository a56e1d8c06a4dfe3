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

export type RedirectPlan = { kind: 'fixed'; uri: string } | { kind: 'loopback'; port: number };

/** Where the project publishes the bounce page; builders who host their own set OMNIO_WITHINGS_REDIRECT_URI. */
export const DEFAULT_BOUNCE_URI = (provider: OAuthProvider) => `https://omnio.app/oauth/${provider}`;
export const schemeRedirectUri = (provider: OAuthProvider) => `${APP_SCHEME}:/oauth/${provider}`;

export function planRedirect(
  provider: OAuthProvider,
  fixed: string | null,
  schemeRegistered: boolean,
  requiresHttps: boolean,
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
  if (requiresHttps) return { kind: 'fixed', uri: DEFAULT_BOUNCE_URI(provider) };
  if (schemeRegistered) return { kind: 'fixed', uri: schemeRedirectUri(provider) };
  return { kind: 'loopback', port: 0 };
}

/** The URI to register with the provider, as Settings and getAppInfo show it. */
export function describeRedirect(plan: RedirectPlan, provider: OAuthProvider): string {
  if (plan.kind === 'fixed') return plan.uri;
  return plan.port
    ? `http://127.0.0.1:${plan.port}/oauth/${provider}`
    : `http://127.0.0.1/oauth/${provider} (any port)`;
}
