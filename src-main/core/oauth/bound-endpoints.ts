import { originsOf, type TokenOrigins } from '../auth/token-origins';
import type { OAuthProviderDefinition } from '../providers/definition';

// Issue 13, item 1: the origins an OAuth definition (with overrides applied)
// would send tokens to; recorded at connect, compared at every use.

export function currentOrigins(def: OAuthProviderDefinition): TokenOrigins {
  return originsOf({
    token: def.endpoints.tokenUrl,
    api: def.endpoints.apiBaseUrl,
    revocation: def.endpoints.revocationUrl,
  });
}
