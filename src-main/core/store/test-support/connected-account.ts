import { AccountRepo } from '../../accounts/account-repo';
import type { Database } from '../../db/database';

/**
 * A connected Oura account in `db`, for tests of the store and its writers (which care about the account
 * row, not its tokens or grants): its id.
 */
export function connectedOuraAccount(
  db: Database,
  options: { user?: string; grantedScopes?: string[]; now?: () => Date } = {},
): string {
  const user = options.user ?? 'u';
  return new AccountRepo(db, options.now).create({
    providerId: 'oura',
    providerUserId: user,
    label: user,
    authMethod: 'oauth2',
    status: 'connected',
    grantedScopes: options.grantedScopes ?? ['daily', 'heartrate'],
  }).id;
}
