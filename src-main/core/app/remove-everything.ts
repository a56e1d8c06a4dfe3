import fs from 'node:fs';
import path from 'node:path';
import { PROVIDERS } from '../../../src-shared/providers';
import type { RemovedAccount, RemoveEverythingOutcome } from '../../../src-shared/remove-everything';
import type { AccountRepo } from '../accounts/account-repo';
import type { Handlers } from '../ipc/dispatch';
import type { Logger } from '../log/logger';
import { PartialFiles } from '../export/partial-files';

// Issue 12 (item 4): "Remove everything" (docs/security.md). In this order:
// 1. every account is disconnected with its data deleted (disconnect-account.ts):
//    its sync stops, its tokens leave the vault, and the provider is asked to
//    revoke the grant. Best effort, within a short time limit: offline, the
//    revocation is not attempted (the queue is about to be deleted with the
//    database), and the outcome names the provider's page where the person
//    removes Omnio's access themselves;
// 2. the core closes (sync stops for good, the database closes);
// 3. every file Omnio keeps in the data directory is deleted: the database with
//    its -wal/-shm and any staged or kept-aside restore, the vault's key file,
//    settings, logs, the host's downloads and uploads, and the temporary files of exports a
//    killed process left next to their targets (with their list). The
//    vault's entries and the access log are rows of the database.
// The runtime then starts again as on first run (Platform.restartAfterRemoval).

/** How long revocations may take in all before the data is deleted anyway. */
export const REVOCATION_TIME_LIMIT_MS = 8_000;

/**
 * What Omnio writes into the data directory (paths.ts and the stores that use
 * it). Only these are deleted: the directory may be one the person chose
 * (OMNIO_DATA_DIR), and what Omnio did not write there is not Omnio's to delete.
 */
const OMNIO_FILES = [/^omnio\.sqlite/, /^settings\.json/, /^vault-key\.json/, /^partial-exports\.json/];
const OMNIO_DIRS = new Set(['logs', 'downloads', 'uploads']);

export interface RemoveEverythingDeps {
  dataDir: string;
  accounts: AccountRepo;
  disconnect: Handlers['disconnect'];
  isOnline(): boolean;
  log: Logger;
  /** Tries revocations queued by earlier disconnects (offline then); never throws. */
  retryQueued?(): Promise<void>;
  /** Closes the whole core: sync, timers, the database. */
  closeCore(): Promise<void>;
  timeLimitMs?: number;
}

export async function removeEverything(deps: RemoveEverythingDeps): Promise<RemoveEverythingOutcome> {
  const accounts = deps.accounts.list();
  deps.log.info('remove everything: started', { accounts: accounts.length, online: deps.isOnline() });
  const limit = deps.timeLimitMs ?? REVOCATION_TIME_LIMIT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<'time-up'>((resolve) => {
    timer = setTimeout(() => resolve('time-up'), limit);
  });
  const removed = await Promise.all(
    accounts.map(async (account): Promise<RemovedAccount> => {
      const name = account.label ?? PROVIDERS[account.providerId].name;
      const done = deps.disconnect({ accountId: account.id, deleteData: true }).then(
        (outcome) => outcome.revocation.kind === 'revoked',
        (err: unknown) => {
          deps.log.warn('remove everything: disconnect failed', { accountId: account.id, error: err });
          return false;
        },
      );
      const revoked = (await Promise.race([done, timeUp])) === true;
      return {
        providerId: account.providerId,
        label: name,
        revoked,
        manageAccessUrl: revoked ? null : PROVIDERS[account.providerId].manageAccessUrl,
      };
    }),
  );
  if (deps.isOnline() && deps.retryQueued) await Promise.race([deps.retryQueued(), timeUp]);
  clearTimeout(timer);
  deps.log.info('remove everything: revocations done', { revoked: removed.filter((a) => a.revoked).length });
  await deps.closeCore();
  // An export's temporary file sits next to its target, outside the data dir; one a killed process left is listed.
  new PartialFiles(deps.dataDir).sweep();
  const left = deleteOmnioFiles(deps.dataDir);
  // The log file is gone; this line reaches only stderr (and an unlinked file).
  if (left.length > 0) deps.log.warn('remove everything: entries not Omnio’s were left', { entries: left.length });
  return { accounts: removed };
}

/** Deletes every file and folder Omnio keeps in `dataDir`; returns the names of entries it left. */
export function deleteOmnioFiles(dataDir: string): string[] {
  const left: string[] = [];
  let entries: string[];
  try {
    entries = fs.readdirSync(dataDir);
  } catch {
    return left;
  }
  for (const name of entries) {
    const isOmnio = OMNIO_DIRS.has(name) || OMNIO_FILES.some((re) => re.test(name));
    if (isOmnio) fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
    else left.push(name);
  }
  return left;
}
