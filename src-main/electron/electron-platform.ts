import { shell, type BrowserWindow } from 'electron';
import { confirmEndpointChange } from './endpoint-change-dialog';
import { channelFor, type EventName, type EventPayloads } from '../../src-shared/ipc/contract';
import { OmnioError } from '../core/errors';
import type { Logger } from '../core/log/logger';
import type { Platform } from '../core/platform';
import type { SettingsStore } from '../core/settings/settings-store';
import type { Updater } from '../core/update/updater';
import type { KeyStore } from '../core/vault/key-store';
import { isOpenableExternally } from './navigation-policy';
import { focusWindow } from './window';
import { electronFileSaver } from './electron-file-saver';
import { electronBackupOpener } from './electron-backup-opener';

export interface ElectronPlatformParts {
  version: string;
  getWindow: () => BrowserWindow | null;
  keyStore: KeyStore;
  settings: SettingsStore;
  logger: Logger;
  schemeRegistered: boolean;
  /** Issue 14: electron-updater, in the packaged app only (electron-updater-adapter.ts). */
  updater?: Updater;
  /** Issue 13: packaged and not a test build (release-policy.ts). */
  releaseBuild?: boolean;
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
      await shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK: https without credentials, or http to 127.0.0.1 only (isOpenableExternally above, tested)
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
    updater: parts.updater,
    // Issue 13 (item 1): in a release build only this native dialog, drawn by the main process, lets endpoints change.
    releaseBuild: parts.releaseBuild ?? false,
    ...(parts.releaseBuild
      ? { confirmEndpointChange: (change) => confirmEndpointChange(parts.getWindow(), change) }
      : {}),
    fileSaver: electronFileSaver(parts.getWindow), // issue 12
    backupOpener: electronBackupOpener(parts.getWindow), // issue 12
  };
}
