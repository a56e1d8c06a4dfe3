import type { AccountView, AccountsSnapshot, CategorySyncView } from '../../../src-shared/accounts';
import { displayLabels } from '../../../src-shared/account-label';
import { PROVIDERS, type CategoryId } from '../../../src-shared/providers';
import type { AccountRow } from '../accounts/account-repo';
import { categoriesForScopes } from '../providers/definition';
import { BUILT_IN_PROVIDERS, isOAuth } from '../providers/registry';

/** Per-category sync status, supplied by the sync engine once it runs. */
export type CategoryStatusSource = (
  account: AccountRow,
) => Map<CategoryId, Omit<CategorySyncView, 'category' | 'granted'>>;

export function grantedCategories(account: AccountRow): CategoryId[] {
  const def = BUILT_IN_PROVIDERS[account.providerId];
  // Garmin's session and API key give every category Garmin has: there are no scopes.
  if (!isOAuth(def)) return [...PROVIDERS.garmin.categories];
  return categoriesForScopes(def, account.grantedScopes);
}

export function toAccountView(account: AccountRow, statusOf: CategoryStatusSource, hasData: boolean): AccountView {
  const granted = new Set(grantedCategories(account));
  const all = PROVIDERS[account.providerId].categories;
  const statuses = statusOf(account);
  return {
    id: account.id,
    providerId: account.providerId,
    label: account.label,
    status: account.status,
    statusMessage: account.statusMessage,
    grantedCategories: all.filter((c) => granted.has(c)),
    missingCategories: all.filter((c) => !granted.has(c)),
    connectedAt: account.connectedAt,
    credentialExpiresAt: account.credentialExpiresAt,
    categories: all.map((category) => ({
      category,
      granted: granted.has(category),
      lastSuccessAt: null,
      lastAttemptAt: null,
      running: false,
      records: 0,
      coveredFrom: null,
      coveredTo: null,
      nextRunAt: null,
      lastError: null,
      ...statuses.get(category),
    })),
    hasKeptData: hasData && account.status !== 'connected' && account.status !== 'syncing',
  };
}

export function buildSnapshot(
  accounts: AccountRow[],
  statusOf: CategoryStatusSource,
  hasData: (accountId: string) => boolean,
  pending: AccountsSnapshot['pending'],
  online: boolean,
): AccountsSnapshot {
  // Issue 15: what each row shows next to the provider's name: a person's e-mail or name, never an id.
  const labels = displayLabels(accounts);
  return {
    accounts: accounts.map((a) => ({ ...toAccountView(a, statusOf, hasData(a.id)), label: labels.get(a.id) ?? null })),
    pending,
    online,
  };
}
