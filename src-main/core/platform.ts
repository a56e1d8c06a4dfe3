import type { EventName, EventPayloads } from '../../src-shared/ipc/contract';
import type { Logger } from './log/logger';
import type { SettingsStore } from './settings/settings-store';
import type { KeyStore } from './vault/key-store';
import type { Updater } from './update/updater';

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
  /**
   * Issue 11: the browser host serves loopback redirects (RFC 8252 §7.3) on its
   * own origin, `http://127.0.0.1:<port>`; absent (or null) in other runtimes.
   */
  hostedRedirectOrigin?: () => string | null;
  /** Issue 14: electron-updater in the packaged app; absent where the runtime does not update itself. */
  updater?: Updater;
}
