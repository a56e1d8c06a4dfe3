import type { RestoreOutcome } from '../../../src-shared/restore';
import { OmnioError } from '../errors';
import type { Logger } from '../log/logger';
import type { Platform } from '../platform';
import { applyStagedRestore, backupAccounts, checkBackup, stageRestore } from './backup';

// Issue 12: "Restore from a backup…", while the app runs. In this order:
// 1. the platform's BackupOpener hands over the file (Electron's open dialog,
//    or the browser host's upload of the file the person picked);
// 2. the file is checked (checkBackup: integrity, schema version, accounts
//    table) before anything is touched; a bad file is refused with words and
//    the current data stays as it is;
// 3. a copy is staged next to the database, and the core closes (sync stops,
//    the database closes);
// 4. applyStagedRestore swaps it in, keeping the previous database until the
//    restored one has opened and migrated (or putting it back);
// 5. the runtime starts again on the restored data (Platform.restartAfterRestore).

export interface RestoreDeps {
  database: string;
  platform: Pick<Platform, 'backupOpener' | 'restartAfterRestore'>;
  log: Logger;
  closeCore(): Promise<void>;
}

export async function restoreFromBackup(deps: RestoreDeps, uploadId: string | undefined): Promise<RestoreOutcome> {
  const { backupOpener: opener, restartAfterRestore: restart } = deps.platform;
  if (!opener || !restart) throw new OmnioError('INVALID_ARGUMENT', 'This version of Omnio cannot restore backups.');
  const chosen = await opener.choose(uploadId ? { uploadId } : {});
  if (!chosen) return { kind: 'cancelled' };
  let outcome: RestoreOutcome;
  try {
    const problem = checkBackup(chosen.path);
    if (problem) {
      deps.log.warn('restore refused: the file is not a sound backup');
      throw new OmnioError('INVALID_ARGUMENT', problem);
    }
    outcome = { kind: 'restored', fileName: chosen.fileName, accounts: backupAccounts(chosen.path) };
    stageRestore(chosen.path, deps.database);
  } finally {
    chosen.release();
  }
  deps.log.info('restore: staged; closing to swap the database', { accounts: outcome.accounts.length });
  await deps.closeCore();
  const applied = applyStagedRestore(deps.database);
  deps.log.info('restore: applied', { outcome: applied });
  // After this call's answer has gone out (setImmediate runs after the reply is queued).
  if (applied !== 'restored') {
    setImmediate(() => restart(null));
    throw new OmnioError(
      'INVALID_ARGUMENT',
      'This backup could not be opened by this version of Omnio. Your data is as it was before.',
    );
  }
  setImmediate(() => restart(outcome));
  return outcome;
}
