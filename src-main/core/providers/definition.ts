import type { CategoryId, ProviderId } from '../../../src-shared/providers';

/**
 * Everything Omnio knows about talking to one provider, in one place. Every
 * URL here can be overridden through OMNIO_PROVIDERS (docs/qa.md) or Settings,
 * so nothing else in the code may hard-code a provider URL.
 */
export interface OAuthEndpoints {
  authorizationUrl: string;
  tokenUrl: string;
  /** Where Omnio revokes its grant; null when the provider has none. */
  revocationUrl: string | null;
  apiBaseUrl: string;
}

export interface GarminEndpoints {
  signInUrl: string;
  loginUrl: string;
  mfaUrl: string;
  ticketExchangeUrl: string;
  tokenRefreshUrl: string;
  personalApiTokenUrl: string;
  apiBaseUrl: string;
}

export interface ClientCredentials {
  clientId: string;
  clientSecret: string | null;
  redirectUri: string;
}

export interface ScopeGrant {
  scope: string;
  /** Categories this scope unlocks (a category may need several scopes: see `categoryScopes`). */
  categories: CategoryId[];
  /** Why Omnio asks for it, shown before the browser opens. */
  why: string;
}

export interface OAuthProviderDefinition {
  id: Exclude<ProviderId, 'garmin'>;
  kind: 'oauth2';
  endpoints: OAuthEndpoints;
  scopes: ScopeGrant[];
  /** Scopes always requested whatever the categories (offline access, profile for the user id). */
  baseScopes: string[];
  /** How the provider separates scopes in the authorization request. */
  scopeSeparator: ' ' | ',';
  /** State length the provider insists on, if any (WHOOP: exactly 8). */
  stateLength: number | null;
  /** Whether a refresh invalidates the previous refresh token. */
  rotatesRefreshTokens: boolean;
  /** Access-token lifetime when the provider omits expires_in, seconds. */
  defaultAccessTokenSeconds: number;
  /** Whether the provider requires an https redirect (Withings): then the bounce page is used. */
  requiresHttpsRedirect: boolean;
}

export interface GarminProviderDefinition {
  id: 'garmin';
  kind: 'garmin-session';
  endpoints: GarminEndpoints;
}

export type ProviderDefinition = OAuthProviderDefinition | GarminProviderDefinition;

/** Categories unlocked by a set of granted scopes. */
export function categoriesForScopes(def: OAuthProviderDefinition, granted: readonly string[]): CategoryId[] {
  const set = new Set(granted);
  const out = new Set<CategoryId>();
  for (const g of def.scopes) if (set.has(g.scope)) g.categories.forEach((c) => out.add(c));
  return [...out];
}

/** Scopes to request for the chosen categories. */
export function scopesForCategories(def: OAuthProviderDefinition, categories: readonly CategoryId[]): string[] {
  const wanted = new Set(categories);
  const scopes = new Set(def.baseScopes);
  for (const g of def.scopes) if (g.categories.some((c) => wanted.has(c))) scopes.add(g.scope);
  return [...scopes];
}
