import type { DisconnectOutcome, RevocationOutcome } from '../../../src-shared/ipc/payloads';
import { PROVIDERS } from '../../../src-shared/providers';
import type { AccountRepo } from '../accounts/account-repo';
import type { Database } from '../db/database';
import { OmnioError } from '../errors';
import type { Logger } from '../log/logger';
import { loadTokens } from '../oauth/token-store';
import { loadOrigins } from '../auth/token-origins';
import type { HealthStore } from '../store/health-store';
import type { SecretVault } from '../vault/secret-vault';
import { purgeAccount } from './purge-account';
import type { GrantTokens } from './revoke-grant';
import { isRevocable } from './revoke-request';
import type { RevocationWorker } from './revocation-worker';
import type { AccessRecorder } from '../access-log/access-record';
import { recordAccessEvent, withAccessLog } from '../access-log/recorded-fetch';

// Issue 15: the message lives in src-shared, where the screen reads it too.
import { KEPT_DATA_MESSAGE } from '../../../src-shared/accounts';
export { KEPT_DATA_MESSAGE };

/** What the sync engine must offer so a disconnect can stop an account for good. */
export interface SyncControl {
  /**
   * Cancels the account's running job and removes its scheduled runs. Resolves
   * once the job has settled: after that no request for the account leaves.
   */
  stopAccount(accountId: string): Promise<void>;
}

export interface DisconnectDeps {
  db: Database;
  accounts: AccountRepo;
  vault: SecretVault;
  store: HealthStore;
  sync: SyncControl;
  revocations: RevocationWorker;
  log: Logger;
  /** Issue 12: the revocation's requests and the disconnect itself go into the access log. */
  accessLog?: AccessRecorder;
}

/**
 * Disconnect in Omnio (docs/disconnect.md), in this order:
 * 1. the account is marked `disconnected` at once, so neither the scheduler
 *    nor the token manager starts anything new for it;
 * 2. its running sync job is cancelled and awaited, its schedule removed;
 * 3. reads its tokens, queues the revocation with a sealed copy of them
 *    (revocation-queue.ts), then deletes every secret of the
 *    account from the vault. A token refresh only runs inside a sync job,
 *    which has settled by now, so none can write tokens back after this;
 * 4. its data is deleted with the account row, or kept under the
 *    `disconnected` account with a message saying so;
 * 5. the provider is asked to revoke the grant where it can; offline or
 *    unreachable, the revocation is queued (revocation-worker.ts).
 */
export async function disconnectAccount(
  deps: DisconnectDeps,
  input: { accountId: string; deleteData: boolean },
): Promise<DisconnectOutcome> {
  const account = deps.accounts.get(input.accountId);
  if (!account) throw new OmnioError('NOT_FOUND', 'This account does not exist (it may already be disconnected).');
  const name = PROVIDERS[account.providerId].name;
  const wasActive = account.status !== 'disconnected' && account.status !== 'needs_reconnect';
  deps.accounts.update(account.id, { status: 'disconnected', statusMessage: KEPT_DATA_MESSAGE });
  await deps.sync.stopAccount(account.id);

  const read =
    account.authMethod === 'oauth2' && isRevocable(account.providerId) ? await readGrant(deps, account.id) : null;
  const grant = read && 'grant' in read ? read.grant : null;
  const queued =
    grant && isRevocable(account.providerId) ? await deps.revocations.queue(account.providerId, grant) : null;
  deps.vault.delete(account.id);

  if (input.deleteData) purgeAccount(deps.db, deps.store, account.id);
  const loggedAs = input.deleteData ? null : account.id;
  deps.log.info('account disconnected', {
    accountId: account.id,
    provider: account.providerId,
    dataDeleted: input.deleteData,
  });

  let revocation: RevocationOutcome;
  if (!isRevocable(account.providerId)) {
    revocation = { kind: 'not_supported', manageAccessUrl: PROVIDERS[account.providerId].manageAccessUrl };
  } else if (!grant || !queued) {
    const why =
      read && 'missing' in read && read.missing === 'unreadable'
        ? 'its stored token can no longer be decrypted'
        : wasActive
          ? 'its token was kept in memory for one session only'
          : 'its access had already ended';
    revocation = {
      kind: 'failed',
      reason: `Omnio holds no ${name} token any more (${why}), so ${name} could not be asked to revoke access. To be sure, remove Omnio in ${name}’s settings: ${PROVIDERS[account.providerId].manageAccessUrl}`,
    };
  } else {
    revocation = await withAccessLog(
      // Deleted data takes the account's log with it: the revocation is then recorded without an account.
      { recorder: deps.accessLog, providerId: account.providerId, accountId: loggedAs, action: 'revocation' },
      () => deps.revocations.revokeQueued(queued, grant),
    );
  }
  recordAccessEvent(deps.accessLog, {
    providerId: account.providerId,
    accountId: loggedAs,
    action: 'disconnect',
    outcome: `${input.deleteData ? 'data deleted' : 'data kept'}; revocation: ${revocation.kind}`,
    at: Date.now(),
  });
  return { accountId: account.id, dataDeleted: input.deleteData, revocation };
}

async function readGrant(
  deps: DisconnectDeps,
  accountId: string,
): Promise<{ grant: GrantTokens } | { missing: 'absent' | 'unreadable' }> {
  try {
    const stored = await loadTokens(deps.vault, accountId);
    if (!stored) return { missing: 'absent' };
    return {
      grant: {
        accessToken: stored.accessToken,
        accessExpiresAt: stored.expiresAt,
        refreshToken: stored.refreshToken,
        // Issue 13: the revocation may only go where the tokens were issued.
        origins: await loadOrigins(deps.vault, accountId),
      },
    };
  } catch (err) {
    deps.log.warn('tokens unreadable at disconnect; nothing to revoke with', { accountId, error: err });
    return { missing: 'unreadable' };
  }
}
