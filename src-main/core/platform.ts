import type { EventName, EventPayloads } from '../../src-shared/ipc/contract';
import type { Logger } from './log/logger';
import type { SettingsStore } from './settings/settings-store';
import type { KeyStore } from './vault/key-store';
import type { Updater } from './update/updater';
import type { FileSaver } from './export/file-saver';
import type { RemoveEverythingOutcome } from '../../src-shared/remove-everything';
import type { RestoreOutcome } from '../../src-shared/restore';
import type { BackupOpener } from './backup/backup-opener';

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

  // ── Issue 13 (items 1 and 3): release builds ───────────────────────────────
  /**
   * A packaged build that is not a test build: QA switches (OMNIO_*), plain-http
   * endpoints and the stand-in key store are refused, and the window may change
   * provider endpoints only after `confirmEndpointChange` said yes. Absent: false.
   */
  releaseBuild?: boolean;
  /**
   * Release builds: asks the person, in a dialog the main process draws (never the
   * renderer), whether these provider endpoints may be used. False when declined.
   */
  confirmEndpointChange?(change: EndpointChangeRequest): Promise<boolean>;
  /**
   * Issue 13 (item 2): the browser host without --demo or --allow-real-providers.
   * Sign-ins to anything but a 127.0.0.1 simulator are refused (local-providers-only.ts).
   */
  localProvidersOnly?: boolean;
  /** Issue 12: where exports go (Electron's save dialog, the browser host's downloads); absent, exports are refused. */
  fileSaver?: FileSaver;
  /**
   * Issue 12 (item 4): called once "Remove everything" deleted the data and closed the core: the
   * runtime starts again as on first run (the browser host re-creates the core; Electron relaunches).
   */
  restartAfterRemoval?(outcome: RemoveEverythingOutcome): void;
  /** Issue 12: where a backup to restore comes from (Electron's open dialog, the browser host's uploads). */
  backupOpener?: BackupOpener;
  /**
   * Issue 12: called once a restore swapped the database and closed the core: the runtime starts
   * again on the restored data (the browser host re-creates the core; Electron relaunches). Also
   * after a restore that failed and put the previous database back (`outcome` is then null).
   */
  restartAfterRestore?(outcome: RestoreOutcome | null): void;
}

/** What the confirmation names: the provider and the new addresses, so the person sees where tokens would go. */
export interface EndpointChangeRequest {
  providerName: string;
  endpoints: Partial<Record<'authorizationUrl' | 'tokenUrl' | 'revocationUrl' | 'apiBaseUrl', string>>;
}
