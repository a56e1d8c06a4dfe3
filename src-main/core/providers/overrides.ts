import fs from 'node:fs';
import { z } from 'zod';
import type { ProviderId } from '../../../src-shared/providers';
import { OmnioError } from '../errors';
import type { SettingsShape } from '../settings/settings-store';
import type { GarminProviderDefinition, OAuthProviderDefinition } from './definition';
import { BUILT_IN_PROVIDERS } from './registry';

// OMNIO_PROVIDERS (QA contract, docs/qa.md): the path of a JSON file that
// overrides, per provider id, any endpoint URL and the client credentials, so a
// test suite can point Omnio at a sandbox or a local simulator. Validated
// strictly: an unknown key or a plain-http URL to anything but 127.0.0.1 is a
// clear error at startup, never silently ignored.

/** The app's private-use URI scheme (RFC 8252 §7.1: reverse domain name of a domain we control). */
export const APP_SCHEME = 'com.omnio.app';

/** https anywhere; plain http only to 127.0.0.1 (a local simulator or sandbox). */
function isAllowedEndpoint(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && url.hostname === '127.0.0.1';
}

const endpoint = z.string().max(2048).refine(isAllowedEndpoint, {
  message: 'must be an https URL, or plain http only to 127.0.0.1 (a local simulator)',
});

/** Our private-use scheme, https (a bounce page), or a 127.0.0.1 loopback listener. */
const redirectUri = z
  .string()
  .max(2048)
  .refine((raw) => raw.startsWith(`${APP_SCHEME}:/`) || isAllowedEndpoint(raw), {
    message: `must be ${APP_SCHEME}:/…, an https URL, or http://127.0.0.1:<port>/…`,
  });

const credentials = {
  clientId: z.string().min(1).max(256).optional(),
  clientSecret: z.string().min(1).max(1024).optional(),
  redirectUri: redirectUri.optional(),
};

const oauthOverride = z
  .object({
    authorizationUrl: endpoint.optional(),
    tokenUrl: endpoint.optional(),
    revocationUrl: endpoint.optional(),
    apiBaseUrl: endpoint.optional(),
    ...credentials,
  })
  .strict();

const garminOverride = z
  .object({
    signInUrl: endpoint.optional(),
    loginUrl: endpoint.optional(),
    mfaUrl: endpoint.optional(),
    ticketExchangeUrl: endpoint.optional(),
    tokenRefreshUrl: endpoint.optional(),
    personalApiTokenUrl: endpoint.optional(),
    apiBaseUrl: endpoint.optional(),
    ...credentials,
  })
  .strict();

export const providerOverridesSchema = z
  .object({
    oura: oauthOverride.optional(),
    whoop: oauthOverride.optional(),
    withings: oauthOverride.optional(),
    garmin: garminOverride.optional(),
  })
  .strict();

export type ProviderOverrides = z.infer<typeof providerOverridesSchema>;
export type OAuthOverride = z.infer<typeof oauthOverride>;

/** Validates an already-parsed overrides object; the error names every bad key and why. */
export function parseProviderOverrides(raw: unknown, source = 'OMNIO_PROVIDERS'): ProviderOverrides {
  const parsed = providerOverridesSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => {
    const where = i.path.join('.') || '(top level)';
    if (i.code === 'unrecognized_keys') {
      return `${where}: unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
    }
    return `${where}: ${i.message}`;
  });
  throw new OmnioError('INVALID_ARGUMENT', `${source} is invalid — ${problems.join('; ')}`);
}

/** Reads the file named by OMNIO_PROVIDERS; an empty object when the variable is unset. */
export function loadProviderOverrides(env: Readonly<Record<string, string | undefined>>): ProviderOverrides {
  const file = env.OMNIO_PROVIDERS?.trim();
  if (!file) return {};
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new OmnioError(
      'INVALID_ARGUMENT',
      `OMNIO_PROVIDERS names ${file}, which cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // Never V8's message: it quotes the text around the error, which may be a client secret.
    const at = /position (\d+)/.exec((err as Error).message)?.[1];
    throw new OmnioError(
      'INVALID_ARGUMENT',
      `OMNIO_PROVIDERS file ${file} is not valid JSON${at ? ` (near character ${at})` : ''}.`,
    );
  }
  return parseProviderOverrides(json, `OMNIO_PROVIDERS file ${file}`);
}

/**
 * The overrides in force: the endpoints the user set in Settings, under
 * OMNIO_PROVIDERS (which wins key by key). Settings values were validated with
 * the same rules when saved; they are checked again here so a hand-edited
 * settings file cannot slip a plain-http endpoint in.
 */
export function mergeOverrides(
  fromSettings: SettingsShape['endpointOverrides'],
  fromEnv: ProviderOverrides,
): ProviderOverrides {
  const settings = parseProviderOverrides(fromSettings, 'Settings (provider endpoints)');
  const merged: ProviderOverrides = { ...fromEnv };
  for (const id of ['oura', 'whoop', 'withings'] as const) {
    if (settings[id]) merged[id] = { ...settings[id], ...fromEnv[id] };
  }
  return merged;
}

/** A built-in OAuth definition with the overridden endpoints applied. */
export function resolveOAuthDefinition(
  id: OAuthProviderDefinition['id'],
  overrides: ProviderOverrides,
): OAuthProviderDefinition {
  const base = BUILT_IN_PROVIDERS[id];
  const o = overrides[id] ?? {};
  return {
    ...base,
    endpoints: {
      authorizationUrl: o.authorizationUrl ?? base.endpoints.authorizationUrl,
      tokenUrl: o.tokenUrl ?? base.endpoints.tokenUrl,
      revocationUrl: o.revocationUrl ?? base.endpoints.revocationUrl,
      apiBaseUrl: o.apiBaseUrl ?? base.endpoints.apiBaseUrl,
    },
  };
}

export function resolveGarminDefinition(overrides: ProviderOverrides): GarminProviderDefinition {
  const base = BUILT_IN_PROVIDERS.garmin;
  const o = overrides.garmin ?? {};
  const endpoints = { ...base.endpoints };
  for (const key of Object.keys(endpoints) as (keyof typeof endpoints)[]) {
    const value = o[key];
    if (value) endpoints[key] = value;
  }
  return { ...base, endpoints };
}

export function isOAuthProviderId(id: ProviderId): id is OAuthProviderDefinition['id'] {
  return id === 'oura' || id === 'whoop' || id === 'withings';
}
