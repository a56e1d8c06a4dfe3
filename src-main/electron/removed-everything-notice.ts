import { dialog } from 'electron';
import { PROVIDERS } from '../../src-shared/providers';
import type { RemoveEverythingOutcome } from '../../src-shared/remove-everything';

/**
 * Issue 12 (item 4): Electron relaunches after "Remove everything", so the
 * window's outcome dialog would vanish with the process. The main process says
 * it first, natively: what was done, and where the person must still remove
 * Omnio's access because the provider could not be asked.
 */
export async function showRemovedEverything(outcome: RemoveEverythingOutcome): Promise<void> {
  const pending = outcome.accounts.filter((a) => !a.revoked);
  const detail =
    pending.length === 0
      ? 'Omnio deleted your synced data, account tokens, settings and logs from this computer and starts again as new.'
      : [
          'Omnio deleted your synced data, account tokens, settings and logs from this computer and starts again as new.',
          'It could not revoke its access at these providers (offline or no answer). Remove it on their site:',
          ...pending.map((a) => `• ${PROVIDERS[a.providerId].name} (${a.label}): ${a.manageAccessUrl ?? ''}`),
        ].join('\n');
  await dialog.showMessageBox({ type: 'info', message: 'Everything was removed', detail, buttons: ['Start again'] });
}
