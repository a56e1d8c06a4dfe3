import type { SecretVault } from '../vault/secret-vault';

// Issue 13, item 1: tokens go only to the origins that issued them.
//
// Provider endpoints can change after a connection was made (Settings, a
// hand-edited settings.json, OMNIO_PROVIDERS at the next launch). Endpoints are
// read again at every use, so without this record a changed token URL would
// receive the refresh token and the client secret. When a grant is issued, the
// origins of the token, API and revocation endpoints are sealed in the vault next
// to the tokens (same owner, AES-GCM bound to owner and field: it cannot be
// edited or copied from another account). Every use compares the endpoint in
// force with that record; a different origin means "reconnect", never "send".

/** Where a grant's secrets may go: scheme + host + port, as URL.origin gives them. */
export interface TokenOrigins {
  /** The token endpoint (refresh; the client secret goes here too). */
  token: string;
  /** The data API (access token as a bearer). */
  api: string;
  /** The revocation endpoint, when the provider has one. */
  revocation: string | null;
}

export type OriginRole = keyof TokenOrigins;

export const ORIGINS_FIELD = 'bound_origins';

export function originOf(url: string): string {
  return new URL(url).origin;
}

export function originsOf(endpoints: { token: string; api: string; revocation: string | null }): TokenOrigins {
  return {
    token: originOf(endpoints.token),
    api: originOf(endpoints.api),
    revocation: endpoints.revocation ? originOf(endpoints.revocation) : null,
  };
}

export function encodeOrigins(origins: TokenOrigins): string {
  return JSON.stringify(origins);
}

/** Null for a record that is absent or not ours (treated as "no binding yet" by the caller). */
export function decodeOrigins(raw: string | null): TokenOrigins | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<TokenOrigins>;
    if (typeof v.token !== 'string' || typeof v.api !== 'string') return null;
    return { token: v.token, api: v.api, revocation: typeof v.revocation === 'string' ? v.revocation : null };
  } catch {
    return null;
  }
}

/** The first role whose origin in force differs from the one the grant was issued for, or null. */
export function changedOrigin(
  bound: TokenOrigins,
  current: TokenOrigins,
  roles: readonly OriginRole[] = ['token', 'api', 'revocation'],
): { role: OriginRole; bound: string | null; current: string | null } | null {
  for (const role of roles) {
    // A provider without a revocation endpoint at connect time may not gain one later and receive tokens.
    if (bound[role] !== current[role]) return { role, bound: bound[role], current: current[role] };
  }
  return null;
}

const ROLE_WORDS: Record<OriginRole, string> = {
  token: 'sign-in (token) address',
  api: 'data (API) address',
  revocation: 'revocation address',
};

/** What the account card says when an endpoint moved: plain words, the two hosts, what to do. */
export function originChangedMessage(
  providerName: string,
  change: NonNullable<ReturnType<typeof changedOrigin>>,
): string {
  return (
    `${providerName}’s ${ROLE_WORDS[change.role]} changed since you connected ` +
    `(${change.bound ?? 'none'} → ${change.current ?? 'none'}). Omnio will not send your ${providerName} ` +
    `access anywhere else. Reconnect to use the new address, or restore the old one in Settings.`
  );
}

/** Seals the origins next to the account's tokens (owner = account id, or a revocation queue entry). */
export async function saveOrigins(vault: SecretVault, owner: string, origins: TokenOrigins): Promise<void> {
  await vault.put(owner, ORIGINS_FIELD, encodeOrigins(origins));
}

/** Null when the grant predates this record (connected before issue 13) or the record is not ours. */
export async function loadOrigins(vault: SecretVault, owner: string): Promise<TokenOrigins | null> {
  return decodeOrigins(await vault.get(owner, ORIGINS_FIELD));
}
