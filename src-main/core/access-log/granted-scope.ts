import type { CategoryId } from '../../../src-shared/providers';
import type { AccountRow } from '../accounts/account-repo';
import { BUILT_IN_PROVIDERS, isOAuth } from '../providers/registry';

/**
 * The granted scope(s) a category's requests rely on, space-separated, for the
 * access log. Garmin's session and API key have no scopes: null.
 */
export function grantedScopeFor(account: AccountRow, category: CategoryId): string | null {
  const def = BUILT_IN_PROVIDERS[account.providerId];
  if (!isOAuth(def)) return null;
  const granted = new Set(account.grantedScopes);
  const scopes = def.scopes.filter((g) => g.categories.includes(category) && granted.has(g.scope)).map((g) => g.scope);
  return scopes.length > 0 ? scopes.join(' ') : null;
}
