import { shell, type BrowserWindow } from 'electron';
import { channelFor, type EventName, type EventPayloads } from '../../src-shared/ipc/contract';
import { OmnioError } from '../core/errors';
import type { Logger } from '../core/log/logger';
import type { Platform } from '../core/platform';
import type { SettingsStore } from '../core/settings/settings-store';
import type { KeyStore } from '../core/vault/key-store';
import { isOpenableExternally } from './navigation-policy';
import { focusWindow } from './window';
import { electronFileSaver } from './electron-file-saver';

export interface ElectronPlatformParts {
  version: string;
  getWindow: () => BrowserWindow | null;
  keyStore: KeyStore;
  settings: SettingsStore;
  logger: Logger;
  schemeRegistered: boolean;
}

/** The Platform the core gets inside Electron: real system browser, OS keyring, the one window. */
export function electronPlatform(parts: ElectronPlatformParts): Platform {
  const log = parts.logger.child('platform');
  return {
    runtime: 'electron',
    version: parts.version,
    async openExternal(url) {
      if (!isOpenableExternally(url)) {
        log.warn('refused to open a URL in the system browser', { length: url.length });
        throw new OmnioError('INVALID_ARGUMENT', 'Omnio only opens secure (https) pages in your browser.');
      }
      await shell.openExternal(url);
    },
    focus: () => focusWindow(parts.getWindow()),
    emit<E extends EventName>(event: E, payload: EventPayloads[E]) {
      // The main process opens the system browser itself; the page never gets URLs to open.
      if (event === 'openExternal') return;
      const win = parts.getWindow();
      if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
      win.webContents.send(channelFor(event), payload);
    },
    keyStore: parts.keyStore,
    settings: parts.settings,
    logger: parts.logger,
    schemeRegistered: parts.schemeRegistered,
    fileSaver: electronFileSaver(parts.getWindow), // issue 12
  };
}
