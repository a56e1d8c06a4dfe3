import path from 'node:path';
import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';
import type { BackupOpener } from '../core/backup/backup-opener';
import { OmnioError } from '../core/errors';

/**
 * Issue 12: the backup to restore, in Electron. The main process asks with the
 * system's open dialog, attached to our window; the renderer never names a
 * path (nor an upload: that is the browser host's way).
 */
export function electronBackupOpener(getWindow: () => BrowserWindow | null): BackupOpener {
  return {
    async choose({ uploadId }) {
      if (uploadId) throw new OmnioError('INVALID_ARGUMENT', 'Omnio asks for the backup file itself.');
      const win = getWindow();
      const options: OpenDialogOptions = {
        title: 'Restore from a backup',
        properties: ['openFile'],
        filters: [
          { name: 'Omnio backup', extensions: ['omnio-backup'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const chosen = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      const file = chosen.filePaths[0];
      if (chosen.canceled || !file) return null;
      // The person's own file: read, never moved or deleted.
      return { path: file, fileName: path.basename(file), release: () => undefined };
    },
  };
}
