import type { OAuthProviderDefinition } from './definition';

// Client credentials supplied when Omnio is built (docs/oauth.md, "Build-time
// credentials"): `OMNIO_<PROVIDER>_CLIENT_ID` / `_CLIENT_SECRET` in the build
// environment. The main-process bundle replaces these `process.env.…`
// expressions with their values at build time (vite `define`); under plain
// Node (tests, browser host) they are simply read from the environment.
// A secret baked into an app is not secret (RFC 8252 §8.5): it identifies the
// app, it does not protect anything. Prefer "bring your own app" for real use.

type Id = OAuthProviderDefinition['id'];

const BAKED: Record<Id, { clientId?: string; clientSecret?: string; redirectUri?: string }> = {
  oura: {
    clientId: process.env.OMNIO_OURA_CLIENT_ID,
    clientSecret: process.env.OMNIO_OURA_CLIENT_SECRET,
    redirectUri: process.env.OMNIO_OURA_REDIRECT_URI,
  },
  whoop: {
    clientId: process.env.OMNIO_WHOOP_CLIENT_ID,
    clientSecret: process.env.OMNIO_WHOOP_CLIENT_SECRET,
    redirectUri: process.env.OMNIO_WHOOP_REDIRECT_URI,
  },
  withings: {
    clientId: process.env.OMNIO_WITHINGS_CLIENT_ID,
    clientSecret: process.env.OMNIO_WITHINGS_CLIENT_SECRET,
    redirectUri: process.env.OMNIO_WITHINGS_REDIRECT_URI,
  },
};

/** Build-time credentials, the runtime environment given to the core taking precedence (plain-Node runtimes). */
export function buildTimeCredentials(
  id: Id,
  env: Readonly<Record<string, string | undefined>>,
): { clientId: string | null; clientSecret: string | null; redirectUri: string | null } {
  const prefix = `OMNIO_${id.toUpperCase()}_`;
  const pick = (name: string, baked: string | undefined) => env[prefix + name]?.trim() || baked?.trim() || null;
  return {
    clientId: pick('CLIENT_ID', BAKED[id].clientId),
    clientSecret: pick('CLIENT_SECRET', BAKED[id].clientSecret),
    redirectUri: pick('REDIRECT_URI', BAKED[id].redirectUri),
  };
}

/**
 * Vite `define` entries for the main-process bundle: each `process.env.OMNIO_<PROVIDER>_…`
 * expression above becomes the value from the build environment (or `undefined`).
 * Used by vite.config.ts; secrets in the build environment end up inside the app.
 */
export function buildTimeDefine(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of ['OURA', 'WHOOP', 'WITHINGS']) {
    for (const field of ['CLIENT_ID', 'CLIENT_SECRET', 'REDIRECT_URI']) {
      const name = `OMNIO_${id}_${field}`;
      const value = env[name]?.trim();
      out[`process.env.${name}`] = value ? JSON.stringify(value) : 'undefined';
    }
  }
  return out;
}
