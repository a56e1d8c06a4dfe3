import type { EventName, EventPayloads } from '../../src-shared/ipc/contract';
import type { Logger } from './log/logger';
import type { SettingsStore } from './settings/settings-store';
import type { KeyStore } from './vault/key-store';
import type { FileSaver } from './export/file-saver';

/**
 * What a runtime (the Electron app, or the browser host under plain Node) gives
 * the Electron-free core. The core never imports Electron; everything
 * platform-specific comes in through this object.
 */
export interface Platform {
  runtime: 'electron' | 'browser-host';
  version: string;
  /** Open a URL in the user's system browser (never an embedded window). */
  openExternal(url: string): Promise<void>;
  /** Bring the app's window to the front (after an OAuth redirect). */
  focus(): void;
  /** Send an event to every renderer. */
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  keyStore: KeyStore;
  settings: SettingsStore;
  logger: Logger;
  /**
   * The redirect URI style this runtime can receive: a registered private-use
   * scheme, or a loopback listener where the scheme cannot be registered.
   */
  schemeRegistered: boolean;
  /** Issue 12: where exports go (Electron's save dialog, the browser host's downloads); absent, exports are refused. */
  fileSaver?: FileSaver;
}
