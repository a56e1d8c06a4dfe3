import { dialog } from 'electron';
import type { RestoreOutcome } from '../../src-shared/restore';

/**
 * Issue 12: Electron relaunches after a restore (a clean start on the restored
 * database), so the window's outcome would vanish with the process. The main
 * process says it first, natively; the relaunched window's cards then show
 * each restored account as needing to be reconnected.
 */
export async function showRestored(outcome: RestoreOutcome | null): Promise<void> {
  if (!outcome || outcome.kind !== 'restored') {
    await dialog.showMessageBox({
      type: 'warning',
      message: 'The backup was not restored',
      detail: 'This backup could not be opened by this version of Omnio. Your data is as it was before.',
      buttons: ['Continue'],
    });
    return;
  }
  const n = outcome.accounts.length;
  const detail = [
    `Omnio restored ${outcome.fileName} and starts again on it.`,
    n === 0
      ? 'The backup holds no account to reconnect.'
      : n === 1
        ? 'This account is back with its history. Reconnect it to sync again: the backup holds no access tokens.'
        : `These ${n} accounts are back with their history. Reconnect each to sync again: the backup holds no access tokens.`,
    ...outcome.accounts.map((a) => `• ${a.label}`),
  ].join('\n');
  await dialog.showMessageBox({ type: 'info', message: 'Backup restored', detail, buttons: ['Continue'] });
}
