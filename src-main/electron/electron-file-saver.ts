import path from 'node:path';
import { dialog, type BrowserWindow, type SaveDialogOptions } from 'electron';
import type { FileSaver } from '../core/export/file-saver';

/**
 * Issue 12: exports in Electron. The main process asks where to save with the
 * system's save dialog, attached to our window; the renderer never names a
 * path, it only learns the file name that was chosen.
 */
export function electronFileSaver(getWindow: () => BrowserWindow | null): FileSaver {
  return {
    async choose({ suggestedName }) {
      const win = getWindow();
      const options: SaveDialogOptions = {
        defaultPath: suggestedName,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      };
      const chosen = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (chosen.canceled || !chosen.filePath) return null;
      const file = chosen.filePath;
      return {
        path: file,
        delivered: () => ({ kind: 'saved', fileName: path.basename(file) }),
        abandoned: () => undefined,
      };
    },
  };
}
